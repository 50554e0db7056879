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
WHERE source_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.source_id = d.source_id);
