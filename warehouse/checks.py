"""Data contracts: SQL files in `sql/checks/`, each selecting the rows that break a rule, and
`accepted_values`, made from the coded values of `carta.core.codes`.

Written as plain SELECTs in the manner of dbt tests, so a failing check can be pasted into
`carta sql` to see every offending row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from carta.core import codes
from warehouse.db import sql_dir

SAMPLE_ROWS = 5


@dataclass(frozen=True)
class CheckResult:
    name: str
    description: str
    failures: int
    columns: list[str] = field(default_factory=list)
    sample: list[tuple[Any, ...]] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.failures == 0 and self.error is None


def check_files() -> list[Path]:
    return sorted((sql_dir() / "checks").glob("*.sql"))


def _description(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return " ".join(lines)


# How an offending row of each table is named in the accepted-values check.
_ROW_KEYS = {
    "meetings": "meeting_id",
    "meeting_mentions": "mention_id",
    "participations": "meeting_id || '/' || person_id",
    "trade_figures": "figure_id",
    "fetches": "fetch_id",
    "articles": "doc_id",
    "runs": "run_id",
    "corrections": "correction_id",
    "meeting_history": "meeting_id || '/' || field || '/' || CAST(changed_at AS VARCHAR)",
}
ACCEPTED_VALUES = "accepted_values"


def accepted_values_sql() -> tuple[str, list[list[str]]]:
    """The check that every coded column holds one of its values, with its parameters (one
    list of values per column, in the order of `codes.TABLE_COLUMNS`)."""
    parts = []
    for column in codes.TABLE_COLUMNS:
        table, col = column.split(".")
        parts.append(
            f"SELECT '{column}' AS col, {_ROW_KEYS[table]} AS key, {col} AS value FROM {table} "
            f"WHERE NOT list_contains(?::VARCHAR[], {col})"
        )
    values = [list(codes.values(code)) for code in codes.TABLE_COLUMNS.values()]
    return "\nUNION ALL\n".join(parts), values


def _run(
    con: duckdb.DuckDBPyConnection, name: str, description: str, sql: str, params: list[Any]
) -> CheckResult:
    try:
        rel = con.execute(sql, params)
        columns = [c[0] for c in rel.description or ()]
        rows = rel.fetchall()
    except duckdb.Error as exc:
        return CheckResult(name, description, 1, error=str(exc))
    return CheckResult(name, description, len(rows), columns, rows[:SAMPLE_ROWS])


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    """Run every check; a check that cannot even run is reported as failed with its error."""
    sql, params = accepted_values_sql()
    found = [(ACCEPTED_VALUES, "Every coded column holds one of its values.", sql, params)]
    for path in check_files():
        text = path.read_text(encoding="utf-8")
        found.append((path.stem, _description(text), text.rstrip().rstrip(";"), []))
    return [_run(con, *check) for check in sorted(found)]


def format_results(results: list[CheckResult]) -> str:
    """A readable report: one line per check, and the offending rows of each failure."""
    out = []
    for r in results:
        mark = "ok  " if r.passed else "FAIL"
        out.append(f"{mark} {r.name}: {r.description}")
        if r.error:
            out.append(f"       error: {r.error}")
        elif r.failures:
            out.append(f"       {r.failures} offending row(s), e.g. ({', '.join(r.columns)}):")
            out.extend(f"         {row}" for row in r.sample)
    failed = sum(not r.passed for r in results)
    out.append(f"{len(results) - failed} passed, {failed} failed")
    return "\n".join(out)
