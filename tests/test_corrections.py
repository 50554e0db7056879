"""Analysts' corrections stay: made with `carta correct`, they hold after `carta reprocess`, after
a re-load of everything from the archive, and through an export and an import into a fresh
warehouse; one whose meeting is gone is reported, never dropped.

The warehouse is filled from the fixture sites by the stages the nightly runs (read, extract,
load); the corrections go through the real `carta` command.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from carta.loading import load_results, reprocess_batch
from carta.testing.sites.harness import FixtureSites
from normalise.articles import extract_articles
from scrapers.config import SourcesConfig
from scrapers.run import read_sources
from tests.conftest import run_carta
from warehouse import db
from warehouse.baseline import initialise

TM = "bilateral_talks-RU-TM-2026-02-05"  # one story, in Ashgabat
TM_LATER = "bilateral_talks-RU-TM-2026-03-03"
UZ = "bilateral_talks-RU-UZ-2025-10-14"  # three stories
KG = "bilateral_talks-KG-RU-2025-11-12"
FM9 = "ca_russia_fm-09"


def _fill(path: Path, sites: FixtureSites) -> SourcesConfig:
    config = sites.config()
    results = read_sources(config.enabled(), config=config)
    with db.writer(path) as con:
        initialise(con)
    extractions = extract_articles(a for r in results for a in r.articles)
    load_results(path, results, extractions, config, "night-1", lambda con, loaded: None)
    return config


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory, fixture_sites: FixtureSites) -> Path:
    fixture_sites.reset()
    path = tmp_path_factory.mktemp("filled") / "carta.duckdb"
    _fill(path, fixture_sites)
    return path


@pytest.fixture
def wh(filled: Path, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "carta.duckdb"
    shutil.copy(filled, path)
    yield path


def _reprocess(path: Path, config: SourcesConfig) -> None:
    """Every archived page re-read and re-loaded, batch by batch, as `carta reprocess` does."""
    after: str | None = ""
    while after is not None:
        after, _ = reprocess_batch(path, after, [], None, 10, config, "reprocess-test")


def _timeline(path: Path) -> dict[str, tuple[Any, ...]]:
    with db.reader(path) as con:
        rows = con.execute(
            "SELECT meeting_id, date, status, city, host_country, n_mentions, n_participants, "
            "provenance, corrected FROM meeting_timeline"
        ).fetchall()
    return {r[0]: r[1:] for r in rows}


def _one(path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with db.reader(path) as con:
        return con.execute(sql, list(params)).fetchall()


def _correct(path: Path, *args: str) -> str:
    res = run_carta("correct", *args, "--author", "analyst-1", "--db", str(path))
    assert res.returncode == 0, res.stderr
    return res.stdout


def _clear_derived(path: Path) -> None:
    """Forget everything read from the pages (not the archive, not the corrections)."""
    with db.writer(path) as con, db.transaction(con):
        con.execute("DELETE FROM meeting_mentions WHERE provenance = 'extracted'")
        con.execute("DELETE FROM participations WHERE provenance <> 'baseline'")
        con.execute("DELETE FROM trade_figures WHERE provenance = 'extracted'")
        con.execute("DELETE FROM meetings WHERE provenance <> 'baseline'")


def test_a_set_field_holds_through_reprocess_and_a_reload_from_the_archive(
    wh: Path, sites: FixtureSites
) -> None:
    assert _timeline(wh)[TM][2] == "Ashgabat"
    said = _correct(wh, TM, "--set", "city=Turkmenbashi", "--why", "the page names the wrong city")
    assert said.startswith(f"corrected {TM}: city = Turkmenbashi (cx-")
    row = _timeline(wh)[TM]
    assert row[2] == "Turkmenbashi" and row[6] == "analyst" and row[7] == ["city"]
    change = _one(
        wh,
        "SELECT old_value, new_value, why FROM meeting_changes WHERE meeting_id = ? "
        "AND field = 'city'",
        TM,
    )
    assert change == [("Ashgabat", "Turkmenbashi", "correction")]

    config = sites.config()
    _reprocess(wh, config)
    assert _timeline(wh)[TM][2] == "Turkmenbashi"
    _clear_derived(wh)
    assert TM not in _timeline(wh)
    _reprocess(wh, config)
    again = _timeline(wh)[TM]
    assert again[2] == "Turkmenbashi" and again[6] == "analyst"


def test_merge_split_not_relevant_and_a_participant_hold_through_a_reload(
    wh: Path, sites: FixtureSites
) -> None:
    stories = [
        s
        for (s,) in _one(
            wh, "SELECT DISTINCT story_id FROM meeting_mentions WHERE meeting_id = ? ORDER BY 1", UZ
        )
    ]
    assert len(stories) == 3
    _correct(wh, TM_LATER, "--merge", TM, "--why", "one visit, reported twice")
    _correct(wh, UZ, "--split", stories[0], "--why", "this story is about an earlier visit")
    _correct(wh, KG, "--not-relevant", "--why", "a trade fair, not talks")
    _correct(
        wh, FM9, "--add-participant", "mikhail-mishustin", "--why", "named in the photo caption"
    )

    def check() -> None:
        line = _timeline(wh)
        assert TM_LATER not in line and KG not in line
        assert line[TM][4] == 2  # both stories count for the meeting kept
        split = [m for m in line if m.startswith(UZ + "~")]
        assert len(split) == 1 and line[split[0]][4] == 1 and line[UZ][4] == 2
        people = _one(
            wh, "SELECT person_id, provenance FROM participation WHERE meeting_id = ?", FM9
        )
        assert ("mikhail-mishustin", "analyst") in people
        gone = dict(_one(wh, "SELECT id, why FROM deletions WHERE kind = 'meeting_withdrawn'"))
        assert gone[TM_LATER].startswith(f"merged into {TM} (analyst-1: one visit")
        assert gone[KG].startswith("not relevant (analyst-1: a trade fair")

    check()
    config = sites.config()
    _reprocess(wh, config)
    check()
    _clear_derived(wh)
    _reprocess(wh, config)
    check()


def test_a_chain_of_merges_sends_every_story_to_its_end(wh: Path, sites: FixtureSites) -> None:
    _correct(wh, KG, "--merge", TM_LATER, "--why", "the same visit")
    _correct(wh, TM_LATER, "--merge", TM, "--why", "the same visit")
    config = sites.config()
    for _ in range(2):
        line = _timeline(wh)
        assert KG not in line and TM_LATER not in line
        assert line[TM][4] == 4  # its own story, the later talks and both KG stories
        _clear_derived(wh)
        _reprocess(wh, config)


def test_export_then_import_into_a_fresh_warehouse_reproduces_the_corrections(
    wh: Path, sites: FixtureSites, tmp_path: Path
) -> None:
    _correct(wh, TM, "--set", "date=2026-02-06", "--set", "host_country=TM", "--why", "dateline")
    _correct(wh, KG, "--not-relevant", "--why", "not talks")
    _correct(wh, TM_LATER, "--merge", TM, "--why", "the same visit")
    exported = tmp_path / "corrections.toml"
    res = run_carta("corrections", "export", str(exported), "--db", str(wh))
    assert res.returncode == 0 and "wrote 4 correction(s)" in res.stdout, res.stderr
    assert 'value = "2026-02-06"' in exported.read_text(encoding="utf-8")

    fresh = tmp_path / "fresh" / "carta.duckdb"
    fresh.parent.mkdir()
    _fill(fresh, sites)
    assert _timeline(fresh) != _timeline(wh)
    res = run_carta("corrections", "import", str(exported), "--db", str(fresh))
    assert res.returncode == 0 and "imported 4 correction(s)" in res.stdout, res.stderr
    assert _timeline(fresh) == _timeline(wh)
    # importing the same file again changes nothing
    assert run_carta("corrections", "import", str(exported), "--db", str(fresh)).returncode == 0
    assert _timeline(fresh) == _timeline(wh)
    assert _one(fresh, "SELECT count(*) FROM corrections") == [(4,)]


def test_a_correction_whose_meeting_is_gone_is_reported_not_dropped(
    wh: Path, tmp_path: Path
) -> None:
    file = tmp_path / "c.toml"
    file.write_text(
        '[[correction]]\nid = "cx-old"\nmeeting = "phone_call-RU-TM-2019-01-01"\n'
        'action = "set"\nfield = "city"\nvalue = "Mary"\nwhy = "an old fix"\n'
        'author = "someone"\nmade_at = 2026-01-05T10:00:00Z\n',
        encoding="utf-8",
    )
    res = run_carta("corrections", "import", str(file), "--db", str(wh))
    assert res.returncode == 0
    assert "1 name a meeting not in this warehouse (kept as stale)" in res.stdout
    listed = run_carta("corrections", "list", "--db", str(wh)).stdout
    assert "phone_call-RU-TM-2019-01-01" in listed and "stale" in listed
    review = run_carta("review", "--format", "csv", "--db", str(wh))
    assert review.returncode == 0
    assert "a correction no longer applies (its meeting is gone): set city = Mary" in review.stdout


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (
            ("no-such-meeting", "--set", "city=X"),
            65,
            "no meeting 'no-such-meeting' in the warehouse",
        ),
        ((TM, "--set", "date=2026-02-30"), 2, "date '2026-02-30' is not a day of the calendar"),
        ((TM, "--set", "colour=red"), 2, "cannot set 'colour': the fields that can be set are"),
        ((TM, "--set", "status=happened"), 2, "status 'happened' is not one of announced"),
        ((TM, "--merge", TM), 65, f"cannot merge {TM} into '{TM}': no such other meeting"),
        ((TM, "--add-participant", "nobody"), 65, "no person 'nobody' in the registry"),
        ((TM, "--split", "st-none"), 65, "cannot split story 'st-none' out of"),
        ((TM,), 2, "say what to correct"),
    ],
)
def test_a_correction_that_cannot_be_made_is_one_line_and_changes_nothing(
    wh: Path, args: tuple[str, ...], code: int, line: str
) -> None:
    before = _timeline(wh)
    res = run_carta("correct", *args, "--why", "x", "--db", str(wh))
    assert res.returncode == code, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and line in res.stderr
    assert _timeline(wh) == before
    assert _one(wh, "SELECT count(*) FROM corrections") == [(0,)]
