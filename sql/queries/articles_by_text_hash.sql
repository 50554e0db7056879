-- The articles with these text hashes, with their length (the key list, one placeholder per hash).
SELECT doc_id, text_hash, length(body_text) FROM articles WHERE text_hash IN ({keys})
