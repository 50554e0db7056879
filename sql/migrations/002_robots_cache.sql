-- 002: robots.txt as last read, so a host's robots.txt is fetched at most once a day.
CREATE TABLE robots_txt (
    origin          VARCHAR NOT NULL,       -- scheme://host[:port]
    site            VARCHAR NOT NULL,
    fetched_at      TIMESTAMPTZ NOT NULL,
    body            VARCHAR NOT NULL,       -- '' when the host has none (4xx): all allowed
    run_id          VARCHAR,
    PRIMARY KEY (origin, site)
);
