-- 001: the warehouse's core tables.
--
-- Foreign keys are checked by the data contracts in sql/checks/ rather than declared here:
-- DuckDB rewrites an UPDATE of a referenced row (a list column, an indexed column) as delete +
-- insert and then refuses it, so declared references would forbid moving a meeting from
-- announced to held.
--
-- Keys are deterministic: each is derived from the content the row identifies (a URL, a
-- meeting's series and ordinal, a figure's scope/period/value and source), so loading the same
-- input twice changes nothing. Dates are honest: a meeting's date is split into year / month /
-- day parts with a precision and a source, and `date` is only filled when the day is known.

CREATE TABLE countries (
    iso2        VARCHAR PRIMARY KEY,
    name_en     VARCHAR NOT NULL,
    name_ru     VARCHAR NOT NULL,
    region      VARCHAR NOT NULL            -- 'russia' | 'central_asia'
);

-- One row per ministry site and language (source_id = '<site>:<lang>').
CREATE TABLE sources (
    source_id           VARCHAR PRIMARY KEY,
    site                VARCHAR NOT NULL,
    language            VARCHAR NOT NULL,
    ministry_country    VARCHAR NOT NULL,
    ministry            VARCHAR NOT NULL,
    strategy            VARCHAR NOT NULL,
    listing_url         VARCHAR,
    confidence          VARCHAR NOT NULL,   -- how sure we are the config matches the live site
    silent_after_days   INTEGER NOT NULL,
    enabled             BOOLEAN NOT NULL
);

-- One row per flow run (nightly, backfill, reprocess, manual load).
CREATE TABLE runs (
    run_id          VARCHAR PRIMARY KEY,
    kind            VARCHAR NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    status          VARCHAR NOT NULL,       -- running | completed | partial | failed
    params          JSON,
    counts          JSON,                   -- per-source: listed, new, changed, unchanged, failed, blocked
    summary         VARCHAR,
    prefect_flow_run_id VARCHAR
);

-- Every HTTP request carta made, successful or not.
CREATE TABLE fetches (
    fetch_id        VARCHAR PRIMARY KEY,
    run_id          VARCHAR,
    site            VARCHAR NOT NULL,
    source_id       VARCHAR,
    url             VARCHAR NOT NULL,
    final_url       VARCHAR,
    purpose         VARCHAR NOT NULL,       -- robots | listing | article | api | probe
    requested_at    TIMESTAMPTZ NOT NULL,
    status_code     INTEGER,
    outcome         VARCHAR NOT NULL,       -- ok | not_modified | blocked | http_error | unreachable | refused | too_large | bad_content
    reason          VARCHAR,
    etag            VARCHAR,
    last_modified   VARCHAR,
    content_type    VARCHAR,
    bytes           BIGINT,
    content_hash    VARCHAR,
    elapsed_ms      DOUBLE,
    error           VARCHAR
);

-- One fetched page version. A page whose text changed on a later fetch is a new revision
-- (a new row with revision + 1); a page fetched again unchanged only moves last_seen_at.
CREATE TABLE documents (
    doc_id          VARCHAR PRIMARY KEY,    -- hash of canonical_url + content_hash
    canonical_url   VARCHAR NOT NULL,
    story_id        VARCHAR NOT NULL,       -- one story across its language versions / republications
    source_id       VARCHAR,
    site            VARCHAR,
    language        VARCHAR,
    revision        INTEGER NOT NULL,
    content_type    VARCHAR,
    content_hash    VARCHAR NOT NULL,       -- sha256 of the raw bytes
    raw_zlib        BLOB,                   -- raw bytes, zlib-compressed: re-parse never needs a re-fetch
    raw_bytes       BIGINT,
    first_seen_at   TIMESTAMPTZ NOT NULL,
    last_seen_at    TIMESTAMPTZ NOT NULL,
    run_id          VARCHAR
);

-- What the parser took from a document.
CREATE TABLE articles (
    doc_id              VARCHAR PRIMARY KEY,
    title               VARCHAR,
    published_date      DATE,
    published_at        TIMESTAMPTZ,
    published_precision VARCHAR,            -- minute | day | month | year
    published_source    VARCHAR,            -- listing | meta | jsonld | time | selector | text | url | api
    body_text           VARCHAR,
    text_hash           VARCHAR,
    language            VARCHAR,
    language_source     VARCHAR,            -- declared | detected
    doc_number          VARCHAR,
    parser_version      VARCHAR NOT NULL,
    parsed_at           TIMESTAMPTZ NOT NULL
);

