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
WHERE NOT regexp_full_match(scope, '[A-Z]{2,3}-[A-Z]{2,3}')
UNION ALL
SELECT 'meeting_mentions.countries_found', mention_id, countries_found FROM meeting_mentions
WHERE countries_found NOT IN ('format_name', 'states_listed', 'region_group', 'officials', 'states',
                              'sentence_before')
UNION ALL
SELECT 'meeting_mentions.status_found', mention_id, status_found FROM meeting_mentions
WHERE status_found NOT IN ('cue', 'verb_tense', 'said_at', 'ahead_of', 'sentence_before', 'default')
UNION ALL
SELECT 'meeting_mentions.date_found', mention_id, date_found FROM meeting_mentions
WHERE date_found NOT IN ('text', 'text_year_inferred', 'relative', 'dateline')
UNION ALL
SELECT 'meeting_mentions.city_found', mention_id, city_found FROM meeting_mentions
WHERE city_found NOT IN ('text', 'venue_line', 'residence', 'capital_named', 'scene', 'setting',
                         'dateline')
UNION ALL
SELECT 'meeting_mentions.ordinal_found', mention_id, ordinal_found FROM meeting_mentions
WHERE ordinal_found NOT IN ('text', 'first_time', 'back_reference')
UNION ALL
SELECT 'participations.title_found', meeting_id || '/' || person_id, title_found FROM participations
WHERE title_found NOT IN ('text', 'registry')
UNION ALL
SELECT 'participations.person_found', meeting_id || '/' || person_id, person_found FROM participations
WHERE person_found NOT IN ('text', 'registry')
UNION ALL
SELECT 'trade_figures.year_found', figure_id, year_found FROM trade_figures
WHERE year_found NOT IN ('text', 'relative', 'base_year', 'sentence_before')
UNION ALL
SELECT 'trade_figures.scope_found', figure_id, scope_found FROM trade_figures
WHERE scope_found NOT IN ('text', 'context')
UNION ALL
SELECT 'fetches.outcome', fetch_id, outcome FROM fetches
WHERE outcome NOT IN ('ok', 'not_modified', 'blocked', 'http_error', 'unreachable', 'refused',
                      'too_large', 'bad_content', 'robots_disallowed')
UNION ALL
SELECT 'fetches.failure_kind', fetch_id, failure_kind FROM fetches
WHERE failure_kind NOT IN ('transient', 'permanent', 'blocked', 'refused')
UNION ALL
SELECT 'articles.encoding_source', doc_id, encoding_source FROM articles
WHERE encoding_source NOT IN ('declared', 'default', 'detected', 'best_effort')
UNION ALL
SELECT 'runs.status', run_id, status FROM runs
WHERE status NOT IN ('running', 'completed', 'partial', 'failed', 'aborted');
