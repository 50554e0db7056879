-- The extracted mentions of these meetings, with the meeting's format and countries, to
-- reconcile each meeting from all its claims (the key list, one placeholder per meeting_id).
SELECT x.*, m.format AS m_format, m.countries AS m_countries
FROM meeting_mentions x JOIN meetings m USING (meeting_id)
WHERE x.meeting_id IN ({keys}) AND x.provenance = 'extracted'
ORDER BY x.mention_id
