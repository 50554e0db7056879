-- Whether each correction still applies: stale when its meeting is gone.
UPDATE corrections
SET state = CASE WHEN EXISTS (SELECT 1 FROM meetings m WHERE m.meeting_id = corrections.meeting_id)
                 THEN 'applied' ELSE 'stale' END,
    checked_at = $now
