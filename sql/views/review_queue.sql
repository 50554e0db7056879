-- review_queue: what deserves a human look, most important first, each with its reason and
-- evidence: sources that disagree on a meeting's day or city (1), corrections whose meeting is
-- gone (1), a status that changed or a meeting withdrawn in the last 30 days (2), a held
-- meeting whose day is unknown (3). A field an analyst corrected is not listed again.
CREATE OR REPLACE VIEW review_queue AS
WITH claims AS (
    SELECT
        x.meeting_id,
        list(DISTINCT x.city_claimed ORDER BY x.city_claimed)
            FILTER (WHERE x.city_claimed IS NOT NULL) AS cities,
        list(DISTINCT CAST(x.date_claimed AS VARCHAR) ORDER BY CAST(x.date_claimed AS VARCHAR))
            FILTER (WHERE x.date_claimed IS NOT NULL) AS days,
        list(DISTINCT x.source_url ORDER BY x.source_url)
            FILTER (WHERE x.source_url IS NOT NULL) AS urls,
        string_agg(left(x.snippet, 160), ' | ' ORDER BY x.mention_id) AS snippets
    FROM meeting_mentions x
    WHERE x.provenance = 'extracted'
    GROUP BY x.meeting_id
),
live AS (
    SELECT m.*, c.cities, c.days, c.urls, c.snippets
    FROM meetings m LEFT JOIN claims c USING (meeting_id)
    WHERE m.withdrawn_at IS NULL
)
SELECT 1 AS priority, meeting_id, 'sources disagree on the city: '
       || array_to_string(cities, ', ') AS reason, snippets AS evidence, urls AS source_urls,
       updated_at AS since
FROM live
WHERE len(cities) > 1 AND NOT list_contains(coalesce(corrected, []), 'city')
UNION ALL
SELECT 1, meeting_id, 'sources disagree on the day: ' || array_to_string(days, ', '), snippets,
       urls, updated_at
FROM live
WHERE len(days) > 1 AND NOT list_contains(coalesce(corrected, []), 'date')
UNION ALL
SELECT 1, meeting_id, 'a correction no longer applies (its meeting is gone): ' || action
       || coalesce(' ' || field, '') || coalesce(' = ' || value, ''), why, NULL, made_at
FROM corrections
WHERE state = 'stale'
UNION ALL
SELECT 2, h.meeting_id, 'status changed from ' || coalesce(h.old_value, '?') || ' to '
       || coalesce(h.new_value, '?') || ' (' || h.why || ')', l.snippets, l.urls, h.changed_at
FROM meeting_history h JOIN live l USING (meeting_id)
WHERE h.field = 'status' AND h.changed_at >= now() - INTERVAL 30 DAY
UNION ALL
SELECT 2, meeting_id, 'withdrawn: ' || withdrawn_why, NULL, NULL, withdrawn_at
FROM meetings
WHERE withdrawn_at >= now() - INTERVAL 30 DAY
UNION ALL
SELECT 3, meeting_id, 'held, but its day is known only to the ' || date_precision, snippets,
       urls, updated_at
FROM live
WHERE status = 'held' AND date_precision IN ('month', 'year')
  AND NOT list_contains(coalesce(corrected, []), 'date');
