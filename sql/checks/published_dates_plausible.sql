-- No publication date no one could have printed: before 1991, or after the day the page was
-- first fetched (a site's broken clock: carta drops such a date when it parses the page).
SELECT a.doc_id, a.published_date, d.first_seen_at
FROM articles a
JOIN documents d USING (doc_id)
WHERE a.published_date < DATE '1991-01-01'
   OR a.published_date > CAST(d.first_seen_at AS DATE) + INTERVAL 1 DAY;
