"""The public views compute what their SQL files promise, on real rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from warehouse import db
from warehouse.upsert import merge_rows


def add_figure(
    path: Path,
    fid: str,
    year: int,
    value: float | None,
    qualifier: str = "exact",
    change: float | None = None,
    scope: str = "RU-CA",
    unit: str = "USD",
    kind: str = "year",
    story: str | None = None,
) -> None:
    row: dict[str, Any] = {
        "figure_id": fid,
        "scope": scope,
        "year": year,
        "period": str(year),
        "period_kind": kind,
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "change_pct": change,
        "as_quoted": f"test figure {fid}",
        "doc_id": None,
        "story_id": story or fid,
        "provenance": "extracted",
    }
    with db.writer(path) as con:
        merge_rows(con, "trade_figures", [row], ["figure_id"])


def trend(path: Path, scope: str = "RU-CA") -> dict[int, dict[str, Any]]:
    with db.reader(path) as con:
        rel = con.sql(f"SELECT * FROM trade_trend WHERE scope = '{scope}' ORDER BY year")
        cols = rel.columns
        return {r[1]: dict(zip(cols, r, strict=True)) for r in rel.fetchall()}


def test_lower_bound_within_one_percent_is_no_conflict(initialised_db: Path) -> None:
    add_figure(initialised_db, "a", 2024, 45e9, qualifier="over")
    row = trend(initialised_db)[2024]
    assert row["conflict"] is False
    assert row["value_usd"] == pytest.approx(44.7e9)  # the exact figure wins over a bound
    assert row["n_sources"] == 2


def test_sources_differing_by_more_than_one_percent_conflict(initialised_db: Path) -> None:
    add_figure(initialised_db, "b", 2024, 46e9)
    assert trend(initialised_db)[2024]["conflict"] is True


def test_upper_bound_below_a_value_conflicts(initialised_db: Path) -> None:
    add_figure(initialised_db, "c", 2024, 40e9, qualifier="under")
    assert trend(initialised_db)[2024]["conflict"] is True


def test_reported_previous_year_replaces_the_implied_row(initialised_db: Path) -> None:
    assert trend(initialised_db)[2023]["basis"] == "implied"
    add_figure(initialised_db, "d", 2023, 40.0e9)
    rows = trend(initialised_db)
    assert rows[2023]["basis"] == "reported"
    assert rows[2024]["computed_change_pct"] == pytest.approx(11.75)
    assert rows[2024]["implied_prev_value_usd"] == pytest.approx(44.7e9 / 1.113, rel=1e-6)


def test_partial_years_and_other_units_stay_out_of_the_trend(initialised_db: Path) -> None:
    add_figure(initialised_db, "e", 2025, 30e9, kind="partial")
    add_figure(initialised_db, "f", 2025, 678e6, unit="t")
    assert 2025 not in trend(initialised_db)


def test_each_scope_has_its_own_rows(initialised_db: Path) -> None:
    add_figure(initialised_db, "g", 2024, 3.2e9, scope="RU-KG", change=16.6)
    kg = trend(initialised_db, "RU-KG")
    assert kg[2024]["value_usd"] == pytest.approx(3.2e9)
    assert kg[2023]["value_usd"] == pytest.approx(3.2e9 / 1.166, rel=1e-6)
    assert 2024 in trend(initialised_db, "RU-CA")


def test_source_health_states(initialised_db: Path) -> None:
    with db.writer(initialised_db) as con:
        for sid, site in [("a:ru", "a"), ("b:ru", "b"), ("c:ru", "c"), ("d:ru", "d")]:
            con.execute(
                "INSERT INTO sources VALUES"
                " (?, ?, 'ru', 'RU', 'MFA', 'rss', NULL, 'high', 14, true)",
                [sid, site],
            )
        fetch = (
            "INSERT INTO fetches (fetch_id, site, source_id, url, purpose, requested_at, outcome) "
            "VALUES (?, ?, ?, 'http://x/', 'listing', now() - to_days(?), ?)"
        )
        con.execute(fetch, ["1", "b", "b:ru", 1, "blocked"])
        con.execute(fetch, ["2", "c", "c:ru", 1, "unreachable"])
        con.execute(fetch, ["3", "d", "d:ru", 40, "ok"])
        con.execute(fetch, ["4", "d", "d:ru", 1, "not_modified"])
    with db.reader(initialised_db) as con:
        states = dict(con.execute("SELECT source, state FROM source_health").fetchall())
    assert states == {"a:ru": "never_run", "b:ru": "blocked", "c:ru": "failing", "d:ru": "silent"}
