"""Each public view is described beside its SQL (sql/views/<view>.toml, in the manner of dbt's
schema.yml): its columns are the view's, in order; the tests it declares hold on a real
warehouse; and the README's table of views says the same."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from carta.core import codes
from carta.core.meetings import Correction
from carta.loading import make_correction
from scrapers.config import load_config
from tests.conftest import ROOT
from warehouse import db
from warehouse.archive import sync_sources

VIEWS = sorted(p.stem for p in (ROOT / "sql" / "views").glob("*.sql"))


def _doc(view: str) -> dict[str, Any]:
    return tomllib.loads((ROOT / "sql" / "views" / f"{view}.toml").read_text(encoding="utf-8"))


def test_every_view_has_its_description_and_nothing_else_does() -> None:
    docs = sorted(p.stem for p in (ROOT / "sql" / "views").glob("*.toml"))
    assert docs == VIEWS


@pytest.fixture
def warehouse(initialised_db: Path) -> Path:
    """The baseline, with two corrections: one meeting withdrawn, one field set (so the
    history, the deletions and the review queue have rows)."""
    now = datetime.now(UTC)
    made = [
        Correction("cx-1", "ca_russia_summit-01", "not_relevant", None, None, "a test", "t", now),
        Correction("cx-2", "ca_russia_summit-02", "set", "city", "Dushanbe", "a test", "t", now),
    ]
    with db.writer(initialised_db) as con, db.transaction(con):
        sync_sources(con, load_config().listings())
        for c in made:
            make_correction(con, c, now)
    return initialised_db


@pytest.mark.parametrize("view", VIEWS)
def test_a_views_columns_and_tests_are_as_described(warehouse: Path, view: str) -> None:
    doc = _doc(view)
    with db.reader(warehouse) as con:
        columns = [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]
        assert list(doc["columns"]) == columns, "document the view's columns, in its order"
        assert con.execute(f"SELECT count(*) FROM {view}").fetchall()[0][0] > 0
        meta = doc["view"]
        for key in meta.get("unique", []):
            cols = ", ".join(key)
            dupes = con.execute(
                f"SELECT {cols}, count(*) FROM {view} GROUP BY ALL HAVING count(*) > 1"
            ).fetchall()
            assert dupes == [], (view, key)
        for col in meta.get("not_null", []):
            assert col in columns, (view, col)
            nulls = con.execute(f"SELECT count(*) FROM {view} WHERE {col} IS NULL").fetchall()
            assert nulls == [(0,)], (view, col)
        accepted = meta.get("accepted", [])
        coded = sorted(c.split(".")[1] for c in codes.VIEW_COLUMNS if c.startswith(view + "."))
        assert sorted(accepted) == coded, "document exactly the coded columns of carta.core.codes"
        for col in accepted:
            values = list(codes.values(codes.VIEW_COLUMNS[f"{view}.{col}"]))
            bad = con.execute(
                f"SELECT DISTINCT {col} FROM {view} WHERE {col} IS NOT NULL "
                f"AND NOT list_contains(?, {col}::VARCHAR)",
                [values],
            ).fetchall()
            assert bad == [], (view, col, bad)


def test_the_readmes_table_of_views_says_what_the_descriptions_say() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [ln for ln in readme.splitlines() if ln.startswith("| `") and "carta sql" in ln]
    listed = {ln.split("`")[1]: ln.split("|")[2].strip() for ln in rows}
    assert sorted(listed) == VIEWS
    for view in VIEWS:
        assert listed[view] == _doc(view)["view"]["grain"], view
