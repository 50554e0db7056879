-- No meeting date later than its announcement window: a report that a meeting was held cannot
-- predate the meeting, and an announcement is not made more than two years ahead.
SELECT x.mention_id, x.meeting_id, x.role, x.published_date, m.date
FROM meeting_mentions x
JOIN meetings m USING (meeting_id)
WHERE m.date IS NOT NULL AND x.published_date IS NOT NULL
  AND ((x.role = 'report' AND x.status_claimed = 'held' AND m.date > x.published_date + INTERVAL 1 DAY)
    OR (x.role = 'announcement' AND m.date > x.published_date + INTERVAL 730 DAY));
