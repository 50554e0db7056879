-- Every correction as `carta corrections list` shows it, oldest first.
SELECT made_at, meeting_id, action, field, value, state, author, why, correction_id
FROM corrections ORDER BY made_at, correction_id
