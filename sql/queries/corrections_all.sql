-- Every correction, oldest first.
SELECT correction_id, meeting_id, action, field, value, why, author, made_at FROM corrections
ORDER BY made_at, correction_id
