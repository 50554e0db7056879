"""A date no one could have printed is no fact (issue 12, item 3): pages dated 2999 and 1900 by a
broken site clock, read by the real adapter from a local server, give no publication date and no
meeting date; the words stay, and the extractor never dates a held meeting after its report."""

from __future__ import annotations

import pytest

from carta.testing.sites.harness import FixtureSites
from carta.testing.sites.messages import Scripted
from normalise.articles import extract_articles
from normalise.extract import extract
from scrapers.run import read_sources

ARTICLE = "/en/press-releases/2025/11/foreign-minister-receives-the-ambassador-of-canada"


def _page(day: str) -> bytes:
    return (
        "<html><body><section class='release'><h1>Foreign Minister meets his Russian "
        f"counterpart</h1><time datetime='{day}T10:00:00+06:00'>{day}</time>"
        "<div class='release__text'><p>Yesterday Foreign Minister Zheenbek Kulubaev held talks "
        "with Russian Foreign Minister Sergey Lavrov in Bishkek.</p><p>The sides discussed "
        "cooperation in transport and energy.</p></div></section></body></html>"
    ).encode()


def _listing(day: str) -> bytes:
    return (
        "<html><body><h1>Press releases</h1><ul class='prs'><li class='pr'>"
        f"<a href='{ARTICLE}'>Foreign Minister meets his Russian counterpart</a> "
        f"<span class='pr__date'>{day}</span></li></ul></body></html>"
    ).encode()


@pytest.mark.parametrize("day", ["2999-11-27", "1900-11-21"])
def test_a_page_dated_by_a_broken_clock_gives_no_date(sites: FixtureSites, day: str) -> None:
    site = sites["newsite"]
    site.script("/en/press-releases", Scripted(200, {}, _listing(day)))
    site.script(ARTICLE, Scripted(200, {}, _page(day)))
    config = sites.config()
    [result] = read_sources([config.get("newsite")], config=config)
    [article] = [a for a in result.articles if a.canonical_url.endswith(ARTICLE)]
    assert article.published is None and article.published_at is None
    assert "Lavrov" in article.body_text  # the words are kept
    assert f"publication date '{day}" in (result.reason or "")
    [record] = extract_articles([article]).values()
    assert record.relevant
    assert record.events[0].date is None  # "yesterday" of no known day is no day


def test_a_held_meeting_is_never_dated_after_its_report() -> None:
    # "on 26 November 2999" written in the text: a report of 2025 cannot tell of it as held
    out = extract(
        "Foreign Minister Zheenbek Kulubaev held talks with Sergey Lavrov in Bishkek on "
        "26 November 2999.",
        published="2025-11-27",
    )
    assert out.events and out.events[0].status == "held"
    assert out.events[0].date is None


def test_a_meeting_before_1991_is_no_meeting_date() -> None:
    out = extract(
        "Foreign Minister Zheenbek Kulubaev held talks with Sergey Lavrov in Bishkek on "
        "20 November 1900.",
        published="2025-11-27",
    )
    assert out.events and out.events[0].date is None


def test_an_announcement_years_ahead_keeps_no_date() -> None:
    out = extract(
        "Foreign Minister Zheenbek Kulubaev will hold talks with Sergey Lavrov in Bishkek on "
        "20 November 2031.",
        published="2025-11-27",
    )
    assert out.events and out.events[0].status == "announced"
    assert out.events[0].date is None
    near = extract(
        "Foreign Minister Zheenbek Kulubaev will hold talks with Sergey Lavrov in Bishkek on "
        "20 March 2026.",
        published="2025-11-27",
    )
    assert near.events[0].date is not None and near.events[0].date.iso() == "2026-03-20"
