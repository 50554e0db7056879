SELECT run_id, kind, status, started_at, finished_at FROM runs ORDER BY started_at DESC LIMIT 5
