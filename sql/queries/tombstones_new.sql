-- Pages whose last two revisits answered 404 or 410 and are not tombstones yet become ones.
INSERT INTO tombstones
SELECT canonical_url, any_value(site), max(checked_at),
       'the page answered ' || string_agg(CAST(status_code AS VARCHAR), ' then ' ORDER BY checked_at)
           || ' on two revisits',
       $run_id
FROM (
    SELECT *, row_number() OVER (PARTITION BY canonical_url ORDER BY checked_at DESC) AS n
    FROM revisits
    WHERE canonical_url NOT IN (SELECT canonical_url FROM tombstones)
) r
WHERE n <= 2
GROUP BY canonical_url
HAVING count(*) = 2 AND bool_and(coalesce(status_code IN (404, 410), false))
RETURNING canonical_url
