-- The text hash of these documents' articles (the key list, one placeholder per doc_id).
SELECT doc_id, text_hash FROM articles WHERE doc_id IN ({keys})
