"""Dates as a source prints them, read with the source's formats and time zone.

The multilingual reading itself is carta.core.dates (month names in seven languages, precision
kept); this module only adds what a site's config knows: its explicit formats (so "05/02/2026" is
read day-first on a site that writes DD/MM/YYYY) and its time zone (so "11:44" on mid.ru is
Moscow time). A clock time is kept only when the text shows one: a date alone is never turned
into midnight.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from carta.core.dates import EARLIEST_FACT, PartialDate, parse_date, parse_datetime
from carta.core.documents import ParsedArticle

_TIME = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)")
_FORMAT_PARTS = {
    "%d": r"\d{1,2}",
    "%m": r"\d{1,2}",
    "%Y": r"\d{4}",
    "%y": r"\d{2}",
    "%H": r"\d{1,2}",
    "%M": r"\d{2}",
    "%S": r"\d{2}",
    "%b": r"[^\W\d_]+\.?",
    "%B": r"[^\W\d_]+",
    "%z": r"[+-]\d{2}:?\d{2}",
    "%%": "%",
}


@lru_cache(maxsize=64)
def _format_regex(fmt: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(fmt):
        piece = fmt[i : i + 2]
        if piece in _FORMAT_PARTS:
            out.append(_FORMAT_PARTS[piece])
            i += 2
        else:
            out.append(r"\s+" if fmt[i] == " " else re.escape(fmt[i]))
            i += 1
    return re.compile(r"(?<![\d])" + "".join(out) + r"(?![\d])")


@lru_cache(maxsize=32)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def read_when(
    text: str | None, *, tz: str, formats: tuple[str, ...] = (), source: str = "text"
) -> tuple[PartialDate | None, datetime | None]:
    """(date with its precision, aware datetime when a clock time is shown) from a date field."""
    if not text or not text.strip():
        return None, None
    text = " ".join(text.split())
    for fmt in formats:
        m = _format_regex(fmt).search(text)
        if not m:
            continue
        try:
            dt = datetime.strptime(" ".join(m.group(0).split()), fmt)
        except ValueError:
            continue
        partial = PartialDate(dt.year, dt.month, dt.day, source, m.group(0))
        if "%H" in fmt:
            aware = dt if dt.tzinfo else dt.replace(tzinfo=zone(tz))
            return partial, aware
        return partial, None
    iso = _iso(text)
    if iso is not None:
        aware = iso if iso.tzinfo else iso.replace(tzinfo=zone(tz))
        partial = PartialDate(aware.year, aware.month, aware.day, source, text)
        has_time = "T" in text or _TIME.search(text) is not None
        return partial, aware if has_time else None
    found = parse_date(text)
    if found is None:
        return None, None
    partial = PartialDate(found.year, found.month, found.day, source, found.as_quoted)
    if found.precision == "day" and _TIME.search(text):
        naive = parse_datetime(text)
        if naive is not None:
            return partial, naive if naive.tzinfo else naive.replace(tzinfo=zone(tz))
    return partial, None


def _iso(text: str) -> datetime | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def plausible(article: ParsedArticle, seen: datetime | date) -> tuple[ParsedArticle, str | None]:
    """The article without a publication date no one could have printed, and why: one before
    1991 (the states carta follows did not exist) or after the day the page was fetched (a
    site's clock or template gone wrong: "2999-11-26"). The date is dropped, never guessed, so
    nothing is anchored to it; the page's words stay as they were."""
    pub = article.published
    if pub is None or pub.year is None:
        return article, None
    day = seen.date() if isinstance(seen, datetime) else seen
    first = date(pub.year, pub.month or 1, pub.day or 1)
    if first < EARLIEST_FACT:
        why = f"publication date {pub.as_quoted!r} is before {EARLIEST_FACT.year}; not used"
    elif first > day + timedelta(days=1):
        why = f"publication date {pub.as_quoted!r} is after the page was fetched ({day}); not used"
    else:
        return article, None
    return replace(article, published=None, published_at=None, published_source=None), why
