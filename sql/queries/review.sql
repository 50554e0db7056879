-- `carta review`: the review queue, most important first, at most $limit rows.
SELECT priority, meeting_id, reason, evidence, source_urls, since FROM review_queue
ORDER BY priority, since DESC, meeting_id, reason
LIMIT $limit
