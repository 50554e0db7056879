"""`carta status`: what is in the warehouse and how each source is doing, as tables to print."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

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
    health = con.sql(
        "SELECT source, state, last_success_at, last_new_article_at, docs_7d, errors_7d "
        "FROM source_health ORDER BY source"
    )
    last = con.sql(
        "SELECT run_id, kind, status, started_at, finished_at FROM runs "
        "ORDER BY started_at DESC LIMIT 5"
    )
    return Status(
        schema_version(con),
        Table(["table", "rows"], counts),
        Table(list(health.columns), health.fetchall()),
        Table(list(last.columns), last.fetchall()),
    )
