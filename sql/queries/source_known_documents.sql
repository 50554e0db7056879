-- What the warehouse holds for a site: the latest revision of each document seen since $since
-- (all of them when $since is NULL), with its hashes and publication date.
SELECT d.canonical_url, d.content_hash, a.text_hash, d.revision, a.published_date
FROM documents d LEFT JOIN articles a ON a.doc_id = d.doc_id
WHERE d.site = $site
  AND (CAST($since AS TIMESTAMPTZ) IS NULL OR d.first_seen_at >= $since OR d.last_seen_at >= $since)
QUALIFY row_number() OVER (PARTITION BY d.canonical_url ORDER BY d.revision DESC) = 1
