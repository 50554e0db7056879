-- A run whose load did not finish, once its spool has been loaded by another: failed if it was
-- still running, with a note of who loaded its data.
UPDATE runs
SET status = CASE status WHEN 'running' THEN 'failed' ELSE status END,
    finished_at = coalesce(finished_at, $now),
    summary = concat_ws('; ', summary, $note)
WHERE run_id = $run_id
