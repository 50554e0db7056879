"""One reading path: `carta extract FILE --url URL` gives the record the nightly gave the same page.

Every fixture site is read as the nightly reads it; then each stored page's bytes go through the
command's path (the page's URL picks its site's adapter). A page dated only by its listing is
given that date with --published, as a user copying a page would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from carta.reading import extract_input, source_for
from carta.testing.sites.harness import FixtureSites
from normalise.articles import extract_article
from scrapers.config import load_config
from scrapers.run import read_sources

ROOT = Path(__file__).resolve().parent.parent


def _key(record: dict) -> dict:
    events = record["events"]
    event = events[0] if events else {}
    return {
        "relevant": record["relevant"],
        "language": record["language"],
        **{
            k: event.get(k)
            for k in ("event_type", "countries", "status", "date", "city", "ordinal")
        },
        "participants": sorted(p["country"] for p in event.get("participants", [])),
        "trade": sorted(
            (f["scope"], f["year"], f["value"], f["change_pct"]) for f in record["trade_figures"]
        ),
    }


def test_every_fixture_page_reads_the_same_through_carta_extract(sites: FixtureSites) -> None:
    config = sites.config()
    results = read_sources(config.enabled(), config=config)
    compared = 0
    for result in results:
        bodies = {d.canonical_url: d for d in result.documents}
        for article in result.articles:
            doc = bodies.get(article.canonical_url)
            nightly = extract_article(article)
            if doc is None or nightly is None:
                continue
            given = (
                article.published.iso()
                if article.published_source == "listing" and article.published
                else None
            )
            by_hand = extract_input(
                doc.body, url=article.canonical_url, published=given, lang=None, config=config
            )
            assert _key(by_hand.to_json()) == _key(nightly.to_json()), article.canonical_url
            compared += 1
    assert compared >= 30, f"only {compared} pages compared"


def test_a_page_of_no_configured_site_goes_through_the_generic_reader(tmp_path: Path) -> None:
    page = (
        "<html><head><meta property='article:published_time' content='2025-10-09'>"
        "<title>Site | News</title></head><body><nav>Home About</nav><article>"
        "<h1>Russia – Central Asia summit held in Dushanbe</h1>"
        "<p>The second Russia – Central Asia summit took place in Dushanbe today.</p>"
        "<p>President Vladimir Putin and President Emomali Rahmon met before the plenary.</p>"
        "</article><footer>Contacts</footer></body></html>"
    )
    assert source_for("https://news.example.org/a/1", load_config()).adapter == "generic"
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "carta",
            "extract",
            str(path),
            "--url",
            "https://news.example.org/a/1",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    record = json.loads(out.stdout)
    event = record["events"][0]
    assert (event["event_type"], event["ordinal"], event["date"], event["city"]) == (
        "summit",
        2,
        "2025-10-09",
        "Dushanbe",
    )
