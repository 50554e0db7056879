-- The meetings a night added or changed, for its report: date as precise as known, and the
-- pages that report each.
SELECT t.meeting_id,
       coalesce(CAST(t.date AS VARCHAR),
                CAST(t.year AS VARCHAR) || coalesce('-' || lpad(CAST(t.month AS VARCHAR), 2, '0'), ''))
           AS date,
       t.event_type, t.status, t.city, t.n_mentions,
       (SELECT list(DISTINCT x.source_url ORDER BY x.source_url) FROM meeting_mentions x
        WHERE x.meeting_id = t.meeting_id AND x.source_url IS NOT NULL) AS sources
FROM meeting_timeline t
WHERE t.meeting_id IN (SELECT unnest($ids::VARCHAR[]))
ORDER BY t.meeting_id
