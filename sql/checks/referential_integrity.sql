-- Every reference points at a row that exists.
SELECT 'meeting_mentions.doc_id' AS ref, mention_id AS key, doc_id AS missing FROM meeting_mentions x
WHERE doc_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = x.doc_id)
UNION ALL
SELECT 'trade_figures.doc_id', figure_id, doc_id FROM trade_figures f
WHERE doc_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = f.doc_id)
UNION ALL
SELECT 'trade_figures.meeting_id', figure_id, meeting_id FROM trade_figures f
WHERE meeting_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.meeting_id = f.meeting_id)
UNION ALL
SELECT 'participations.doc_id', meeting_id || '/' || person_id, doc_id FROM participations p
WHERE doc_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = p.doc_id)
UNION ALL
SELECT 'fetches.run_id', fetch_id, run_id FROM fetches f
WHERE run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = f.run_id)
UNION ALL
SELECT 'documents.source_id', doc_id, source_id FROM documents d
WHERE source_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.source_id = d.source_id)
UNION ALL
SELECT 'meeting_mentions.meeting_id', mention_id, meeting_id FROM meeting_mentions x
WHERE NOT EXISTS (SELECT 1 FROM meetings m WHERE m.meeting_id = x.meeting_id)
UNION ALL
SELECT 'participations.meeting_id', meeting_id || '/' || person_id, meeting_id FROM participations p
WHERE NOT EXISTS (SELECT 1 FROM meetings m WHERE m.meeting_id = p.meeting_id)
UNION ALL
SELECT 'participations.person_id', meeting_id || '/' || person_id, person_id FROM participations p
WHERE NOT EXISTS (SELECT 1 FROM people pe WHERE pe.person_id = p.person_id)
UNION ALL
SELECT 'participations.country', meeting_id || '/' || person_id, country FROM participations p
WHERE NOT EXISTS (SELECT 1 FROM countries c WHERE c.iso2 = p.country)
UNION ALL
SELECT 'meeting_links', from_meeting_id || '->' || to_meeting_id, from_meeting_id FROM meeting_links l
WHERE NOT EXISTS (SELECT 1 FROM meetings m WHERE m.meeting_id = l.from_meeting_id)
   OR NOT EXISTS (SELECT 1 FROM meetings m WHERE m.meeting_id = l.to_meeting_id)
UNION ALL
SELECT 'articles.doc_id', doc_id, doc_id FROM articles a
WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = a.doc_id)
UNION ALL
SELECT 'person_aliases.person_id', person_id || '/' || alias, person_id FROM person_aliases a
WHERE NOT EXISTS (SELECT 1 FROM people pe WHERE pe.person_id = a.person_id)
UNION ALL
SELECT 'person_roles.person_id', person_id, person_id FROM person_roles r
WHERE NOT EXISTS (SELECT 1 FROM people pe WHERE pe.person_id = r.person_id)
UNION ALL
SELECT 'people.country', person_id, country FROM people pe
WHERE NOT EXISTS (SELECT 1 FROM countries c WHERE c.iso2 = pe.country);
