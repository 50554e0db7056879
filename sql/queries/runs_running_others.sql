-- Runs other than $run_id still marked running (to find those whose process is gone).
SELECT run_id, pid, host, started_at FROM runs WHERE status = 'running' AND run_id <> $run_id
