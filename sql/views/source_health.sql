-- source_health: is each source (site and language) being read, and is it producing news?
--   never_run - no request was ever made for it
--   blocked   - its latest listing request met a bot challenge, JS shell, login or captcha page
--   failing   - its latest listing request failed (unreachable, HTTP error, refused, bad content)
--   silent    - it answers, but no new document for longer than its silent_after_days
--   ok        - otherwise
CREATE OR REPLACE VIEW source_health AS
WITH f AS (
    SELECT
        source_id,
        max(requested_at) FILTER (WHERE outcome IN ('ok', 'not_modified')) AS last_success_at,
        arg_max(outcome, requested_at) FILTER (WHERE purpose IN ('listing', 'api', 'probe'))
            AS last_listing_outcome,
        min(requested_at) AS first_request_at,
        count(*) FILTER (WHERE outcome NOT IN ('ok', 'not_modified')
                         AND requested_at >= now() - INTERVAL 7 DAY) AS errors_7d
    FROM fetches
    WHERE source_id IS NOT NULL
    GROUP BY source_id
),
d AS (
    SELECT
        source_id,
        max(first_seen_at) AS last_new_article_at,
        count(*) FILTER (WHERE first_seen_at >= now() - INTERVAL 7 DAY) AS docs_7d,
        count(*) FILTER (WHERE first_seen_at >= now() - INTERVAL 30 DAY) AS docs_30d
    FROM documents
    WHERE source_id IS NOT NULL
    GROUP BY source_id
)
SELECT
    s.source_id AS source,
    f.last_success_at,
    d.last_new_article_at,
    coalesce(d.docs_7d, 0) AS docs_7d,
    coalesce(d.docs_30d, 0) AS docs_30d,
    coalesce(f.errors_7d, 0) AS errors_7d,
    CASE
        WHEN f.source_id IS NULL THEN 'never_run'
        WHEN f.last_listing_outcome = 'blocked' THEN 'blocked'
        WHEN f.last_listing_outcome NOT IN ('ok', 'not_modified') THEN 'failing'
        WHEN coalesce(d.last_new_article_at, f.first_request_at)
             < now() - to_days(s.silent_after_days) THEN 'silent'
        ELSE 'ok'
    END AS state,
    s.site,
    s.language,
    s.enabled,
    s.confidence
FROM sources s
LEFT JOIN f ON f.source_id = s.source_id
LEFT JOIN d ON d.source_id = s.source_id;
