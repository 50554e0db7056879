-- (the key list, one placeholder per mention_id)
DELETE FROM meeting_mentions WHERE mention_id IN ({keys})
