-- 010: the living record. An analyst's corrections are rows (who, when, why), applied after
-- resolution on every load and re-process; every change to a meeting's fields is kept in
-- meeting_history; a meeting no source supports any more is withdrawn, never silently deleted
-- (codes: carta/core/codes.py).
CREATE TABLE corrections (
    correction_id   VARCHAR PRIMARY KEY,
    meeting_id      VARCHAR NOT NULL,
    action          VARCHAR NOT NULL,       -- set | merge | split | not_relevant | add_participant
    field           VARCHAR,                -- set: the field set
    value           VARCHAR,                -- set: its value; merge: the meeting kept; split: the story moved out; add_participant: the person
    why             VARCHAR NOT NULL,
    author          VARCHAR NOT NULL,
    made_at         TIMESTAMPTZ NOT NULL,
    state           VARCHAR NOT NULL,       -- applied | stale (its meeting is gone)
    checked_at      TIMESTAMPTZ
);
CREATE TABLE meeting_history (
    meeting_id      VARCHAR NOT NULL,
    field           VARCHAR NOT NULL,       -- status | date | city | host_country | ordinal | event_type | withdrawn | meeting
    old_value       VARCHAR,
    new_value       VARCHAR,
    changed_at      TIMESTAMPTZ NOT NULL,
    why             VARCHAR NOT NULL,       -- new_meeting | new_source | revision | reprocess | correction | removal
    run_id          VARCHAR,
    detail          VARCHAR
);
ALTER TABLE meetings ADD COLUMN corrected VARCHAR[];       -- the fields an analyst set
ALTER TABLE meetings ADD COLUMN withdrawn_at TIMESTAMPTZ;  -- when it stopped counting, and why
ALTER TABLE meetings ADD COLUMN withdrawn_why VARCHAR;
