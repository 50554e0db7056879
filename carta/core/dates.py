"""Dates as the ministries write them, in seven languages, with their precision kept.

`dateparser` refuses Tajik and Turkmen and misses the Kazakh and Kyrgyz year-first forms
("2025 жылғы 11 сәуір", "2025-жылдын 11-апрели"; measured in shared/research/peers.md), so this
module reads dates with deterministic month tables and a handful of layouts instead. It never
completes a date: "April 11" stays a month-and-day without a year until the caller supplies one
from context, and nothing here ever falls back to "today" or to 1 January.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from carta.core.codes import Precision
from carta.core.langdata import alternation, default_lexicon

_LEX = default_lexicon()
# One pattern naming each month in every language (a word names month N when it is one of the
# month's words, or starts with one of its stems: "апреля", "сәуірде", "aprelinde").
_MONTHS = re.compile(
    "|".join(
        f"(?P<m{n}>{alternation(phrases)})"
        for n, phrases in _LEX.table("time.months").items()
        if phrases
    )
)

_WORD = r"[^\W\d_][^\W\d_'’ʻ‘`-]*(?:[-’'ʻ‘][^\W\d_]+)*"


def month_of(word: str) -> int | None:
    """The month a word names, or None ("апреля" -> 4, "сәуірде" -> 4, "aprelinde" -> 4)."""
    m = _MONTHS.fullmatch(word.lower().rstrip("."))
    return int(m.lastgroup[1:]) if m and m.lastgroup else None


# No fact carta records is older: the five Central Asian states and the Russian Federation
# became independent in 1991. A date before it is a misreading or a site's broken clock.
EARLIEST_FACT = date(1991, 1, 1)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or only the year, with where it came from."""

    year: int | None
    month: int | None = None
    day: int | None = None
    source: str = "text"
    as_quoted: str | None = None

    @property
    def precision(self) -> Precision | None:
        if self.year is None:
            return None
        if self.month is None:
            return "year"
        if self.day is None:
            return "month"
        return "day"

    def to_date(self) -> date | None:
        """A `date` only when the day is known: a month is never turned into its 1st."""
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day)
        return None

    def iso(self) -> str | None:
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def with_year(self, year: int, source: str) -> PartialDate:
        return replace(self, year=year, source=source)


@dataclass(frozen=True)
class DateMention:
    """A date found in running text: what it says, where it is, and what it leaves open."""

    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    day_end: int | None = None  # "9–10 октября": a range of days

    @property
    def is_range(self) -> bool:
        return self.day_end is not None and self.day_end != self.day

    def partial(self, source: str = "text") -> PartialDate:
        return PartialDate(self.year, self.month, self.day, source, self.text)


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if year is not None and not (1900 <= year <= 2100):
        return False
    if month is not None and not (1 <= month <= 12):
        return False
    if day is not None:
        if not (1 <= day <= 31):
            return False
        if year and month:
            try:
                date(year, month, day)
            except ValueError:
                return False
    return True


_DASH = r"\s*[-–—]\s*"
_YEAR_WORDS = _LEX.source("time.year_words")
_YEAR_MARK = r"(?:\s*-?\s*" + _YEAR_WORDS + ")?"
_YEAR_BEFORE = _LEX.source("time.year_before")
_DAY_SUFFIX = (
    r"(?:\s*-?(?:"
    + "|".join(sorted(map(re.escape, _LEX.suffixes("time.day_suffixes")), key=len, reverse=True))
    + "))?"
)

