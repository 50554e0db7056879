UPDATE runs SET status = 'aborted', finished_at = $now, summary = $summary WHERE run_id = $run_id
