"""The six adapters (and a new site) against their fixture sites on local HTTP servers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from carta.core.documents import KnownDocument, SourceResult, SourceState
from carta.testing.sites.harness import FixtureSites
from scrapers.http import HttpClient
from scrapers.run import read_source, read_sources

EXPECTED = {
    "mid_ru": {
        "ru": (
            "О переговорах Министра иностранных дел Российской Федерации С.В.Лаврова с Заместителем",  # noqa: E501
            "2026-03-03",
        ),
        "en": ("Foreign Minister Sergey Lavrov's talks with Deputy Chairman", "2026-03-03"),
    },
    "gov_kz": {
        "ru": ("В Алматы состоялась восьмая встреча", "2025-04-11"),
        "en": ("Almaty hosts the eighth meeting", "2025-04-11"),
        "kk": ("Алматыда Орталық Азия елдері мен Ресей", "2025-04-11"),
    },
    "mfa_tj": {
        "tg": ("Гуфтугӯи телефонии Вазири корҳои хориҷии Тоҷикистон", "2026-01-20"),
        "ru": ("Телефонный разговор министров иностранных дел Таджикистана и России", "2026-01-20"),
        "en": ("Telephone conversation between the Foreign Ministers", "2026-01-20"),
    },
    "mfa_tm": {
        "tk": ("Türkmenistanyň Daşary işler ministrliginde Russiýanyň", "2026-02-05"),
        "ru": ("В МИД Туркменистана прошли переговоры", "2026-02-05"),
        "en": ("Talks held at the MFA of Turkmenistan", "2026-02-05"),
    },
    "mfa_kg": {
        "ru": ("Министр иностранных дел Кыргызской Республики Жээнбек Кулубаев", "2025-11-12"),
        "en": (
            "Minister of Foreign Affairs of the Kyrgyz Republic Jeenbek Kulubayev",
            "2025-11-12",
        ),
    },
    "mfa_uz": {
        "uz": ("Baxtiyor Saidov va Sergey Lavrov Toshkentda", "2025-10-14"),
        "ru": ("Бахтиёр Саидов и Сергей Лавров провели переговоры", "2025-10-14"),
        "en": ("Bakhtiyor Saidov and Sergey Lavrov hold talks", "2025-10-14"),
    },
    "newsite": {"en": ("Foreign Minister receives the Ambassador of Canada", "2025-11-20")},
}


def state_from(result: SourceResult) -> SourceState:
    """What the warehouse would know after loading `result` (the archive test checks the real one)."""  # noqa: E501
    arts = {a.canonical_url: a for a in result.articles}
    known = {
        d.canonical_url: KnownDocument(
            d.content_hash,
            arts[d.canonical_url].text_hash if d.canonical_url in arts else None,
            1,
        )
        for d in result.documents
    }
    return SourceState(site=result.site, known=known)


@pytest.mark.parametrize("site", list(EXPECTED))
def test_adapter_reads_every_language_then_fetches_nothing_again(
    sites: FixtureSites, site: str
) -> None:
    config = sites.config()
    source = config.get(site)
    with HttpClient(config.settings) as http:
        first = read_source(source, None, http)
    assert first.status == "ok", first.reason
    assert first.counts["failed"] == 0 and first.counts["new"] == len(first.articles)
    for lang, (title, day) in EXPECTED[site].items():
        hits = [
            a for a in first.articles
            if a.language == lang and a.title and a.title.startswith(title)
        ]  # fmt: skip
        assert hits, f"{site}:{lang} story not read"
        art = next(a for a in hits if a.published is not None and a.published.iso() == day)
        assert len(art.body_text) > 150 and art.parser_version.startswith(source.adapter)
        assert art.canonical_url.startswith(source.canonical)
    for doc in first.documents:
        assert doc.content_hash and doc.body

    def article_hits() -> list[object]:
        return [h for h in sites[site].hits if h.method == "GET" and h.target in article_paths]

    article_paths = {
        "/" + d.canonical_url.split("/", 3)[3]
        for d in first.documents
        if d.content_type != "application/json"
    }
    assert len(article_hits()) == len(article_paths)
    sites[site].reset()
    with HttpClient(config.settings) as http:
        second = read_source(source, state_from(first), http)
    assert second.status == "ok", second.reason
    assert second.counts["new"] == 0 and second.counts["changed"] == 0
    assert second.counts["unchanged"] >= len(EXPECTED[site])
    assert article_hits() == []


def test_gov_kz_story_keys_join_languages(sites: FixtureSites) -> None:
    config = sites.config()
    result = read_sources([config.get("gov_kz")], config=config)[0]
    keys = {a.language: a.story_key for a in result.articles if "1012345" in a.canonical_url}
    assert keys == {"ru": "gov_kz:1012345", "en": "gov_kz:1012345", "kk": "gov_kz:1012345"}
    assert {a.published_source for a in result.articles} == {"api"}


def test_mfa_tm_detects_a_russian_item_in_the_english_edition(sites: FixtureSites) -> None:
    config = sites.config()
    result = read_sources([config.get("mfa_tm")], config=config)[0]
    item = next(a for a in result.articles if a.canonical_url.endswith("/en/news/3099"))
    assert (item.language, item.language_source) == ("ru", "detected")
    talks = next(a for a in result.articles if a.canonical_url.endswith("/en/news/3101"))
    assert (talks.language, talks.language_source) == ("en", "declared")


def test_pages_are_walked_where_allowed_and_never_where_robots_forbid(sites: FixtureSites) -> None:
    config = sites.config()
    read_sources([config.get("mfa_tj"), config.get("mfa_tm")], config=config)
    assert sites["mfa_tj"].requests_to("/tg/main/ittiloot/khabarho-va-ruidodho?page=2")
    assert sites["mfa_tm"].requests_to("/ru/news?page=2")
    backfill = read_sources(
        [config.get("mid_ru")],
        config=config,
        mode="backfill",
        since=__import__("datetime").date(2020, 1, 1),
    )[0]
    assert not [h for h in sites["mid_ru"].hits if "PAGEN" in h.query]
    assert backfill.status == "partial"
    assert "robots.txt forbids paging" in (backfill.reason or "")
    refused = [f for f in backfill.fetches if f.outcome == "robots_disallowed"]
    assert refused and all(f.status_code is None for f in refused)
    assert len(sites["mid_ru"].requests_to("/robots.txt")) == 1


def test_robots_disallow_of_a_listing_forbids_the_source(sites: FixtureSites) -> None:
    from carta.testing.sites.messages import Scripted

    sites["newsite"].script(
        "/robots.txt",
        Scripted(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /en/\n"),
    )
    config = sites.config()
    result = read_sources([config.get("newsite")], config=config)[0]
    assert result.status == "robots_forbidden"
    assert [h.path for h in sites["newsite"].hits] == ["/robots.txt"]


def test_a_failing_source_leaves_the_others_intact(sites: FixtureSites) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    config = sites.config({"sources": {"mfa_kg": {"base_url": dead}}})
    chosen = [config.get(n) for n in ("mfa_kg", "mfa_tj", "newsite")]
    results = {r.site: r for r in read_sources(chosen, config=config)}
    assert results["mfa_kg"].status == "unreachable"
    assert results["mfa_tj"].status == "ok" and results["newsite"].status == "ok"
    assert len(results["mfa_tj"].articles) == 9


def test_a_parser_bug_fails_one_language_not_the_source(
    sites: FixtureSites, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scrapers.adapters import ADAPTERS

    listing = ADAPTERS["listing"]
    original = listing.parse_listing

    def broken(raw: bytes, url: str, source, *, language: str, content_type=None):  # type: ignore[no-untyped-def]
        if language == "ru":
            raise KeyError("bug")
        return original(raw, url, source, language=language, content_type=content_type)

    monkeypatch.setattr(listing, "parse_listing", broken)
    config = sites.config()
    result = read_sources([config.get("mfa_tj")], config=config)[0]
    assert result.status == "partial"
    assert result.languages == {"tg": "ok", "ru": "failed", "en": "ok"}
    assert "internal error: KeyError" in (result.reason or "")


def test_check_mode_reads_one_listing_and_one_article_per_language(sites: FixtureSites) -> None:
    config = sites.config()
    result = read_sources([config.get("mfa_tj")], config=config, mode="check")[0]
    assert result.status == "ok"
    assert [f.purpose for f in result.fetches].count("article") == 3
    assert not sites["mfa_tj"].requests_to("/tg/main/ittiloot/khabarho-va-ruidodho?page=2")


def test_layout_change_names_the_selector(sites: FixtureSites) -> None:
    config = sites.config({"sources": {"mfa_tj": {"selectors": {"listing_item": [".card-news"]}}}})
    result = read_sources([config.get("mfa_tj")], config=config, mode="check")[0]
    assert result.status == "layout_changed"
    assert "listing_item selector(s) ['.card-news'] found nothing" in (result.reason or "")
    config = sites.config({"sources": {"mid_ru": {"selectors": {"body": ["div.gone"]}}}})
    result = read_sources([config.get("mid_ru")], config=config, mode="check")[0]
    assert result.status == "layout_changed"
    assert "body selector(s) ['div.gone'] found nothing" in (result.reason or "")


def test_article_recheck_uses_validators_and_gets_304(sites: FixtureSites) -> None:
    config = sites.config({"sources": {"mid_ru": {"incremental": {"recheck_days": 100000}}}})
    source = config.get("mid_ru")
    with HttpClient(config.settings) as http:
        first = read_source(source, None, http)
    validators = {}
    for f in first.fetches:
        if f.purpose == "article" and f.etag:
            validators["https://mid.ru/" + f.url.split("/", 3)[3]] = (f.etag, f.last_modified)
    state = replace(state_from(first), validators=validators)
    with HttpClient(config.settings) as http:
        second = read_source(source, state, http)
    articles = [f for f in second.fetches if f.purpose == "article"]
    assert articles and {f.outcome for f in articles} == {"not_modified"}
    assert all(f.bytes is None for f in articles) and second.articles == ()
