"""`carta sql` sees the warehouse and nothing else unless --allow-files says otherwise.

Each escape route is run through the real command against a real warehouse file; a refusal is one
line on standard error, exit code 1, and nothing new on disk.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_carta

FILES_REFUSED = (
    "carta sql: this query reads or writes files outside the warehouse; "
    "use --allow-files to allow it"
)
EXTENSION_REFUSED = (
    "carta sql: this query installs or loads a DuckDB extension, which carta sql does not allow"
)
URL_REFUSED = (
    "carta sql: this query reads a URL or other remote file, which carta sql does not allow"
)
SETTING_REFUSED = "carta sql: this query changes a DuckDB setting, which carta sql does not allow"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A directory beside the warehouse with a CSV, a Parquet file and another DuckDB file."""
    d = tmp_path / "outside"
    d.mkdir()
    (d / "local.csv").write_text("secret,value\nkey,42\n", encoding="utf-8")
    con = duckdb.connect(str(d / "other.duckdb"))
    con.execute("CREATE TABLE t AS SELECT 'other' AS x")
    con.execute(f"COPY t TO '{d / 'local.parquet'}' (FORMAT parquet)")
    con.close()
    return d


def _snapshot(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*"))}


def _refused(db: Path, query: str, message: str, root: Path) -> None:
    before = _snapshot(root)
    res = run_carta("sql", "--db", str(db), query)
    assert res.returncode == 1, res.stderr
    n = query.count(";") + 1  # of several statements, the line names the one refused (the 1st)
    said = message.replace("carta sql: ", f"carta sql: statement 1 of {n}: ") if n > 1 else message
    assert res.stderr.splitlines() == [said]
    assert res.stdout == ""
    assert _snapshot(root) == before


@pytest.mark.parametrize(
    "query",
    [
        "COPY (SELECT * FROM countries) TO '{d}/out.csv'",
        "COPY countries TO '{d}/out.parquet' (FORMAT parquet)",
        "EXPORT DATABASE '{d}/export'",
        "SELECT * FROM read_csv('{d}/local.csv')",
        "SELECT * FROM '{d}/local.csv'",
        "SELECT * FROM read_text('{d}/local.csv')",
        "SELECT * FROM read_parquet('{d}/local.parquet')",
        "SELECT * FROM glob('{d}/*')",
        "ATTACH '{d}/other.duckdb' AS other",
        "ATTACH '{d}/new.duckdb' AS new",
    ],
    ids=[
        "copy-csv",
        "copy-parquet",
        "export-database",
        "read_csv",
        "replacement-scan",
        "read_text",
        "read_parquet",
        "glob",
        "attach-existing",
        "attach-new",
    ],
)
def test_files_outside_the_warehouse_are_refused(
    initialised_db: Path, outside: Path, tmp_path: Path, query: str
) -> None:
    _refused(initialised_db, query.format(d=outside), FILES_REFUSED, tmp_path)


@pytest.mark.parametrize("query", ["INSTALL httpfs", "LOAD httpfs", "FORCE INSTALL httpfs"])
def test_extensions_are_refused(initialised_db: Path, tmp_path: Path, query: str) -> None:
    _refused(initialised_db, query, EXTENSION_REFUSED, tmp_path)


@pytest.mark.parametrize(
    "query",
    [
        "SET enable_external_access = true",
        "RESET enable_external_access",
        "SET lock_configuration = false",
        "SET allowed_directories = ['/']",
        "SET enable_external_access = true; SELECT * FROM read_text('/etc/hostname')",
    ],
)
def test_settings_cannot_reopen_the_door(initialised_db: Path, tmp_path: Path, query: str) -> None:
    _refused(initialised_db, query, SETTING_REFUSED, tmp_path)


def test_views_and_tables_still_answer(initialised_db: Path) -> None:
    res = run_carta(
        "sql",
        "--db",
        str(initialised_db),
        "--format",
        "csv",
        "SELECT (SELECT count(*) FROM trade_trend) AS trade,"
        " (SELECT count(*) FROM meeting_timeline) AS meetings,"
        " (SELECT count(*) FROM participation) AS people,"
        " (SELECT count(*) FROM source_health) AS sources,"
        " (SELECT count(*) FROM countries) AS countries,"
        " (SELECT strftime(max(date), '%Y') FROM meeting_timeline) AS last_year",
    )
    assert res.returncode == 0, res.stderr
    header, row = res.stdout.splitlines()
    assert header == "trade,meetings,people,sources,countries,last_year"
    trade, meetings, people, _sources, countries, last_year = row.split(",")
    assert int(trade) >= 1 and int(meetings) == 3 and int(people) >= 6
    assert int(countries) == 6 and last_year == "2025"


def test_allow_files_lets_copy_and_reads_through(initialised_db: Path, outside: Path) -> None:
    out = outside / "countries.csv"
    res = run_carta(
        "sql",
        "--db",
        str(initialised_db),
        "--allow-files",
        f"COPY (SELECT iso2 FROM countries WHERE iso2 IN ('KZ', 'RU') ORDER BY iso2) TO '{out}'",
    )
    assert res.returncode == 0, res.stderr
    assert out.read_text(encoding="utf-8") == "iso2\nKZ\nRU\n"

    res = run_carta(
        "sql",
        "--db",
        str(initialised_db),
        "--allow-files",
        "--format",
        "csv",
        f"SELECT value FROM read_csv('{outside / 'local.csv'}')",
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout == "value\n42\n"

    export = outside / "export"
    res = run_carta(
        "sql", "--db", str(initialised_db), "--allow-files", f"EXPORT DATABASE '{export}'"
    )
    assert res.returncode == 0, res.stderr
    assert (export / "schema.sql").is_file()


def test_allow_files_keeps_the_warehouse_and_attached_files_read_only(
    initialised_db: Path, outside: Path
) -> None:
    res = run_carta("sql", "--db", str(initialised_db), "--allow-files", "DELETE FROM meetings")
    assert res.returncode == 1
    assert "read-only" in res.stderr.lower()
    other = outside / "other.duckdb"
    res = run_carta(
        "sql",
        "--db",
        str(initialised_db),
        "--allow-files",
        f"ATTACH '{other}' AS other; INSERT INTO other.t VALUES ('changed')",
    )
    assert res.returncode == 1
    assert "read-only" in res.stderr.lower()
    con = duckdb.connect(str(other), read_only=True)
    assert con.execute("SELECT x FROM t").fetchall() == [("other",)]
    con.close()


@pytest.mark.parametrize("allow_files", [False, True], ids=["default", "allow-files"])
def test_urls_are_refused(initialised_db: Path, tmp_path: Path, allow_files: bool) -> None:
    before = _snapshot(tmp_path)
    flags = ["--allow-files"] if allow_files else []
    query = "SELECT * FROM read_csv('https://example.com/data.csv')"
    res = run_carta("sql", "--db", str(initialised_db), *flags, query)
    assert res.returncode == 1
    assert res.stderr.splitlines() == [URL_REFUSED]
    assert _snapshot(tmp_path) == before


def test_allow_files_still_refuses_extensions_and_settings(initialised_db: Path) -> None:
    for query, message in [
        ("LOAD httpfs", EXTENSION_REFUSED),
        ("SET enable_external_access = true", SETTING_REFUSED),
    ]:
        res = run_carta("sql", "--db", str(initialised_db), "--allow-files", query)
        assert res.returncode == 1
        assert res.stderr.splitlines() == [message]


def test_help_documents_allow_files() -> None:
    res = run_carta("sql", "--help")
    assert res.returncode == 0
    assert "--allow-files" in res.stdout
    assert "COPY" in res.stdout
