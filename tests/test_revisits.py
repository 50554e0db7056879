"""A ministry edits or removes what it published: known pages are fetched again on later nights
(conditionally, most recent first, within a window and a budget per source), an edit becomes a
revision that re-resolves its meeting, and a page gone on two revisits in a row becomes a
tombstone whose meeting, left with no support, is withdrawn and listed in `deletions`.

Nights are run by the stages the nightly runs (source state, read, extract, load) against the
fixture sites; "a day passes" moves the stored times back a day. Requests are counted on the
server.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import requests

from carta.loading import load_results
from carta.testing.sites.harness import FixtureSites
from carta.testing.sites.messages import Scripted
from normalise.articles import extract_articles
from scrapers.config import SourcesConfig
from scrapers.run import read_sources
from warehouse import db
from warehouse.archive import read_source_state
from warehouse.baseline import initialise

EDITED = ("/en/foreign_policy/news/2098765/", "/ru/foreign_policy/news/2098765/")
REMOVED = ("/en/foreign_policy/news/2104870/", "/ru/foreign_policy/news/2104870/")
TALKS = "bilateral_talks-RU-TM-2026-03-03"  # Moscow, in both language versions
FM9 = "ca_russia_fm-09"  # reported by the removed pages only
BUDGET = 6


def _night(path: Path, config: SourcesConfig, run_id: str, site: str = "mid_ru") -> None:
    source = config.get(site)
    inc = source.incremental
    with db.reader(path) as con:
        state = read_source_state(
            con,
            site,
            revisit_days=inc.revisit_days,
            revisit_every_hours=inc.revisit_every_hours,
        )
    results = read_sources([source], {site: state}, config=config, run_id=run_id)
    extractions = extract_articles(a for r in results for a in r.articles)
    load_results(path, results, extractions, config, run_id, lambda con, loaded: None)


def _age(path: Path, days: int, paths: tuple[str, ...] | None = None, site: str = "mid_ru") -> None:
    """Move the stored times of a site's pages (or only of `paths`) `days` back: time passing."""
    which = (
        ""
        if paths is None
        else "AND list_contains(?, regexp_replace(canonical_url, '^https://[^/]+', ''))"
    )
    extra = [] if paths is None else [list(paths)]
    with db.writer(path) as con, db.transaction(con):
        con.execute(
            "UPDATE documents SET first_seen_at = first_seen_at - to_days(?), "
            f"last_seen_at = last_seen_at - to_days(?) WHERE site = ? {which}",
            [days, days, site, *extra],
        )
        con.execute(
            f"UPDATE revisits SET checked_at = checked_at - to_days(?) WHERE site = ? {which}",
            [days, site, *extra],
        )


def _forget_requests(sites: FixtureSites) -> None:
    mid = sites["mid_ru"]
    with mid.lock:
        mid.hits.clear()


