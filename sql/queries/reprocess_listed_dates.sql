-- When these documents' listings dated them (the key list, one placeholder per doc_id).
SELECT doc_id, published_at, published_source FROM articles WHERE doc_id IN ({keys})
