-- The archived pages of these stories (the key list, one placeholder per story_id).
SELECT doc_id, canonical_url, revision, raw_bytes, rowid FROM documents WHERE story_id IN ({keys})
