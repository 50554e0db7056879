"""One annotated document: sentences, people, states, cities, dates, dateline and anchor date.

Extraction rules read this instead of re-scanning the text, so every matcher runs once per
document whatever the number of rules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from carta.core.dates import DateMention, PartialDate, date_from_url, find_dates
from normalise import lexicon as lx
from normalise.entities import Gazetteer, Mention
from normalise.text import Sentence, split_sentences


@dataclass(frozen=True)
class Dateline:
    """ "МОСКВА, 28 августа. /ТАСС/." - where and when the item was filed, not the venue."""

    start: int
    end: int
    city: str | None  # city id when the dateline names a known city
    date: DateMention | None


@dataclass(frozen=True)
class VenueLine:
    """ "October 14, 2022, Astana" under a transcript's title: the event's own day and place
    (unlike a dateline, which says where an agency filed the item)."""

    start: int
    end: int
    city: str  # city id
    date: DateMention | None


@dataclass
class Doc:
    text: str
    lower: str
    sentences: list[Sentence]
    people: list[Mention]
    countries: list[Mention]
    cities: list[Mention]
    dates: list[DateMention]
    dateline: Dateline | None
    published: PartialDate | None
    anchor: PartialDate | None  # the date relative words are read against
    meta_spans: list[tuple[int, int]]  # page timestamps: the item's date, never the meeting's
    gazetteer: Gazetteer
    language: str | None = None
    venue_line: VenueLine | None = None
    _starts: list[int] = field(default_factory=list, repr=False)
    cache: dict[str, object] = field(default_factory=dict, repr=False)  # per-document memo

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect_right(self._starts, pos) - 1)

    def in_sentence(self, items: list[Mention], idx: int) -> list[Mention]:
        s = self.sentences[idx]
        return [m for m in items if s.start <= m.start < s.end]

    def dates_in(self, idx: int) -> list[DateMention]:
        s = self.sentences[idx]
        return [d for d in self.dates if s.start <= d.start < s.end]

    def in_dateline(self, pos: int) -> bool:
        if any(s <= pos < e for s, e in self.meta_spans):
            return True
        return self.dateline is not None and self.dateline.start <= pos < self.dateline.end


_DATELINE = re.compile(
    r"^[\s»«\"]*(?P<head>[^\W\d_][^\W\d_'’\-]{2,}(?:[ -][^\W\d_][^\W\d_'’\-]+){0,2})"
    r"(?P<sep>\s*(?:,|\.|\(|–|—|-\s)\s*)(?P<rest>.{0,60})",
    re.UNICODE,
)
_MARK = lx.source("time.published_mark")
_TIMESTAMP_LINE = re.compile(
    r"^\s*(?:" + _MARK + r"\s*:?)?\s*(?P<body>[\d\sA-Za-zА-Яа-яё.,:|/()+\-–]{6,60})\s*$"
)
# Some pages (and saved copies) open with a machine date: "date 2025-10-09 DUSHANBE, ...".
_DATE_PREFIX = re.compile(r"^\s*date\s+(?P<d>\d{4}-\d{2}-\d{2})\s+", re.IGNORECASE)
_PUBLISHED_MARK = re.compile(_MARK + r"\s*:?\s*(?P<body>.{6,40})")


def _is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= 0.6


def find_dateline(text: str, sentences: list[Sentence], gaz: Gazetteer) -> Dateline | None:
    """The dateline of a wire item: a line near the top that starts with a place in capitals
    (or a known city) followed by a date, an agency in brackets or a dash."""
    for line_start, line in _first_lines(text, 8):
        prefix = _DATE_PREFIX.match(line)
        if prefix:
            line_start += prefix.end()
            line = line[prefix.end() :]
        bare = line.strip()
        if bare and len(bare) <= 30 and _is_caps(bare):
            only = gaz.find_cities(bare)
            if only and only[0].start == 0 and only[0].end == len(bare):
                start = line_start + line.index(bare)
                return Dateline(start, start + len(bare), only[0].key, None)
        m = _DATELINE.match(line)
        if not m:
            continue
        head = m.group("head")
        first = head.split()[0]
        cities = gaz.find_cities(head)
        rest = m.group("rest")
        dates = find_dates(rest[:40])
        lead_date = dates[0] if dates and dates[0].start <= 3 else None
        caps = _is_caps(first)
        if not (caps or (cities and lead_date)):
            continue
        if not caps and m.group("sep").strip() not in (",", "."):
            continue
        if lead_date is None and not (
            m.group("sep").strip() in ("(", "–", "—", "-") or line.strip() == head.strip()
        ):
            if caps and m.group("sep").strip() == ",":
                pass  # "DUSHANBE, Tajikistan, October 9."
            else:
                continue
        if lead_date is None:
            more = find_dates(rest[:60])
            lead_date = more[0] if more and more[0].start < 25 else None
        end = line_start + m.start("rest") + (lead_date.end if lead_date else 0)
        date_abs = None
        if lead_date is not None:
            off = line_start + m.start("rest")
            date_abs = DateMention(
                off + lead_date.start,
                off + lead_date.end,
                lead_date.text,
                lead_date.year,
                lead_date.month,
                lead_date.day,
                lead_date.day_end,
            )
        return Dateline(
            line_start + m.start("head"), end, cities[0].key if cities else None, date_abs
        )
    return None


def _first_lines(text: str, n: int) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
            if len(out) >= n:
                break
        pos += len(line) + 1
    return out


_VENUE_GAP = re.compile(r"^[\s,.;:–—-]*$")
# "15 сентябри соли 2022, шаҳри Самарқанд", "23 октября 2020 года, г. Москва"
_VENUE_GAP_CITY = re.compile(
    r"^[\s,.;:–—-]*(?:" + lx.source("place.city_word") + r"|г\.|city of)?[\s.]*$", re.IGNORECASE
)


def find_venue_line(text: str, gaz: Gazetteer) -> VenueLine | None:
    """A line near the top that holds only a date and a city ("September 15, 2022, Samarkand",
    "Москва, 23 октября 2020 года"), or a title that ends with them ("... talks with ..., Moscow,
    October 23, 2020")."""
    for start, line in _first_lines(text, 4):
        dates = find_dates(line)
        cities = gaz.find_cities(line)
        if not dates or not cities:
            continue
        d, c = dates[-1], cities[-1]
        lo, hi = (d, c) if d.start < c.start else (c, d)
        tail = line[hi.end :]
        if not _VENUE_GAP_CITY.match(line[lo.end : hi.start]) or not _VENUE_GAP_CITY.match(tail):
            continue
        head = line[: lo.start]
        if head.strip() and not head.rstrip().endswith(","):
            continue
        if head.strip() and len(line) < 40:
            continue
        return VenueLine(start + lo.start, start + hi.end, c.key, d)
    return None


_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\b")
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def _timestamp_line(line: str) -> re.Match[str] | None:
    """A line that is a page's timestamp ("14 апреля 2023, 12:10", "Published: 5 May 2026 |
    Monday"): a date, perhaps a time, a mark and a word or two, and nothing else. A short first
    sentence that holds a date ("On 5 May, Lavrov met Saidov in Moscow.") is the text, not its
    timestamp: its date is the meeting's."""
    m = _TIMESTAMP_LINE.match(line.lower())
    if m is None or len(line.strip()) > 60:
        return None
    body = m.group("body")
    dates = find_dates(body)
    if not dates:
        return None
    rest = body
    for d in reversed(dates):
        rest = rest[: d.start] + " " + rest[d.end :]
    return m if len(_LETTERS.findall(_CLOCK.sub(" ", rest))) <= 2 else None


def timestamp_spans(text: str) -> list[tuple[int, int]]:
    """Spans of page timestamps near the top ("date 2025-10-10", "02.09.2024 | 20:35")."""
    spans = []
    for start, line in _first_lines(text, 6):
        prefix = _DATE_PREFIX.match(line)
        if prefix:
            spans.append((start, start + prefix.end()))
            continue
        if _timestamp_line(line):
            spans.append((start, start + len(line)))
    return spans


def find_published(text: str) -> PartialDate | None:
    """A page timestamp near the top ("02.09.2024 | 20:35", "14 апреля 2023, 12:10") or a
    "Published: ..." mark anywhere."""
    for _, line in _first_lines(text, 6):
        prefix = _DATE_PREFIX.match(line)
        if prefix:
            y, mo, d = (int(x) for x in prefix.group("d").split("-"))
            return PartialDate(y, mo, d, "text", prefix.group("d"))
        m = _timestamp_line(line)
        if m:
            ds = find_dates(m.group("body"))
            if ds and ds[0].year and ds[0].day:
                first = ds[0]
                return PartialDate(first.year, first.month, first.day, "text", first.text)
    m2 = _PUBLISHED_MARK.search(text.lower())
    if m2:
        ds = find_dates(m2.group("body"))
        if ds and ds[0].year and ds[0].day:
            first = ds[0]
            return PartialDate(first.year, first.month, first.day, "text", first.text)
    return None


def analyse(
    text: str,
    gaz: Gazetteer,
    *,
    url: str | None = None,
    published: PartialDate | None = None,
    language: str | None = None,
) -> Doc:
    """Annotate `text` once; `published` (from the page or the caller) anchors relative dates."""
    sentences = split_sentences(text)
    if published is None:
        published = find_published(text)
    url_date = date_from_url(url) if url else None
    dateline = find_dateline(text, sentences, gaz)
    venue = find_venue_line(text, gaz)
    if venue is not None and dateline is not None and dateline.start <= venue.start < dateline.end:
        dateline = None  # the line is the event's, not an agency's
    anchor = published if published and published.year else None
    if anchor is None and url_date is not None:
        anchor = url_date
    if anchor is None and dateline and dateline.date and dateline.date.year:
        d = dateline.date
        anchor = PartialDate(d.year, d.month, d.day, "dateline", d.text)
    on = anchor.to_date() if anchor else None
    if on is None and anchor and anchor.year:
        on = date(anchor.year, anchor.month or 6, 15)
    return Doc(
        text=text,
        lower=text.lower(),
        sentences=sentences,
        people=gaz.find_people(text, on),
        countries=gaz.find_countries(text),
        cities=gaz.find_cities(text),
        dates=find_dates(text),
        dateline=dateline,
        published=published,
        anchor=anchor,
        meta_spans=[
            sp for sp in timestamp_spans(text) if not venue or not sp[0] <= venue.start < sp[1]
        ],
        gazetteer=gaz,
        language=language,
        venue_line=venue,
    )


def topic_context(lower: str, start: int) -> bool:
    """True when the words before `start` make what follows a topic ("the situation in ...")."""
    return bool(lx.TOPIC_BEFORE.search(lower[max(0, start - 60) : start]))
