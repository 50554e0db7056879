"""Property test: whatever the input - random text, mangled HTML, broken bytes - the extractor
returns a record or raises InputError; it never crashes."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carta.core.extraction import Extraction
from carta.reading import extract_input
from normalise.text import InputError
from scrapers.config import load_config

WORDS = [
    "Lavrov",
    "Лавров",
    "summit",
    "саммит",
    "встреча",
    "meeting",
    "Central",
    "Asia",
    "Russia",
    "Центральная",
    "Азия",
    "Россия",
    "11",
    "April",
    "апреля",
    "2025",
    "Almaty",
    "Алматы",
    "$",
    "45",
    "billion",
    "млрд",
    "долларов",
    "%",
    "8th",
    "восьмая",
    "Kazakhstan",
    "Tajikistan",
    "with",
    "talks",
    "переговоры",
    "today",
    "сегодня",
    "will",
    "was",
    "held",
    "C5+1",
    "CIS",
    "СНГ",
    "—",
    "«",
    "»",
    "(",
    ")",
    ",",
    ".",
    "\n",
    "2025-yil",
    "21-may",
    "жылғы",
    "сәуір",
    "Муҳриддин",
]
TAGS = ["p", "div", "h1", "span", "script", "style", "table", "td", "li", "a", "time", "meta"]

texty = st.lists(st.sampled_from(WORDS), min_size=0, max_size=80).map(" ".join)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(st.sampled_from(TAGS))
        body = draw(texty)
        closed = draw(st.booleans())
        attrs = draw(
            st.sampled_from(
                [
                    "",
                    " class='text'",
                    " lang='ru'",
                    " content='2025-04-11' property='article:published_time'",
                    " datetime='not-a-date'",
                ]
            )
        )
        parts.append(f"<{tag}{attrs}>{body}" + (f"</{tag}>" if closed else ""))
    head = draw(st.sampled_from(["<html>", "<!DOCTYPE html><html lang='en'>", "", "<body>"]))
    return head + "".join(parts)


def check(value: str | bytes, **kw: object) -> None:
    """Through the command's own input path: HTML goes to the adapters, text to the extractor."""
    try:
        record = extract_input(
            value,
            url=kw.get("url"),  # type: ignore[arg-type]
            published=kw.get("published"),  # type: ignore[arg-type]
            lang=kw.get("lang"),  # type: ignore[arg-type]
            config=CONFIG,
        )
    except InputError:
        return
    assert isinstance(record, Extraction)
    json.dumps(record.to_json())  # always serialisable
    for ev in record.events:
        if ev.date is not None and ev.date.to_date() is not None:
            assert ev.date.precision == "day"


CONFIG = load_config()
settings_ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings_
@given(st.text(max_size=3000))
def test_any_text(text: str) -> None:
    check(text)


@settings_
@given(
    texty,
    st.sampled_from([None, "2025-04-11", "2025", "11.04.2025"]),
    st.sampled_from([None, "https://mid.ru/ru/foreign_policy/news/1/", "not a url", "?lang=kk"]),
)
def test_word_salad_with_context(text: str, published: str | None, url: str | None) -> None:
    check(text, published=published, url=url)


@settings_
@given(html_pages())
def test_mangled_html(page: str) -> None:
    check(page)
    check(page.encode("utf-8"))


@settings_
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    check(data)


@settings_
@given(html_pages(), st.integers(0, 400), st.binary(min_size=1, max_size=20))
def test_corrupted_utf8(page: str, cut: int, junk: bytes) -> None:
    raw = page.encode("utf-8")
    check(raw[:cut] + junk + raw[cut:])
