"""Named queries (`sql/queries/`): each file parses, is run by some module, and each name a
module runs has its file; `run` gives each statement the parameters it names."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from warehouse import db, queries
from warehouse.db import sql_dir

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = ("carta", "flows", "normalise", "scrapers", "warehouse")
_NAMED = re.compile(r"queries\.(?:run|text)\(\s*(?:con,\s*)?\"([a-z0-9_]+)\"")
_FRAGMENT = re.compile(r"queries\.text\(\"([a-z0-9_]+)\"\)")


def _files() -> set[str]:
    return {p.stem for p in (sql_dir() / "queries").glob("*.sql")}


def _used() -> set[str]:
    code = "\n".join(
        p.read_text(encoding="utf-8") for d in PRODUCT for p in (ROOT / d).rglob("*.py")
    )
    return set(_NAMED.findall(code)) | set(_FRAGMENT.findall(code))


def test_every_query_file_is_run_and_every_run_query_exists() -> None:
    files, used = _files(), _used()
    assert files - used == set(), "query files no module runs"
    assert used - files == set(), "queries run that have no file"


# A fragment is checked inside the query that holds it.
FRAGMENTS = {
    "meetings_of_ids": ("meetings_known", "filter"),
    "meetings_of_kinds": ("meetings_known", "filter"),
    "reprocess_stories_dated": ("reprocess_stories", "dated"),
}
SLOTS = {"filter": "", "dated": ""}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("queries") / "carta.duckdb"
    con = duckdb.connect(str(path))
    db.migrate(con, path)
    db.apply_views(con)
    # the frames the modules register for these queries
    con.execute("CREATE TEMP TABLE _carta_seen (doc_id VARCHAR, last_seen_at TIMESTAMPTZ)")
    con.execute("CREATE TEMP TABLE _carta_changes AS SELECT * FROM meeting_history LIMIT 0")
    return con


@pytest.mark.parametrize("name", sorted(_files()))
def test_each_query_binds_against_the_schema(
    name: str, warehouse: duckdb.DuckDBPyConnection
) -> None:
    """Every statement prepares on a migrated warehouse: its tables and columns exist."""
    host, slot = FRAGMENTS.get(name, (name, None))
    raw = (sql_dir() / "queries" / f"{host}.sql").read_text(encoding="utf-8")
    fill = {k: v for k, v in SLOTS.items() if "{" + k + "}" in raw}
    if slot:
        fill[slot] = queries.text(name)
    sql = queries.text(host, **fill).replace("{keys}", "?, ?")
    statements = warehouse.extract_statements(sql)
    assert statements, f"{host}.sql holds no statement"
    for i, st in enumerate(statements):
        warehouse.execute(f"PREPARE q_{i} AS {st.query.rstrip().rstrip(';')}")
        warehouse.execute(f"DEALLOCATE q_{i}")


def test_run_passes_each_statement_only_its_parameters() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE participations (meeting_id VARCHAR)")
    con.execute("CREATE TABLE trade_figures (meeting_id VARCHAR)")
    con.execute("CREATE TABLE meeting_links (from_meeting_id VARCHAR, to_meeting_id VARCHAR)")
    con.execute("CREATE TABLE meetings (meeting_id VARCHAR)")
    for table in ("participations", "trade_figures", "meetings"):
        con.execute(f"INSERT INTO {table} VALUES ('a'), ('b')")
    con.execute("INSERT INTO meeting_links VALUES ('a', 'b')")
    queries.run(con, "meetings_remove", ids=["a"])
    assert con.execute("SELECT * FROM meetings").fetchall() == [("b",)]
    assert con.execute("SELECT * FROM participations").fetchall() == [("b",)]
    assert con.execute("SELECT count(*) FROM trade_figures").fetchall() == [(2,)]
    assert con.execute("SELECT count(*) FROM meeting_links").fetchall() == [(0,)]


def test_a_missing_parameter_or_query_is_named() -> None:
    con = duckdb.connect()
    with pytest.raises(queries.QueryError, match="needs the parameters ids"):
        queries.run(con, "meetings_remove")
    with pytest.raises(queries.QueryError, match="no named query 'no_such_query'"):
        queries.text("no_such_query")
