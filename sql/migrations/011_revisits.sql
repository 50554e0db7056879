-- 011: known pages fetched again (revisits) and pages a ministry removed (tombstones). A page
-- that answered 404 or 410 on two revisits in a row is a tombstone: its claims stop counting,
-- and a meeting left with no support is withdrawn, never silently deleted.
CREATE TABLE revisits (
    canonical_url   VARCHAR NOT NULL,
    site            VARCHAR NOT NULL,
    status_code     INTEGER,                -- NULL: no answer (unreachable, refused)
    checked_at      TIMESTAMPTZ NOT NULL,
    run_id          VARCHAR
);
CREATE TABLE tombstones (
    canonical_url   VARCHAR PRIMARY KEY,
    site            VARCHAR NOT NULL,
    removed_at      TIMESTAMPTZ NOT NULL,   -- the revisit that found it gone the second time
    why             VARCHAR NOT NULL,
    run_id          VARCHAR
);
