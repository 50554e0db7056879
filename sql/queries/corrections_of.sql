-- The corrections of the meetings $ids, and the merges into them, oldest first.
SELECT correction_id, meeting_id, action, field, value, why, author, made_at FROM corrections
WHERE list_contains($ids::VARCHAR[], meeting_id)
   OR (action = 'merge' AND list_contains($ids::VARCHAR[], value))
ORDER BY made_at, correction_id
