-- By id (the key list, one placeholder per meeting_id).
WHERE meeting_id IN ({keys})
