-- Keys that are not declared PRIMARY KEY but must still be unique.
SELECT 'documents.canonical_url+revision' AS key, canonical_url AS value, count(*) AS n
FROM documents GROUP BY canonical_url, revision HAVING count(*) > 1
UNION ALL
SELECT 'meeting_mentions.meeting+story', meeting_id || ' / ' || story_id, count(*)
FROM meeting_mentions WHERE story_id IS NOT NULL
GROUP BY meeting_id, story_id HAVING count(*) > 1
UNION ALL
-- fetches has no key index (migration 004); each fetch is checked in the week after it was
-- stored, which the zone maps of requested_at keep cheap whatever the history's length
SELECT 'fetches.fetch_id', fetch_id, count(*)
FROM fetches WHERE requested_at >= now() - INTERVAL 7 DAY
GROUP BY fetch_id HAVING count(*) > 1;
