"""Smoke test of the benchmark suite's own parts (the benchmarks themselves are not run in CI):
the page generator makes pages the adapters really parse, the synthetic warehouse really holds
what the views read, and the results table renders."""

from __future__ import annotations

from pathlib import Path

from bench.common import Section, render
from bench.pages import HTML_SITES, MAX_KIB, MIN_KIB, generate, make_page
from bench.synthetic import generate as fill_warehouse
from normalise.articles import extract_article
from scrapers.adapters import parse_document
from scrapers.config import load_config
from warehouse import db
from warehouse.baseline import initialise


def test_generated_pages_are_deterministic_realistic_and_parsed_by_the_adapters() -> None:
    config = load_config()
    pages = list(generate(10, seed=3))
    again = list(generate(10, seed=3))
    assert [p.raw.body for p in pages] == [p.raw.body for p in again]
    assert {p.site for p in pages} == set(HTML_SITES)
    assert len({p.raw.canonical_url for p in pages}) == 10
    hashes = set()
    for page in pages:
        assert MIN_KIB * 1024 <= len(page.raw.body) <= MAX_KIB * 1024
        article = parse_document(page.raw, config)
        assert article.title and article.published, page.raw.canonical_url
        assert len(article.body_text) > 150
        assert "{{" not in page.raw.body.decode()
        hashes.add(article.text_hash)
    assert len(hashes) == 10  # no two pages share a text, so the archive keeps them apart


def test_meeting_pages_are_extracted_as_relevant_and_the_others_are_not() -> None:
    config = load_config()
    for n, site in enumerate(HTML_SITES):
        page = make_page(n, seed=5, relevant=True)
        assert page.site == site
        record = extract_article(parse_document(page.raw, config))
        assert record is not None and record.relevant and record.events, page.template
        other = make_page(n, seed=5, relevant=False)
        record = extract_article(parse_document(other.raw, config))
        assert record is None or not record.relevant, other.template


def test_synthetic_warehouse_has_the_proportions_the_views_read(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.duckdb"
    with db.writer(path) as con:
        initialise(con)
        fill_warehouse(con, 2000)
    with db.reader(path) as con:
        count = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
            for t in ("documents", "articles", "fetches", "meeting_mentions", "trade_figures")
        }
        assert count["documents"] == count["articles"] == 2000
        assert count["fetches"] == 6000
        assert count["meeting_mentions"] == 2000 // 50 + 1  # + the baseline's mention
        assert con.execute("SELECT count(*) FROM meeting_timeline").fetchall()[0][0] == 5 + 3
        assert con.execute("SELECT count(*) FROM participation").fetchall()[0][0] == 5 * 4 + 6
        assert con.execute("SELECT count(*) FROM trade_trend").fetchall()[0][0] > 10
        raw = con.execute("SELECT raw_zlib FROM documents LIMIT 1").fetchall()[0][0]
    import zlib

    assert zlib.decompress(raw).startswith(b"<!DOCTYPE html>")


def test_results_table_renders_every_row_with_its_verdict() -> None:
    sec = Section("x", "1. Something")
    sec.add("carta / peer", "4.20x", "4.20", ">= 4x", "met")
    sec.add("a | b", "1 s", verdict="MISSED")
    sec.notes.append("a note")
    text = render([sec], [("CPU", "test")], "# results")
    lines = text.splitlines()
    assert "| measure | metric | median | ratio | target | verdict |" in lines
    assert "| 1. Something | carta / peer | 4.20x | 4.20 | >= 4x | met |" in lines
    assert "| 1. Something | a \\| b | 1 s |  |  | MISSED |" in lines
    assert "- a note" in lines and "| CPU | test |" in lines


def test_the_refusal_bench_measures_refusals_that_really_happen() -> None:
    from bench.common import Settings
    from bench.refusal import run

    sec = run(Settings(quick=True, repeats=1, warmup=0))
    (row,) = sec.rows
    assert row.verdict in ("met", "MISSED") and row.value.endswith(" s")
    assert "No case created a warehouse" in sec.notes[0]
    assert "carta run --sources bogus" in sec.details[0]
