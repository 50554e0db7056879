-- The pages of these stories (the key list, one placeholder per story_id).
SELECT story_id, canonical_url FROM documents WHERE story_id IN ({keys})
