from __future__ import annotations

from pathlib import Path

from tests.conftest import run_carta
from warehouse import db


def test_check_names_each_broken_rule(initialised_db: Path) -> None:
    with db.writer(initialised_db) as con:
        con.execute("UPDATE meetings SET status = 'happened' WHERE meeting_id = 'ca_russia_fm-08'")
        con.execute(
            "INSERT INTO trade_figures (figure_id, scope, period_kind, unit, qualifier, as_quoted,"
            " provenance) VALUES ('orphan', 'RU-KZ', 'year', 'USD', 'exact', 'x', 'extracted')"
        )
    res = run_carta("check", "--db", str(initialised_db))
    assert res.returncode == 1
    assert "FAIL accepted_values" in res.stdout
    assert "happened" in res.stdout
    assert "FAIL figures_have_source" in res.stdout
    assert "orphan" in res.stdout
    assert "ok   referential_integrity" in res.stdout


def test_report_dated_before_the_meeting_breaks_the_date_window(initialised_db: Path) -> None:
    with db.writer(initialised_db) as con:
        con.execute(
            "INSERT INTO meeting_mentions (mention_id, meeting_id, role, status_claimed,"
            " published_date, provenance) VALUES ('m1', 'ca_russia_fm-08', 'report', 'held',"
            " DATE '2025-03-01', 'extracted')"
        )
    res = run_carta("check", "--db", str(initialised_db))
    assert res.returncode == 1
    assert "FAIL meeting_date_window" in res.stdout


def test_a_fetch_stored_twice_breaks_unique_keys(initialised_db: Path) -> None:
    """fetches has no key index (migration 004): the contract is what catches a double load."""
    with db.writer(initialised_db) as con:
        for _ in range(2):
            con.execute(
                "INSERT INTO fetches (fetch_id, site, url, purpose, requested_at, outcome) "
                "VALUES ('f-twice', 'mid_ru', 'https://mid.ru/', 'listing', now(), 'ok')"
            )
    res = run_carta("check", "--db", str(initialised_db))
    assert res.returncode == 1
    assert "FAIL unique_keys" in res.stdout and "f-twice" in res.stdout


def test_a_meeting_dated_2999_breaks_the_date_window(initialised_db: Path) -> None:
    """However it got there, a meeting far in the future is no fact (issue 12, item 3)."""
    with db.writer(initialised_db) as con:
        con.execute(
            "UPDATE meetings SET date = DATE '2999-11-26' WHERE meeting_id = 'ca_russia_fm-08'"
        )
    res = run_carta("check", "--db", str(initialised_db))
    assert res.returncode == 1
    assert "FAIL meeting_date_window" in res.stdout
