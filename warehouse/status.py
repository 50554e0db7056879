"""`carta status`: what is in the warehouse and how each source is doing."""

from __future__ import annotations

from pathlib import Path

import duckdb

from carta.output import render
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


def warehouse_status(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    lines = [f"warehouse: {path}", f"schema version: {schema_version(con)}", ""]
    counts = []
    for table in TABLES:
        counts.append((table, con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]))
    lines.append(render(["table", "rows"], counts, "table"))
    health = con.sql(
        "SELECT source, state, last_success_at, last_new_article_at, docs_7d, errors_7d "
        "FROM source_health ORDER BY source"
    )
    rows = health.fetchall()
    lines.append("sources:")
    if rows:
        lines.append(render(list(health.columns), rows, "table"))
    else:
        lines.append("  none registered yet (carta init loads the source configuration)")
    last = con.sql(
        "SELECT run_id, kind, status, started_at, finished_at FROM runs "
        "ORDER BY started_at DESC LIMIT 5"
    )
    runs = last.fetchall()
    lines.append("last runs:")
    lines.append(render(list(last.columns), runs, "table") if runs else "  no run yet")
    return "\n".join(lines)
