-- The next batch of stories to re-read, in the order they were stored: after row $start, of
-- the sites $sites (all when empty), at most $batch. The dated slot is empty or
-- reprocess_stories_dated.sql. raw_bytes is set with raw_zlib: testing the blob column itself
-- makes DuckDB read every stored page.
SELECT d.story_id, min(d.rowid) AS first_row FROM documents d
WHERE d.raw_bytes IS NOT NULL
  AND (len($sites::VARCHAR[]) = 0 OR list_contains($sites::VARCHAR[], d.site))
  {dated}
GROUP BY d.story_id HAVING min(d.rowid) > $start ORDER BY first_row LIMIT $batch
