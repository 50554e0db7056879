-- What these stories said before (the key list, one placeholder per story_id).
SELECT mention_id, meeting_id, story_id FROM meeting_mentions WHERE story_id IN ({keys})
