"""`carta status`: what is in the warehouse and how each source is doing, as tables to print."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from warehouse import queries
from warehouse.db import schema_version

TABLES = (
    "sources",
    "runs",
    "fetches",
    "documents",
    "articles",
    "meetings",
    "meeting_mentions",
    "participations",
    "trade_figures",
    "people",
    "person_aliases",
    "countries",
    "cities",
)


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Status:
    schema_version: int
    counts: Table  # rows per table
    sources: Table  # source_health, one row per source
    last_runs: Table  # the five most recent runs


def warehouse_status(con: duckdb.DuckDBPyConnection) -> Status:
    counts = [(t, con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0]) for t in TABLES]
    return Status(
        schema_version(con),
        Table(["table", "rows"], counts),
        source_states(con),
        _table(queries.run(con, "status_last_runs")),
    )


def source_states(con: duckdb.DuckDBPyConnection) -> Table:
    """How each source is doing (`source_health`), one row per source."""
    return _table(queries.run(con, "status_sources"))


def _table(result: duckdb.DuckDBPyConnection) -> Table:
    return Table([c[0] for c in result.description or ()], result.fetchall())
