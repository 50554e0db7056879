-- Meetings $ids that no claim supports any more: removed with their people and links; their
-- trade figures stay, unlinked.
DELETE FROM participations WHERE meeting_id IN (SELECT unnest($ids));
UPDATE trade_figures SET meeting_id = NULL WHERE meeting_id IN (SELECT unnest($ids));
DELETE FROM meeting_links
WHERE from_meeting_id IN (SELECT unnest($ids)) OR to_meeting_id IN (SELECT unnest($ids));
DELETE FROM meetings WHERE meeting_id IN (SELECT unnest($ids));
