"""A page whose declared charset is wrong is read in the encoding that reads it, and says so.

Each page is served by the local mid.ru fixture server in place of one of its Russian articles,
as the bytes of one encoding under the declaration of another, and read through
`read_sources` as the nightly reads it. The sentences are written for these tests.
"""

from __future__ import annotations

import random

import pytest

from carta.core.documents import ParsedArticle, SourceResult
from carta.testing.sites.harness import FixtureSites
from carta.testing.sites.messages import Scripted
from scrapers.html import decide_encoding
from scrapers.run import read_sources

PATH = "/ru/foreign_policy/news/2097310/"
URL = "https://mid.ru" + PATH
TITLE = "О встрече заместителя Министра иностранных дел России с послом Киргизской Республики"
SENTENCE = (
    "Собеседники обсудили подготовку очередного заседания межправительственной комиссии "
    "и ход работы над соглашением о трудовой миграции."
)
BODY = (
    "<p>14 апреля в Москве заместитель Министра иностранных дел Российской Федерации принял "
    "Чрезвычайного и Полномочного Посла Киргизской Республики.</p>"
    f"<p>{SENTENCE}</p>"
    "<p>Отмечен рост товарооборота; достигнута договорённость о встрече экспертов в Бишкеке "
    "до конца года.</p>"
)


def page(body: str = BODY, title: str = TITLE, meta: str | None = None) -> str:
    """An article in mid.ru's layout (its selectors read title, date, number and body)."""
    head = f'<meta charset="{meta}">' if meta else ""
    return (
        f'<!DOCTYPE html><html lang="ru"><head>{head}<title>{title}</title></head><body>'
        '<div class="photo-content"><div class="photo-content__header">'
        f'<h1 class="photo-content__title">{title}</h1>'
        '<div class="photo-content__date">14.04.2026 11:30</div></div>'
        '<p class="article-line__note article-line__note_small">702-14-04-2026</p>'
        f'<div class="text article-content">{body}</div></div></body></html>'
    )


def read(sites: FixtureSites, body: bytes, content_type: str) -> tuple[SourceResult, ParsedArticle]:
    sites["mid_ru"].script(PATH, Scripted(200, {"Content-Type": content_type}, body))
    config = sites.config()
    result = read_sources([config.get("mid_ru")], config=config)[0]
    assert sites["mid_ru"].requests_to(PATH), "the article was not fetched"
    article = next(a for a in result.articles if a.canonical_url == URL)
    return result, article


def test_windows_1251_declared_utf8_in_the_header_is_read(sites: FixtureSites) -> None:
    raw = page(meta="windows-1251").encode("cp1251")
    result, article = read(sites, raw, "text/html; charset=utf-8")
    assert SENTENCE in article.body_text
    assert article.title == TITLE
    assert (article.encoding, article.encoding_source) == ("windows-1251", "detected")
    assert article.encoding_note is not None
    assert "declared utf-8 in the HTTP header" in article.encoding_note
    assert "read as windows-1251" in article.encoding_note
    assert result.status == "ok", result.reason
    assert "could not be decoded" not in (result.reason or "")


def test_windows_1251_under_a_wrong_meta_and_no_header_charset(sites: FixtureSites) -> None:
    raw = page(meta="utf-8").encode("cp1251")
    result, article = read(sites, raw, "text/html")
    assert SENTENCE in article.body_text
    assert (article.encoding, article.encoding_source) == ("windows-1251", "detected")
    assert "declared utf-8 in its <meta>" in (article.encoding_note or "")
    assert result.status == "ok", result.reason


@pytest.mark.parametrize("declared", ["utf-8", "windows-1251"])
def test_koi8_r_mislabelled_is_read(sites: FixtureSites, declared: str) -> None:
    raw = page().encode("koi8-r")
    result, article = read(sites, raw, f"text/html; charset={declared}")
    assert SENTENCE in article.body_text
    assert article.title == TITLE
    assert (article.encoding, article.encoding_source) == ("koi8-r", "detected")
    assert f"declared {declared} in the HTTP header" in (article.encoding_note or "")
    assert result.status == "ok", result.reason


