from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse import db


def test_new_file_gets_every_migration_once(db_path: Path) -> None:
    with db.writer(db_path) as con:
        shipped = db.available_migrations()
        rows = con.execute(
            "SELECT version, name FROM schema_migrations ORDER BY version"
        ).fetchall()
    assert rows == [(m.version, m.name) for m in shipped]
    with db.writer(db_path) as con:
        again = con.execute("SELECT count(*) FROM schema_migrations").fetchall()[0][0]
        pending = db.check_compatible(con, db_path)
    assert again == len(shipped)
    assert pending == []


def test_newer_warehouse_is_refused(db_path: Path) -> None:
    with db.writer(db_path) as con:
        con.execute("INSERT INTO schema_migrations VALUES (999, 'from_the_future', 'x', now())")
    with pytest.raises(db.WarehouseTooNew, match="upgrade carta"), db.writer(db_path):
        pass
    with pytest.raises(db.WarehouseTooNew), db.reader(db_path):
        pass


def test_edited_migration_is_refused(db_path: Path) -> None:
    with db.writer(db_path) as con:
        con.execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
    with pytest.raises(db.MigrationError, match="changed after it was applied"), db.writer(db_path):
        pass


def test_reader_refuses_missing_or_unmigrated_file(tmp_path: Path) -> None:
    with (
        pytest.raises(db.WarehouseNotInitialised, match="carta init"),
        db.reader(tmp_path / "absent.duckdb"),
    ):
        pass
    bare = tmp_path / "bare.duckdb"
    duckdb.connect(str(bare)).close()
    with pytest.raises(db.WarehouseNotInitialised, match="carta init"), db.reader(bare):
        pass


def test_migration_files_are_numbered_without_gaps() -> None:
    versions = [m.version for m in db.available_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_fetches_keep_their_rows_when_004_drops_the_key_index(db_path: Path) -> None:
    """A warehouse made before 004 (fetches with a primary key) upgrades in place."""
    con = _schema_before(db_path, 4)
    con.execute(
        "INSERT INTO fetches (fetch_id, site, url, purpose, requested_at, outcome) "
        "SELECT 'f' || i, 'mid_ru', 'https://mid.ru/' || i, 'article', "
        "TIMESTAMPTZ '2026-01-01 00:00:00+00' + INTERVAL (i) MINUTE, 'ok' FROM range(50) r(i)"
    )
    con.close()
    with db.writer(db_path) as con:
        rows = con.execute("SELECT count(*), count(DISTINCT fetch_id) FROM fetches").fetchall()
        keys = con.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'fetches' "
            "AND constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    assert rows == [(50, 50)]
    assert keys == [(0,)]


def _schema_before(db_path: Path, version: int) -> duckdb.DuckDBPyConnection:
    """A warehouse as an older carta left it: migrations below `version` applied by hand."""
    con = duckdb.connect(str(db_path))
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " checksum VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    for mig in db.available_migrations():
        if mig.version < version:
            con.execute(mig.path.read_text(encoding="utf-8"))
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?, now())",
                [mig.version, mig.name, mig.checksum],
            )
    return con


def test_documents_keep_rows_order_and_keys_when_005_rebuilds_the_table(db_path: Path) -> None:
    """005 rebuilds documents so its pages are stored uncompressed; nothing else may change."""
    con = _schema_before(db_path, 5)
    con.execute(
        "INSERT INTO documents (doc_id, canonical_url, story_id, revision, content_hash, "
        "raw_zlib, raw_bytes, first_seen_at, last_seen_at) "
        "SELECT 'd' || i, 'https://mid.ru/' || i, 's' || (i // 2), 1, 'h' || i, "
        "repeat('page ' || i, 2000)::BLOB, 10000, TIMESTAMPTZ '2026-01-01 00:00:00+00', "
        "TIMESTAMPTZ '2026-01-01 00:00:00+00' FROM range(3000) r(i)"
    )
    before = con.execute("SELECT * FROM documents ORDER BY rowid").fetchall()
    con.close()
    with db.writer(db_path) as con:
        after = con.execute("SELECT * FROM documents ORDER BY rowid").fetchall()
        indexes = {
            name
            for (name,) in con.execute(
                "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'documents'"
            ).fetchall()
        }
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO documents SELECT * FROM documents LIMIT 1")
    with db.writer(db_path) as con:  # closed and checkpointed: look at what is on disk
        stored = con.execute(
            "SELECT DISTINCT compression FROM pragma_storage_info('documents') "
            "WHERE column_name = 'raw_zlib' AND segment_type = 'BLOB'"
        ).fetchall()
    assert after == before
    assert indexes == {"documents_canonical_url"}
    assert stored == [("Uncompressed",)]


def test_006_adds_how_found_columns_and_keeps_stored_rows(db_path: Path) -> None:
    """Rows stored before 006 keep every value; how they were found is unknown (NULL)."""
    con = _schema_before(db_path, 6)
    con.execute(
        "INSERT INTO meeting_mentions (mention_id, meeting_id, role, city_claimed, provenance) "
        "VALUES ('mn-1', 'm-1', 'report', 'Almaty', 'extracted')"
    )
    con.execute(
        "INSERT INTO trade_figures (figure_id, scope, period_kind, unit, qualifier, as_quoted, "
        "provenance) VALUES ('f-1', 'RU-CA', 'year', 'USD', 'exact', '$44.7 billion', 'baseline')"
    )
    con.close()
    with db.writer(db_path) as con:
        mention = con.execute(
            "SELECT mention_id, city_claimed, city_found, date_found FROM meeting_mentions"
        ).fetchall()
        figure = con.execute("SELECT figure_id, scope, year_found FROM trade_figures").fetchall()
        cols = {
            c
            for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'participations'"
            ).fetchall()
        }
    assert mention == [("mn-1", "Almaty", None, None)]
    assert figure == [("f-1", "RU-CA", None)]
    assert "title_found" in cols
