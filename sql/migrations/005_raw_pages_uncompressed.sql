-- 005: documents.raw_zlib is stored without DuckDB's own compression.
-- DuckDB's ZSTD (its default for long strings) unpacks a whole vector (2,048 rows) to read one:
-- the 500 pages of one re-process batch unpacked up to 4,096, so the batch's memory grew with
-- the archive (bench/, section 5: +86 to +145 MiB against +38 MiB once stored uncompressed, for
-- 500 pages of a 10,000-page archive). The price is disk: the pages are zlib-compressed already,
-- but ZSTD still found the boilerplate pages share (bench archive of 10,000 pages: 188 MiB
-- against 165 MiB). DuckDB cannot change a column's compression in place, so the table is
-- rebuilt in its stored order with the same columns and key.
-- The rebuilt table has no story_id index (003 made one). Only the re-process looked documents
-- up by story, and there the index saved nothing: on a warehouse of a million documents the
-- pages of 250 stories took 0.038 s to find with it and without (the batch's first query reads
-- the whole story_id column anyway). But every night paid for it: story ids are random keys, so
-- inserting 100 documents and checkpointing took 78 ms with the index against 54 ms without.
CREATE TABLE documents_v5 (
    doc_id          VARCHAR PRIMARY KEY,
    canonical_url   VARCHAR NOT NULL,
    story_id        VARCHAR NOT NULL,
    source_id       VARCHAR,
    site            VARCHAR,
    language        VARCHAR,
    revision        INTEGER NOT NULL,
    content_type    VARCHAR,
    content_hash    VARCHAR NOT NULL,
    raw_zlib        BLOB USING COMPRESSION uncompressed,
    raw_bytes       BIGINT,
    first_seen_at   TIMESTAMPTZ NOT NULL,
    last_seen_at    TIMESTAMPTZ NOT NULL,
    run_id          VARCHAR
);
INSERT INTO documents_v5 SELECT * FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v5 RENAME TO documents;
CREATE INDEX documents_canonical_url ON documents (canonical_url);
