-- The robots.txt files of a site fetched within a day: read again, not fetched again.
SELECT origin, fetched_at, body FROM robots_txt
WHERE site = $site AND fetched_at >= now() - INTERVAL 1 DAY
