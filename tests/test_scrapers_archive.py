"""Loading source results into a real DuckDB file: idempotence, revisions, stories, state."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from carta.core.documents import RawDocument, SourceResult
from carta.testing.sites.harness import FixtureSites
from scrapers.adapters import parse_document
from scrapers.run import read_sources
from warehouse import db
from warehouse.archive import (
    load_archive,
    read_document_batch,
    read_source_state,
    sync_sources,
)

TABLES = ("fetches", "documents", "articles")


def counts(con) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}


def test_load_is_idempotent_and_state_reads_back(sites: FixtureSites, db_path: Path) -> None:
    config = sites.config()
    results = read_sources([config.get(n) for n in ("mid_ru", "mfa_tm")], config=config)
    with db.writer(db_path) as con:
        first = load_archive(con, results, None)
        after_first = counts(con)
        second = load_archive(con, results, None)
        assert counts(con) == after_first
        assert second["documents"] == 0 and second["articles"] == 0 and second["fetches"] == 0
        assert second["last_seen_moved"] == 0
        assert first["documents"] == after_first["documents"] == 8 + 12
        raw_ok = con.execute(
            "SELECT count(*) FROM documents WHERE raw_bytes > 30000 AND octet_length(raw_zlib) < raw_bytes"  # noqa: E501
        ).fetchall()[0][0]
        assert raw_ok == 20
        # the ru and en versions of one mid.ru statement share a story
        stories = con.execute(
            "SELECT count(DISTINCT story_id) FROM documents WHERE canonical_url LIKE '%/2098765/'"
        ).fetchall()[0][0]
        assert stories == 1
        # mfa.gov.tm republishes 3101 as 3107 word for word: same story, in each language
        pairs = con.execute(
            "SELECT language, count(DISTINCT story_id), count(*) FROM documents "
            "WHERE regexp_matches(canonical_url, '/news/(3101|3107)$') GROUP BY language ORDER BY 1"
        ).fetchall()
        assert pairs == [("en", 1, 2), ("ru", 1, 2), ("tk", 1, 2)]
        state = read_source_state(con, "mid_ru")
    assert len(state.known) == 8
    assert "https://mid.ru/ru/foreign_policy/news/2098765/" in state.known
    assert state.newest_published is not None and state.newest_published.isoformat() == "2026-04-10"
    # articles by canonical URL, listings and feeds by the URL they were fetched from
    assert set(state.known) <= set(state.validators)
    assert {u for u in state.validators if u not in state.known} == {
        f"{sites['mid_ru'].base}/{lang}/{path}"
        for lang in ("ru", "en")
        for path in ("rss.php", "foreign_policy/news/")
    }
    assert len(state.robots_fetched_at) == 1
    assert list(state.robots_txt) == [sites["mid_ru"].base]


def _with_body(result: SourceResult, url_end: str, change: bytes, *, text: bool) -> SourceResult:
    """The same result, but the page at `url_end` re-served with different bytes."""
    docs = []
    for d in result.documents:
        if d.canonical_url.endswith(url_end):
            old = b"</p>" if text else b"</body>"
            body = d.body.replace(old, change + old, 1)
            d = RawDocument.make(
                canonical_url=d.canonical_url, site=d.site, language=d.language, body=body,
                content_type=d.content_type, fetched_at=d.fetched_at.replace(year=2027), story_key=d.story_key,  # noqa: E501
            )  # fmt: skip
        docs.append(d)
    return replace(result, documents=tuple(docs), fetches=())


def test_changed_text_is_a_new_revision_new_chrome_is_not(
    sites: FixtureSites, db_path: Path
) -> None:
    config = sites.config()
    result = read_sources([config.get("mfa_tj")], config=config)[0]
    target = "/en/main/view/19122/telephone-conversation-between-the-foreign-ministers-of-tajikistan-and-russia"  # noqa: E501
    chrome_only = _with_body(result, target, b"<!-- new footer --><span>v2</span>", text=False)
    edited = _with_body(
        result,
        target,
        b" The conversation was held at the initiative of the Russian side.",
        text=True,
    )
    source = config.get("mfa_tj")
    reparsed = tuple(
        parse_document(d, config) if d.canonical_url.endswith(target) else a
        for d, a in zip(edited.documents, edited.articles, strict=True)
    )
    edited = replace(edited, articles=reparsed)
    assert source.id == "mfa_tj"
    with db.writer(db_path) as con:
        load_archive(con, [result], "run-1")
        moved = load_archive(con, [chrome_only], "run-2")
        assert moved["documents"] == 0 and moved["last_seen_moved"] == 1
        changed = load_archive(con, [edited], "run-3")
        assert changed["documents"] == 1 and changed["revisions"] == 1
        rows = con.execute(
            "SELECT revision, story_id, run_id FROM documents WHERE canonical_url LIKE ? ORDER BY revision",  # noqa: E501
            ["%" + target],
        ).fetchall()
        assert [r[0] for r in rows] == [1, 2]
        assert rows[0][1] == rows[1][1] and rows[1][2] == "run-3"
        body = con.execute(
            "SELECT a.body_text FROM articles a JOIN documents d USING (doc_id) "
            "WHERE d.canonical_url LIKE ? AND d.revision = 2",
            ["%" + target],
        ).fetchall()[0][0]
        assert "initiative of the Russian side" in body


def test_stored_documents_reparse_without_the_network(sites: FixtureSites, db_path: Path) -> None:
    config = sites.config()
    results = read_sources([config.get(n) for n in ("gov_kz", "mid_ru", "mfa_uz")], config=config)
    originals = {a.canonical_url: a for r in results for a in r.articles}
    with db.writer(db_path) as con:
        load_archive(con, results, None)
        batches = []
        after = ""
        while batch := read_document_batch(con, after=after, batch_size=7):
            batches.append(batch)
            after = batch[-1].cursor
    assert len(batches) > 2 and all(len({d.story_id for d in b}) <= 7 for b in batches)
    seen = 0
    for batch in batches:
        for item in batch:
            doc = item.raw
            again = parse_document(doc, config)
            before = originals[doc.canonical_url]
            assert again.title == before.title and again.body_text == before.body_text
            assert again.published is not None
            assert again.published.to_date() == before.published.to_date()  # type: ignore[union-attr]
            seen += 1
    assert seen == len(originals) == 9 + 8 + 9


def test_a_reprocess_since_a_day_reads_only_what_was_published_from_it(
    sites: FixtureSites, db_path: Path
) -> None:
    config = sites.config()
    results = read_sources([config.get("mid_ru")], config=config)
    published = {
        a.canonical_url: a.row("-", datetime.now(UTC))["published_date"]
        for a in results[0].articles
    }
    days = sorted(d for d in published.values() if isinstance(d, date))
    cut = days[len(days) // 2]
    with db.writer(db_path) as con:
        load_archive(con, results, None)
        whole = read_document_batch(con, after="", batch_size=100)
        recent = read_document_batch(con, after="", batch_size=100, since=cut)
    assert len(whole) == len(published)
    assert {i.raw.canonical_url for i in recent} == {
        u for u, d in published.items() if not isinstance(d, date) or d >= cut
    }
    assert 0 < len(recent) < len(whole)


def test_sync_sources_writes_one_row_per_site_and_language(initialised_db: Path) -> None:
    from scrapers.config import load_config

    with db.writer(initialised_db) as con:
        first = sync_sources(con, load_config().listings())
        again = sync_sources(con, load_config().listings())
        rows = con.execute("SELECT source_id, confidence FROM sources ORDER BY 1").fetchall()
    assert first["inserted"] == 16 and again == {"inserted": 0, "updated": 0}
    assert ("mfa_kg:ru", "guess") in rows and ("mid_ru:en", "high") in rows


@pytest.mark.parametrize("site", ["mid_ru", "mfa_tj", "mfa_kg", "mfa_uz"])
def test_second_night_asks_only_conditionally_and_gets_304s(
    sites: FixtureSites, db_path: Path, site: str
) -> None:
    """Listings, feeds and sitemaps are asked with the validators the warehouse kept, so a
    night with nothing new costs one small 304 per endpoint and no robots.txt."""
    config = sites.config()
    source = config.get(site)
    first = read_sources([source], config=config)[0]
    with db.writer(db_path) as con:
        load_archive(con, [first], "run-1")
        state = read_source_state(con, site)
    second = read_sources([source], {site: state}, config=config)[0]
    asked = [(f.purpose, f.url, f.outcome) for f in second.fetches]
    assert asked, "the second night asked nothing at all"
    assert {o for _, _, o in asked} == {"not_modified"}, asked
    assert "robots" not in {p for p, _, _ in asked}
    assert second.documents == ()


def test_the_nightly_reads_the_state_as_each_sources_configuration_asks(
    sites: FixtureSites, db_path: Path, tmp_path: Path
) -> None:
    """`incremental.overlap_days` and `incremental.state_window_days` are read where they are
    used (they were once validated and then ignored for constants)."""
    from flows.tasks import source_states
    from warehouse.baseline import initialise

    config = sites.config()
    results = read_sources([config.get("mid_ru")], config=config)
    with db.writer(db_path) as con:
        initialise(con)
        load_archive(con, results, None)
        con.execute(
            "UPDATE documents SET first_seen_at = first_seen_at - INTERVAL 30 DAY, "
            "last_seen_at = last_seen_at - INTERVAL 30 DAY"
        )
    shipped = source_states(db_path, [config.get("mid_ru")], "nightly")["mid_ru"]
    assert (len(shipped.known), shipped.overlap_days) == (8, 3)  # 120 days, 3 days
    tuned = sites.config({"sources": {"mid_ru": {"incremental": {
        "overlap_days": 9, "state_window_days": 10}}}})  # fmt: skip
    state = source_states(db_path, [tuned.get("mid_ru")], "nightly")["mid_ru"]
    assert (len(state.known), state.overlap_days) == (0, 9)  # seen 30 days ago: outside 10
    walked = source_states(db_path, [tuned.get("mid_ru")], "backfill")["mid_ru"]
    assert len(walked.known) == 8  # a backfill remembers the whole history
