-- Every stored revision of these canonical URLs (the key list, one placeholder per URL).
SELECT canonical_url, doc_id, revision, story_id, content_hash FROM documents
WHERE canonical_url IN ({keys})
