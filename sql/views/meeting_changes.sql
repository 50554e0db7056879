-- meeting_changes: every change to a meeting's fields, with when and why (new_meeting,
-- new_source, revision, reprocess, correction, removal), so an analyst can ask what changed
-- since Monday: `where changed_at >= DATE '2026-11-30'`.
CREATE OR REPLACE VIEW meeting_changes AS
SELECT
    h.changed_at,
    h.meeting_id,
    h.field,
    h.old_value,
    h.new_value,
    h.why,
    h.run_id,
    h.detail,
    m.event_type,
    m.countries
FROM meeting_history h
LEFT JOIN meetings m USING (meeting_id);
