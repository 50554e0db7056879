"""Data contracts: SQL files in `sql/checks/`, each selecting the rows that break a rule.

Written as plain SELECTs in the manner of dbt tests, so a failing check can be pasted into
`carta sql` to see every offending row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

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


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    """Run every check; a check that cannot even run is reported as failed with its error."""
    results = []
    for path in check_files():
        text = path.read_text(encoding="utf-8")
        name = path.stem
        try:
            rel = con.sql(text.rstrip().rstrip(";"))
            columns = list(rel.columns)
            rows = rel.fetchall()
        except duckdb.Error as exc:
            results.append(CheckResult(name, _description(text), 1, error=str(exc)))
            continue
        results.append(
            CheckResult(name, _description(text), len(rows), columns, rows[:SAMPLE_ROWS])
        )
    return results


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
