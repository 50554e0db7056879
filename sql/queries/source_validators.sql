-- The newest ETag and Last-Modified of each URL of a site fetched since $since, so the next
-- run can ask "changed since?" and a 304 costs no parsing.
SELECT url, purpose, arg_max(content_hash, requested_at), arg_max(etag, requested_at),
       arg_max(last_modified, requested_at)
FROM fetches
WHERE site = $site AND outcome = 'ok'
  AND purpose IN ('article', 'listing', 'feed', 'sitemap', 'api')
  AND (etag IS NOT NULL OR last_modified IS NOT NULL)
  AND (CAST($since AS TIMESTAMPTZ) IS NULL OR requested_at >= $since)
GROUP BY url, purpose
