-- A site's pages to fetch again tonight, most recent first: first seen in the last $days days,
-- not removed, and neither fetched nor revisited in the last $every hours (a page is asked
-- about at most once a day, however often carta runs).
WITH checked AS (
    SELECT canonical_url, max(checked_at) AS at FROM revisits WHERE site = $site GROUP BY ALL
)
SELECT d.canonical_url, any_value(d.language)
FROM documents d
LEFT JOIN checked c USING (canonical_url)
WHERE d.site = $site
  AND d.canonical_url NOT IN (SELECT canonical_url FROM tombstones)
GROUP BY d.canonical_url
HAVING min(d.first_seen_at) >= now() - to_days(CAST($days AS INTEGER))
   AND max(d.last_seen_at) < now() - to_hours(CAST($every AS INTEGER))
   AND coalesce(max(c.at), TIMESTAMPTZ '1970-01-01') < now() - to_hours(CAST($every AS INTEGER))
ORDER BY min(d.first_seen_at) DESC, d.canonical_url
