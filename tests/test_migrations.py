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
    con = duckdb.connect(str(db_path))
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " checksum VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    for mig in db.available_migrations():
        if mig.version < 4:
            con.execute(mig.path.read_text(encoding="utf-8"))
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?, now())",
                [mig.version, mig.name, mig.checksum],
            )
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
