-- A site's pages to fetch again tonight, most recent first: first seen (revision 1) in the last
-- $days days, not removed, and neither fetched nor revisited in the last $every hours (a page
-- is asked about at most once a day, however often carta runs). Every revision of such a page
-- was first seen inside the window too, so the filter on first_seen_at reads only the recent
-- part of the archive (DuckDB's zone maps skip the rest): the cost does not grow with history.
WITH checked AS (
    SELECT DISTINCT canonical_url FROM revisits
    WHERE site = $site AND checked_at >= now() - to_hours(CAST($every AS INTEGER))
)
SELECT d.canonical_url, arg_min(d.language, d.revision)
FROM documents d
WHERE d.site = $site
  AND d.first_seen_at >= now() - to_days(CAST($days AS INTEGER))
  AND d.canonical_url NOT IN (SELECT canonical_url FROM tombstones)
  AND d.canonical_url NOT IN (SELECT canonical_url FROM checked)
GROUP BY d.canonical_url
HAVING min(d.revision) = 1
   AND max(d.last_seen_at) < now() - to_hours(CAST($every AS INTEGER))
ORDER BY min(d.first_seen_at) DESC, d.canonical_url
