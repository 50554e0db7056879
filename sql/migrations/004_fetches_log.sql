-- 004: fetches becomes a plain append-only log, without a primary-key index.
-- Keeping an index of every request ever made cost each night's load time that grew with the
-- history (bench/, section 3: about 0.15 s a night at 3 million fetches). A fetch is stored once,
-- at the time it was made, so a repeated load is recognised by looking among the fetches of
-- its own span of time (warehouse/archive.py load_archive), which the min-max zone maps of
-- requested_at find without an index; sql/checks/unique_keys.sql checks the recent ids.
CREATE TABLE fetches_log (
    fetch_id        VARCHAR NOT NULL,
    run_id          VARCHAR,
    site            VARCHAR NOT NULL,
    source_id       VARCHAR,
    url             VARCHAR NOT NULL,
    final_url       VARCHAR,
    purpose         VARCHAR NOT NULL,       -- robots | listing | feed | sitemap | api | article | probe
    requested_at    TIMESTAMPTZ NOT NULL,
    status_code     INTEGER,
    outcome         VARCHAR NOT NULL,       -- ok | not_modified | blocked | http_error | unreachable | refused | too_large | bad_content | robots_disallowed
    reason          VARCHAR,
    etag            VARCHAR,
    last_modified   VARCHAR,
    content_type    VARCHAR,
    bytes           BIGINT,
    content_hash    VARCHAR,
    elapsed_ms      DOUBLE,
    error           VARCHAR
);
INSERT INTO fetches_log SELECT * FROM fetches ORDER BY requested_at;
DROP TABLE fetches;
ALTER TABLE fetches_log RENAME TO fetches;