_NUMERIC = re.compile(
    r"(?<![\d.])(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<y>[12]\d{3})(?![\d])"
)
_ISO = re.compile(r"(?<!\d)(?P<y>[12]\d{3})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
# "11 April 2025", "11 апреля 2025 года", "11-апрели соли 2025", "9–10 октября", "April14" is
# handled by _MONTH_DAY. Day and month may be glued by a hyphen ("11-aprel").
# "15–16 May", "с 8 по 10 октября", "from 8 to 10 October": a range of days
_RANGE_WORDS = "|".join(re.escape(w) for w in _LEX.phrases("time.range_words") if w.isalpha())
_RANGE_SEP = r"(?:" + _DASH + r"|\s+(?:" + _RANGE_WORDS + r")\s+)"
_DAY_MONTH = re.compile(
    r"(?<![\d\w])(?P<d>\d{1,2})"
    + _DAY_SUFFIX
    + r"(?:"
    + _RANGE_SEP
    + r"(?P<d2>\d{1,2})"
    + _DAY_SUFFIX
    + ")?"
    r"\s*[-‑]?\s*(?P<mon>" + _WORD + r")\.?"
    r"(?:,?\s*(?:" + _YEAR_BEFORE + r"\s+)?(?P<y>[12]\d{3})(?!\d)" + _YEAR_MARK + r")?",
    re.IGNORECASE,
)
# "April 11, 2025", "April 11", "Apr. 11", "April14", "October 9-10"
_MONTH_DAY = re.compile(
    r"(?<![\w])(?P<mon>" + _WORD + r")\.?\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:" + _DASH + r"(?P<d2>\d{1,2}))?(?![\d])"
    r"(?:,?\s+(?P<y>[12]\d{3})(?!\d))?"
)
# "2025 жылғы 11 сәуір", "2025-жылдын 11-апрели", "2025-yil 11-aprel", "2025 ýylyň 11-nji aprelinde"
_YEAR_FIRST = re.compile(
    r"(?<!\d)(?P<y>[12]\d{3})"
    + _DAY_SUFFIX
    + r"\s*[-‑]?\s*"  # "2024-nji ýylyň"
    + _YEAR_WORDS
    + r"\s*,?\s*(?P<d>\d{1,2})"
    + _DAY_SUFFIX
    + r"\s*[-‑]?\s*(?P<mon>"
    + _WORD
    + r")",
    re.IGNORECASE,
)
# "October 2022", "октябре 2022 года", "in April", "в октябре" (month without a day)
_MONTH_YEAR = re.compile(
    r"(?<![\w\d])(?P<mon>" + _WORD + r")\s+(?P<y>(?:19|20)\d{2})(?!\d)" + _YEAR_MARK, re.IGNORECASE
)
_YEAR_ONLY = re.compile(r"(?<![\d\w])(?P<y>(?:19|20)\d{2})(?![\d])" + _YEAR_MARK, re.IGNORECASE)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def find_dates(text: str, *, years_alone: bool = False) -> list[DateMention]:
    """Every date in `text`, most precise layouts first, without overlaps, in text order.

    A bare year ("in 2024") is returned only with `years_alone`, because in running text a year
    alone is usually a period or a plan, not a meeting's date.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(
        m: re.Match[str], y: int | None, mo: int | None, d: int | None, d2: int | None = None
    ) -> None:
        span = (m.start(), m.end())
        if (
            _overlaps(span, taken)
            or not _valid(y, mo, d)
            or (d2 is not None and not _valid(y, mo, d2))
        ):
            return
        taken.append(span)
        found.append(DateMention(span[0], span[1], m.group(0).strip(), y, mo, d, d2))

    for m in _ISO.finditer(text):
        add(m, int(m["y"]), int(m["m"]), int(m["d"]))
    for m in _NUMERIC.finditer(text):
        add(m, int(m["y"]), int(m["m"]), int(m["d"]))
    for m in _YEAR_FIRST.finditer(text):
        mo = month_of(m["mon"])
        if mo:
            add(m, int(m["y"]), mo, int(m["d"]))
    for m in _DAY_MONTH.finditer(text):
        mo = month_of(m["mon"])
        if mo:
            add(
                m,
                int(m["y"]) if m["y"] else None,
                mo,
                int(m["d"]),
                int(m["d2"]) if m["d2"] else None,
            )
    for m in _MONTH_DAY.finditer(text):
        mo = month_of(m["mon"])
        if mo:
            add(
                m,
                int(m["y"]) if m["y"] else None,
                mo,
                int(m["d"]),
                int(m["d2"]) if m["d2"] else None,
            )
    for sm in find_spelled_dates(text):
        if not _overlaps((sm.start, sm.end), taken):
            taken.append((sm.start, sm.end))
            found.append(sm)
    for m in _MONTH_YEAR.finditer(text):
        mo = month_of(m["mon"])
        if mo:
            add(m, int(m["y"]), mo, None)
    if years_alone:
        for m in _YEAR_ONLY.finditer(text):
            add(m, int(m["y"]), None, None)
    found.sort(key=lambda d: d.start)
    return found


def parse_date(text: str) -> PartialDate | None:
    """The first date in a short date field ("20.08.2025 14:30", "30 September 2026", "8 июля
    2026", "2025 жылғы 11 сәуір"), or None. A bare year counts, with year precision."""
    mentions = find_dates(text, years_alone=True)
    if not mentions:
        return None
    m = mentions[0]
    return PartialDate(m.year, m.month, m.day, "text", m.text)


_TIME = re.compile(r"(?<!\d)(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?!\d)")


def parse_datetime(text: str, utc_offset_hours: float | None = None) -> datetime | None:
    """A listing or article timestamp ("28.06.2022 11:44", "2025-04-11T09:00:00+05:00") as an
    aware datetime, using the site's UTC offset when the text carries none; None unless the day
    is known."""
    stripped = text.strip()
    try:
        parsed = datetime.fromisoformat(stripped.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is not None:
        if parsed.tzinfo is None and utc_offset_hours is not None:
            parsed = parsed.replace(tzinfo=timezone(timedelta(hours=utc_offset_hours)))
        return parsed
    pd = parse_date(stripped)
    day = pd.to_date() if pd else None
    if day is None:
        return None
    tm = _TIME.search(stripped)
    hour, minute = (int(tm["h"]), int(tm["mi"])) if tm else (0, 0)
    tz = timezone(timedelta(hours=utc_offset_hours)) if utc_offset_hours is not None else None
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


_DAY_WORDS = {
    int(n): re.compile(alternation(phrases))
    for n, phrases in _LEX.table("ordinal.words").items()
    if phrases
}
_SPELLED_DAY = re.compile(
    r"(?<![^\W\d_])(?:(?P<tens>двадцать|тридцать)\s+)?(?P<unit>[а-яё]+(?:ого|ое|ом|ой))\s+"
    r"(?P<mon>[а-яё]+)(?:\s+(?P<y>(?:19|20)\d{2})\s*(?:года|г\.)?)?",
    re.IGNORECASE,
)


def find_spelled_dates(text: str) -> list[DateMention]:
    """Russian dates written out in words: "двадцать седьмого августа" -> 27 August."""
    out = []
    for m in _SPELLED_DAY.finditer(text):
        mo = month_of(m["mon"])
        if not mo:
            continue
        unit = m["unit"].lower()
        base = next((n for n, rx in _DAY_WORDS.items() if rx.fullmatch(unit)), None)
        if base is None or (m["tens"] and base >= 10):
            continue
        day = base + (20 if m["tens"] and m["tens"].lower() == "двадцать" else 0)
        day += 30 if m["tens"] and m["tens"].lower() == "тридцать" else 0
        y = int(m["y"]) if m["y"] else None
        if _valid(y, mo, day):
            out.append(DateMention(m.start(), m.end(), m.group(0), y, mo, day))
    return out


_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[/-]?)(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_YEAR_MONTH = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0[1-9]|1[0-2])/")


def date_from_url(url: str) -> PartialDate | None:
    """A date carried in a URL path (/20230417/, /2023/04/15/, /2025/10/), or None."""
    m = _URL_DATE.search(url)
    if m and _valid(int(m["y"]), int(m["m"]), int(m["d"])):
        return PartialDate(int(m["y"]), int(m["m"]), int(m["d"]), "url", m.group(0))
    m2 = _URL_YEAR_MONTH.search(url)
    if m2:
        return PartialDate(int(m2["y"]), int(m2["m"]), None, "url", m2.group(0))
    return None
