-- Every coded column holds one of its documented values.
SELECT 'meetings.event_type' AS col, meeting_id AS key, event_type AS value FROM meetings
WHERE event_type NOT IN ('ministerial_meeting', 'summit', 'bilateral_talks', 'phone_call', 'consultations', 'other')
UNION ALL
SELECT 'meetings.status', meeting_id, status FROM meetings
WHERE status NOT IN ('announced', 'held', 'postponed', 'cancelled')
UNION ALL
SELECT 'meetings.format', meeting_id, format FROM meetings
WHERE format NOT IN ('central_asia_russia', 'bilateral')
UNION ALL
SELECT 'meetings.date_precision', meeting_id, date_precision FROM meetings
WHERE date_precision IS NOT NULL AND date_precision NOT IN ('day', 'month', 'year')
UNION ALL
SELECT 'meetings.provenance', meeting_id, provenance FROM meetings
WHERE provenance NOT IN ('baseline', 'extracted')
UNION ALL
SELECT 'meeting_mentions.role', mention_id, role FROM meeting_mentions
WHERE role NOT IN ('announcement', 'report')
UNION ALL
SELECT 'trade_figures.qualifier', figure_id, qualifier FROM trade_figures
WHERE qualifier NOT IN ('exact', 'over', 'under', 'about')
UNION ALL
SELECT 'trade_figures.period_kind', figure_id, period_kind FROM trade_figures
WHERE period_kind NOT IN ('year', 'partial', 'unknown')
UNION ALL
SELECT 'trade_figures.scope', figure_id, scope FROM trade_figures
WHERE NOT regexp_full_match(scope, '[A-Z]{2}-[A-Z]{2}')
UNION ALL
SELECT 'fetches.outcome', fetch_id, outcome FROM fetches
WHERE outcome NOT IN ('ok', 'not_modified', 'blocked', 'http_error', 'unreachable', 'refused',
                      'too_large', 'bad_content', 'robots_disallowed')
UNION ALL
SELECT 'runs.status', run_id, status FROM runs
WHERE status NOT IN ('running', 'completed', 'partial', 'failed');
