-- The stories whose claims count for the meeting $id.
SELECT DISTINCT story_id FROM meeting_mentions WHERE meeting_id = $id AND story_id IS NOT NULL
ORDER BY story_id
