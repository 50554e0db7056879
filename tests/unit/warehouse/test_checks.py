"""The accepted-values check is made from carta.core.codes: each coded column it names exists,
a value outside its code is caught, and a value inside passes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from carta.core import codes
from warehouse import checks, db


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    path = tmp_path / "carta.duckdb"
    c = duckdb.connect(str(path))
    db.migrate(c, path)
    return c


def _accepted(con: duckdb.DuckDBPyConnection) -> checks.CheckResult:
    return next(r for r in checks.run_checks(con) if r.name == checks.ACCEPTED_VALUES)


def test_it_runs_clean_on_an_empty_warehouse(con: duckdb.DuckDBPyConnection) -> None:
    result = _accepted(con)
    assert result.error is None and result.passed


@pytest.mark.parametrize("value", [*codes.values(codes.RunStatus), "finished"])
def test_a_value_is_caught_only_when_its_code_lacks_it(
    con: duckdb.DuckDBPyConnection, value: str
) -> None:
    con.execute(
        "INSERT INTO runs (run_id, kind, status, started_at) VALUES ('r', 'nightly', ?, now())",
        [value],
    )
    result = _accepted(con)
    if value in codes.values(codes.RunStatus):
        assert result.passed
    else:
        assert result.failures == 1 and result.sample == [("runs.status", "r", "finished")]


def test_every_coded_column_is_checked() -> None:
    sql, params = checks.accepted_values_sql()
    assert len(params) == len(codes.TABLE_COLUMNS) == sql.count("list_contains(?")
    for column in codes.TABLE_COLUMNS:
        assert f"'{column}' AS col" in sql