-- One real-world meeting, whatever number of reports it has.
CREATE TABLE meetings (
    meeting_id      VARCHAR PRIMARY KEY,
    event_type      VARCHAR NOT NULL,       -- ministerial_meeting | summit | bilateral_talks | phone_call | consultations | other
    format          VARCHAR NOT NULL,       -- central_asia_russia | bilateral
    series          VARCHAR,                -- e.g. ca_russia_fm, ca_russia_summit
    ordinal         INTEGER,
    countries       VARCHAR[] NOT NULL,
    status          VARCHAR NOT NULL,       -- announced | held | postponed | cancelled
    date            DATE,                   -- only when the day is known
    year            INTEGER,
    month           INTEGER,
    date_precision  VARCHAR,                -- day | month | year
    date_source     VARCHAR,                -- text | published | url | baseline
    date_as_quoted  VARCHAR,                -- the words the date came from ('second half of 2025')
    city            VARCHAR,
    host_country    VARCHAR,
    title           VARCHAR,
    topics          VARCHAR[],
    outcome         VARCHAR,
    provenance      VARCHAR NOT NULL,       -- baseline | extracted
    first_seen_at   TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    run_id          VARCHAR
);

-- Meetings that refer to one another (the 8th FM meeting prepares the 2nd summit, ...).
CREATE TABLE meeting_links (
    from_meeting_id VARCHAR NOT NULL,
    to_meeting_id   VARCHAR NOT NULL,
    relation        VARCHAR NOT NULL,       -- refers_to | prepares
    provenance      VARCHAR NOT NULL,
    PRIMARY KEY (from_meeting_id, to_meeting_id, relation)
);

-- Which source reports which meeting; one row per story (language versions of one story count once).
CREATE TABLE meeting_mentions (
    mention_id      VARCHAR PRIMARY KEY,
    meeting_id      VARCHAR NOT NULL,
    doc_id          VARCHAR,                -- NULL for the baseline
    story_id        VARCHAR,
    source_url      VARCHAR,
    language        VARCHAR,
    role            VARCHAR NOT NULL,       -- announcement | report
    -- what this source claims; the meeting row is the reconciliation of all its mentions
    event_type_claimed VARCHAR,
    status_claimed  VARCHAR,
    date_claimed    DATE,
    year_claimed    INTEGER,
    month_claimed   INTEGER,
    date_precision_claimed VARCHAR,
    date_source_claimed VARCHAR,
    date_as_quoted  VARCHAR,
    city_claimed    VARCHAR,
    host_country_claimed VARCHAR,
    ordinal_claimed INTEGER,
    published_date  DATE,
    snippet         VARCHAR,
    provenance      VARCHAR NOT NULL,       -- baseline | extracted
    extractor_version VARCHAR,
    run_id          VARCHAR
);

CREATE TABLE people (
    person_id       VARCHAR PRIMARY KEY,
    name_en         VARCHAR NOT NULL,
    name_ru         VARCHAR,
    country         VARCHAR NOT NULL
);

CREATE TABLE person_aliases (
    person_id       VARCHAR NOT NULL,
    alias           VARCHAR NOT NULL,
    script          VARCHAR NOT NULL,       -- latin | cyrillic
    PRIMARY KEY (person_id, alias)
);

-- Terms of office, so a title on a date resolves to a person. valid_* are ISO text because some
-- boundaries are only known to the month or year ('2022-05', '2019').
CREATE TABLE person_roles (
    person_id       VARCHAR NOT NULL,
    term            INTEGER NOT NULL,       -- order of the term in the registry entry
    role            VARCHAR NOT NULL,
    title           VARCHAR NOT NULL,
    valid_from      VARCHAR,
    valid_to        VARCHAR,
    confidence      VARCHAR NOT NULL,       -- high | low
    PRIMARY KEY (person_id, term)
);

CREATE TABLE cities (
    city_id         VARCHAR PRIMARY KEY,
    name_en         VARCHAR NOT NULL,
    country         VARCHAR NOT NULL,
    aliases         VARCHAR[] NOT NULL
);

-- Who attended a meeting for which state, with the title they held at the time.
CREATE TABLE participations (
    meeting_id      VARCHAR NOT NULL,
    person_id       VARCHAR NOT NULL,
    country         VARCHAR NOT NULL,
    title           VARCHAR,
    provenance      VARCHAR NOT NULL,
    doc_id          VARCHAR,
    PRIMARY KEY (meeting_id, person_id)
);

-- A trade figure as one source stated it. Values are never converted between units.
CREATE TABLE trade_figures (
    figure_id       VARCHAR PRIMARY KEY,
    scope           VARCHAR NOT NULL,       -- RU-CA | RU-KZ | RU-KG | RU-TJ | RU-TM | RU-UZ (others kept if quoted)
    year            INTEGER,
    period          VARCHAR,                -- '2024' | '2024-01..2024-07' | '2024-Q1' | '2024-ytd'
    period_kind     VARCHAR NOT NULL,       -- year | partial | unknown
    value           DOUBLE,
    unit            VARCHAR NOT NULL,       -- USD | RUB | t | ...
    qualifier       VARCHAR NOT NULL,       -- exact | over | under | about
    change_pct      DOUBLE,
    as_quoted       VARCHAR NOT NULL,
    reported_by     VARCHAR,
    doc_id          VARCHAR,
    story_id        VARCHAR,
    meeting_id      VARCHAR,
    provenance      VARCHAR NOT NULL,       -- baseline | extracted
    run_id          VARCHAR
);
