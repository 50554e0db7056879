-- What the run $run_id changed in the meetings, for its report.
SELECT meeting_id, field, old_value, new_value, why FROM meeting_changes
WHERE run_id = $run_id ORDER BY meeting_id, field
