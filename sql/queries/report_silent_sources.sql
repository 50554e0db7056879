-- Enabled sources with no new document for longer than they are allowed.
SELECT h.source, h.site, s.silent_after_days
FROM source_health h JOIN sources s ON s.source_id = h.source
WHERE h.state = 'silent' AND s.enabled
ORDER BY h.source