def _rows(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with db.reader(path) as con:
        return con.execute(sql, list(params)).fetchall()


def _article_requests(sites: FixtureSites) -> list[Any]:
    return [h for h in sites["mid_ru"].hits if re.search(r"/news/\d+/$", h.path)]


def test_edits_and_removals_on_the_site_reach_the_meetings(
    sites: FixtureSites, tmp_path: Path
) -> None:
    config = sites.config({"sources": {"mid_ru": {"incremental": {"revisit_max": BUDGET}}}})
    path = tmp_path / "carta.duckdb"
    with db.writer(path) as con:
        initialise(con)
    _night(path, config, "night-1")
    assert _rows(path, "SELECT city FROM meeting_timeline WHERE meeting_id = ?", TALKS) == [
        ("Moscow",)
    ]

    # the site edits one item (both language versions) and removes another
    mid = sites["mid_ru"]
    for target in EDITED:
        page = requests.get(mid.base + target, timeout=10).content
        body = page.replace(b"in Moscow", b"in Sochi").replace(
            "в Москве".encode(), "в Сочи".encode()
        )
        assert body != page
        mid.script(
            target, Scripted(200, {"Content-Type": "text/html; charset=utf-8"}, body, times=2)
        )
    for target in REMOVED:
        mid.script(target, Scripted(404, {}, b"<html><body>Not found</body></html>", times=2))
    # the next night: the edited and removed pages are the most recent, one page is too old
    old = "/en/foreign_policy/news/2097013/"
    _age(path, 2)
    _age(path, -1, EDITED + REMOVED)
    _age(path, 26, (old,))
    _forget_requests(sites)
    _night(path, config, "night-2")

    asked = _article_requests(sites)
    assert len(asked) == BUDGET, [h.path for h in asked]
    assert {h.path for h in asked} >= set(EDITED + REMOVED)
    assert old not in {h.path for h in asked}
    unchanged = [h for h in asked if h.path not in EDITED + REMOVED]
    assert unchanged and all(
        "If-None-Match" in h.headers or "If-Modified-Since" in h.headers for h in unchanged
    )
    assert _rows(path, "SELECT city FROM meeting_timeline WHERE meeting_id = ?", TALKS) == [
        ("Sochi",)
    ]
    assert ("Moscow", "Sochi", "revision") in _rows(
        path,
        "SELECT old_value, new_value, why FROM meeting_changes WHERE meeting_id = ? "
        "AND field = 'city'",
        TALKS,
    )
    revisions = _rows(
        path, "SELECT max(revision) FROM documents WHERE canonical_url LIKE '%/2098765/'"
    )
    assert revisions == [(2,)]
    # gone once is not gone yet
    assert _rows(path, "SELECT count(*) FROM tombstones") == [(0,)]
    assert FM9 in {m for (m,) in _rows(path, "SELECT meeting_id FROM meeting_timeline")}

    _age(path, 1)
    _night(path, config, "night-3")
    removed = {
        u for (u,) in _rows(path, "SELECT id FROM deletions WHERE kind = 'document_removed'")
    }
    assert removed == {"https://mid.ru" + p for p in REMOVED}
    assert FM9 not in {m for (m,) in _rows(path, "SELECT meeting_id FROM meeting_timeline")}
    withdrawn = dict(_rows(path, "SELECT id, why FROM deletions WHERE kind = 'meeting_withdrawn'"))
    assert withdrawn[FM9].startswith("no source supports it any more: its pages were removed")
    # kept, never deleted
    assert _rows(path, "SELECT count(*) FROM meetings WHERE meeting_id = ?", FM9) == [(1,)]
    # a removed page is not asked for again
    _forget_requests(sites)
    _age(path, 1)
    _night(path, config, "night-4")
    assert not {h.path for h in _article_requests(sites)} & set(REMOVED)


def test_a_page_fetched_today_is_not_revisited_the_same_day(
    sites: FixtureSites, tmp_path: Path
) -> None:
    config = sites.config()
    path = tmp_path / "carta.duckdb"
    with db.writer(path) as con:
        initialise(con)
    _night(path, config, "night-1")
    _forget_requests(sites)
    _night(path, config, "night-1b")
    assert _article_requests(sites) == []


UZ = "bilateral_talks-RU-UZ-2025-10-14"  # three stories: mfa.uz in uz, ru and en
UZ_EN = "/en/news/bakhtiyor-saidov-and-sergey-lavrov-hold-talks-in-tashkent"
UZ_UZ = "/uz/news/baxtiyor-saidov-va-sergey-lavrov-toshkentda-muzokaralar-otkazdi"


def test_a_meeting_other_sources_support_stays_and_the_review_queue_shows_the_conflict(
    sites: FixtureSites, tmp_path: Path
) -> None:
    config = sites.config()
    path = tmp_path / "carta.duckdb"
    with db.writer(path) as con:
        initialise(con)
    _night(path, config, "night-1", "mfa_uz")
    uz = sites["mfa_uz"]
    page = requests.get(uz.base + UZ_EN, timeout=10).content
    moved = page.replace(b"Tashkent", b"Samarkand")
    uz.script(UZ_EN, Scripted(200, {"Content-Type": "text/html; charset=utf-8"}, moved, times=9))
    uz.script(UZ_UZ, Scripted(404, {}, b"gone", times=9))
    for night in ("night-2", "night-3"):
        _age(path, 1, site="mfa_uz")
        _night(path, config, night, "mfa_uz")

    line = {m: city for m, city in _rows(path, "SELECT meeting_id, city FROM meeting_timeline")}
    assert UZ in line  # the Russian story still reports it
    assert _rows(path, "SELECT id FROM deletions WHERE kind = 'document_removed'") == [
        ("https://mfa.uz" + UZ_UZ,)
    ]
    assert _rows(path, "SELECT id FROM deletions WHERE kind = 'meeting_withdrawn'") == []
    review = _rows(path, "SELECT priority, reason FROM review_queue WHERE meeting_id = ?", UZ)
    assert (1, "sources disagree on the city: Samarkand, Tashkent") in review
    changes = _rows(
        path, "SELECT run_id, field, why FROM meeting_changes WHERE meeting_id = ? ORDER BY ALL", UZ
    )
    assert changes[0] == ("night-1", "meeting", "new_meeting")
    assert all(why in ("new_meeting", "revision", "removal") for _, _, why in changes)
