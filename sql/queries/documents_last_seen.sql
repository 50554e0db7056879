-- When these documents were last seen (the key list, one placeholder per doc_id).
SELECT doc_id, last_seen_at FROM documents WHERE doc_id IN ({keys})
