-- The story and first sighting of these documents (the key list, one placeholder per doc_id).
SELECT doc_id, story_id, first_seen_at FROM documents WHERE doc_id IN ({keys})
