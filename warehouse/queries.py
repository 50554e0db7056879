"""Named queries: the warehouse's domain SQL, one file each in `sql/queries/`.

They sit beside the migrations, the views and the checks, so the SQL carta runs can be read,
pasted into DuckDB and changed in one place, and no Python string holds a query. Values are
always parameters: `$name` in a file run with `run`, or `?` in a file with a `{keys}` list
that `upsert.keyed_rows` fills with one placeholder per key. A file may hold a `{slot}` for a
fragment that is itself a named query (a filter used or not); a fragment is SQL, never a value.
"""

from __future__ import annotations

import functools
from typing import Any

import duckdb

from warehouse.db import sql_dir


class QueryError(LookupError):
    """No such named query: a file missing from `sql/queries/`."""


@functools.cache
def _read(name: str) -> str:
    path = sql_dir() / "queries" / f"{name}.sql"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"no named query {name!r} ({path} is missing)") from None


def text(name: str, **fragments: str) -> str:
    """The SQL of the named query, each `{slot}` replaced by the fragment given for it (a slot
    is written nowhere else in the file, not even in a comment)."""
    sql = _read(name)
    for slot, fragment in fragments.items():
        if sql.count("{" + slot + "}") != 1:
            raise QueryError(f"query {name!r} has no single {{{slot}}} slot")
        sql = sql.replace("{" + slot + "}", fragment)
    return sql


@functools.cache
def _statements(sql: str) -> tuple[tuple[str, frozenset[str]], ...]:
    con = duckdb.connect()
    try:
        return tuple((s.query, frozenset(s.named_parameters)) for s in con.extract_statements(sql))
    finally:
        con.close()


def run(
    con: duckdb.DuckDBPyConnection,
    name: str,
    fragments: dict[str, str] | None = None,
    **params: Any,
) -> duckdb.DuckDBPyConnection:
    """Execute the named query's statements in order, each given the parameters it names; the
    connection is returned to fetch the last one's rows."""
    for sql, names in _statements(text(name, **(fragments or {}))):
        missing = sorted(names - params.keys())
        if missing:
            raise QueryError(f"query {name!r} needs the parameters {', '.join(missing)}")
        con.execute(sql, {k: params[k] for k in names})
    return con
