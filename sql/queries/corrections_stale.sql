-- Corrections whose meeting is gone: reported, never dropped.
SELECT correction_id, meeting_id, action, field, value, why, author, made_at FROM corrections
WHERE state = 'stale' ORDER BY made_at, correction_id