def test_utf8_declared_windows_1251_is_not_read_as_mojibake(sites: FixtureSites) -> None:
    raw = page(meta="windows-1251").encode("utf-8")
    result, article = read(sites, raw, "text/html; charset=windows-1251")
    assert SENTENCE in article.body_text
    assert "Рѕ" not in article.body_text  # 'о' in UTF-8 read as windows-1251
    assert (article.encoding, article.encoding_source) == ("utf-8", "detected")
    assert "the bytes are UTF-8" in (article.encoding_note or "")
    assert result.status == "ok", result.reason


def test_a_correct_utf8_page_is_unchanged_and_declared(sites: FixtureSites) -> None:
    raw = page(meta="utf-8").encode("utf-8")
    result, article = read(sites, raw, "text/html; charset=utf-8")
    assert SENTENCE in article.body_text
    assert article.title == TITLE
    assert (article.encoding, article.encoding_source, article.encoding_note) == (
        "utf-8",
        "declared",
        None,
    )
    assert result.status == "ok" and result.reason is None
    # the fixture's own pages, all UTF-8, are read as declared too
    assert {a.encoding_source for a in result.articles} == {"declared"}


def test_the_meeting_article_reads_the_same_whatever_its_label(sites: FixtureSites) -> None:
    """The fixture's report of a meeting, served as windows-1251 bytes labelled UTF-8, gives the
    article it gives when served right: the meeting is not lost."""
    site = sites["mid_ru"]
    path = "/ru/foreign_policy/news/2104870/"
    config = sites.config()
    right = read_sources([config.get("mid_ru")], config=config)[0]
    want = next(a for a in right.articles if a.canonical_url.endswith(path))
    raw = site.render("ru/2104870.html", "ru", "layout.html").decode("utf-8")
    mislabelled = raw.encode("cp1251", errors="xmlcharrefreplace")
    site.script(path, Scripted(200, {"Content-Type": "text/html; charset=utf-8"}, mislabelled))
    wrong = read_sources([config.get("mid_ru")], config=config)[0]
    got = next(a for a in wrong.articles if a.canonical_url.endswith(path))
    assert "Центральная Азия – Россия" in got.body_text
    assert (got.title, got.body_text, got.published) == (want.title, want.body_text, want.published)
    assert got.encoding_source == "detected" and wrong.status == "ok"


def test_undecodable_bytes_are_reported_in_the_sources_reason(sites: FixtureSites) -> None:
    rng = random.Random(12)
    garbage = bytes(rng.randrange(0x80, 0x100) for _ in range(2000))
    raw = page(body="{BODY}", title="{TITLE}").encode("ascii")
    raw = raw.replace(b"{BODY}", b"<p>" + garbage + b"</p>").replace(b"{TITLE}", garbage[:80])
    result, article = read(sites, raw, "text/html; charset=utf-8")
    assert article.encoding_source == "best_effort"
    assert result.status == "partial", result.reason
    reason = result.reason or ""
    assert f"article {URL}: its text could not be decoded" in reason
    assert "declared utf-8 in the HTTP header, tried windows-1251, koi8-r" in reason
    assert reason.startswith("ru: partial")


# -- the decision alone --------------------------------------------------------------------


def test_a_few_bad_bytes_in_a_utf8_page_are_best_effort_not_another_encoding() -> None:
    raw = page(meta="utf-8").encode("utf-8").replace("Бишкеке".encode(), "Бишкеке".encode("cp1251"))
    decoding = decide_encoding(raw, "text/html; charset=utf-8")
    assert (decoding.encoding, decoding.source) == ("utf-8", "best_effort")
    assert "7 replacement character(s)" in (decoding.note or "")


def test_windows_1251_declared_latin_1_is_detected() -> None:
    raw = page().encode("cp1251")
    decoding = decide_encoding(raw, "text/html; charset=iso-8859-1")
    assert (decoding.encoding, decoding.source) == ("windows-1251", "detected")
    assert "whole words of accented letters" in (decoding.note or "")


def test_a_byte_order_mark_beats_the_header() -> None:
    raw = b"\xef\xbb\xbf" + page().encode("utf-8")
    decoding = decide_encoding(raw, "text/html; charset=windows-1251")
    assert (decoding.encoding, decoding.source) == ("utf-8", "declared")


def test_no_declaration_and_utf8_is_the_default() -> None:
    assert decide_encoding(page().encode("utf-8"), "text/html").source == "default"
    assert decide_encoding(b"<html><body>plain ASCII</body></html>", None).source == "default"
