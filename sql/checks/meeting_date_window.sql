-- No meeting date outside what a report could say: a report that a meeting was held cannot
-- predate the meeting, an announcement is not made more than about a year ahead, no meeting of
-- these states is older than 1991, and none is more than about a year after today.
SELECT x.mention_id, x.meeting_id, x.role, x.published_date, m.date
FROM meeting_mentions x
JOIN meetings m USING (meeting_id)
WHERE m.date IS NOT NULL AND x.published_date IS NOT NULL
  AND ((x.role = 'report' AND x.status_claimed = 'held' AND m.date > x.published_date + INTERVAL 1 DAY)
    OR (x.role = 'announcement' AND m.date > x.published_date + INTERVAL 400 DAY))
UNION ALL
SELECT NULL, m.meeting_id, NULL, NULL, m.date
FROM meetings m
WHERE m.date < DATE '1991-01-01' OR m.date > current_date + INTERVAL 400 DAY;
