-- The stored pages by row id: asked by doc_id, DuckDB answers a query that returns the blob
-- column with a scan of every stored page.
SELECT doc_id, story_id, canonical_url, source_id, site, language, content_type,
       raw_zlib, content_hash, last_seen_at
FROM documents WHERE rowid = ANY($rowids)
