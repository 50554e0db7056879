"""`carta init` creates the warehouse with its baseline, and running it again changes nothing."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

from tests.conftest import run_carta
from warehouse import db


def table_fingerprints(path: Path) -> dict[str, str]:
    """A digest of every row of every base table, so a test compares content, not counts."""
    out = {}
    with db.reader(path) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
        ]
        for t in tables:
            rows = con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall()
            out[t] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def test_init_twice_changes_no_table(db_path: Path) -> None:
    first = run_carta("init", "--db", str(db_path))
    assert first.returncode == 0, first.stderr
    before = table_fingerprints(db_path)
    second = run_carta("init", "--db", str(db_path))
    assert second.returncode == 0, second.stderr
    assert "0 row(s) inserted, 0 updated" in second.stdout
    assert table_fingerprints(db_path) == before
    assert len(before) >= 15


def test_trade_trend_shows_baseline_and_implied_2023(initialised_db: Path) -> None:
    res = run_carta(
        "sql",
        "--db",
        str(initialised_db),
        "--format",
        "csv",
        "select * from trade_trend where scope = 'RU-CA' order by year",
    )
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["year"] for r in rows] == ["2023", "2024"]
    y2023, y2024 = rows
    assert float(y2024["value_usd"]) == pytest.approx(44.7e9)
    assert float(y2024["reported_change_pct"]) == pytest.approx(11.3)
    assert y2024["basis"] == "reported"
    assert float(y2023["value_usd"]) == pytest.approx(40.16e9, rel=1e-3)
    assert y2023["basis"] == "implied"


def test_timeline_shows_almaty_meeting_with_six_participants(initialised_db: Path) -> None:
    res = run_carta(
        "sql",
        "--db",
        str(initialised_db),
        "--format",
        "json",
        "select * from meeting_timeline where ordinal = 8",
    )
    assert res.returncode == 0, res.stderr
    import json

    (row,) = json.loads(res.stdout)
    assert row["date"] == "2025-04-11"
    assert row["city"] == "Almaty"
    assert row["host_country"] == "KZ"
    assert row["n_participants"] == 6
    assert row["status"] == "held"


def test_check_passes_on_fresh_warehouse(initialised_db: Path) -> None:
    res = run_carta("check", "--db", str(initialised_db))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 failed" in res.stdout


def test_baseline_participants_resolve_to_registry(initialised_db: Path) -> None:
    with db.reader(initialised_db) as con:
        rows = con.execute(
            "SELECT country, person, title FROM participation "
            "WHERE meeting_id = 'ca_russia_fm-08' ORDER BY country"
        ).fetchall()
    assert rows == [
        ("KG", "Jeenbek Kulubayev", "Minister of Foreign Affairs"),
        ("KZ", "Murat Nurtleu", "Deputy Prime Minister – Minister of Foreign Affairs"),
        ("RU", "Sergey Lavrov", "Minister of Foreign Affairs"),
        ("TJ", "Sirojiddin Muhriddin", "Minister of Foreign Affairs"),
        ("TM", "Akhmet Gurbanov", "Deputy Minister of Foreign Affairs"),
        ("UZ", "Bobur Usmanov", "Deputy Minister of Foreign Affairs"),
    ]
