-- meeting_timeline: every meeting with its date as precisely as it is known, its venue, how many
-- people are known to have attended, how many stories report it, and the earliest source.
-- `date` is only set when the day is known; `year` / `month` / `date_precision` say the rest.
-- A withdrawn meeting (merged, not relevant, no longer supported) is in `deletions` instead.
CREATE OR REPLACE VIEW meeting_timeline AS
WITH parts AS (
    SELECT meeting_id, count(*) AS n_participants FROM participations GROUP BY meeting_id
),
ments AS (
    SELECT
        meeting_id,
        count(*) AS n_mentions,
        arg_min(source_url, [coalesce(published_date, DATE '9999-12-31')::VARCHAR, source_url])
            FILTER (WHERE source_url IS NOT NULL) AS first_source_url
    FROM meeting_mentions
    GROUP BY meeting_id
)
SELECT
    m.meeting_id,
    m.date,
    m.event_type,
    m.format,
    m.ordinal,
    m.status,
    m.city,
    m.host_country,
    coalesce(p.n_participants, 0) AS n_participants,
    coalesce(x.n_mentions, 0) AS n_mentions,
    x.first_source_url,
    m.year,
    m.month,
    m.date_precision,
    m.date_as_quoted,
    m.series,
    m.countries,
    m.title,
    m.provenance,
    m.corrected
FROM meetings m
LEFT JOIN parts p USING (meeting_id)
LEFT JOIN ments x USING (meeting_id)
WHERE m.withdrawn_at IS NULL;
