"""Trade figures as quoted: scope, period, value and unit, qualifier and change, and the words.

A number is a trade figure only when trade is what its sentence (or the one before it, for "this
indicator reached ...") is about, and it is an outturn rather than a target ("to bring trade to
$5 billion"), a forecast, an investment or aid sum, or a share. Each number is read with the
words around it (its context runs to the neighbouring numbers): that is where its pair, its
period and its qualifier are written, so "In 2024 trade surpassed $45 billion, with a further 4%
rise in January–July 2025" gives two figures, not one. Units stay as written: tonnes stay
tonnes, roubles stay roubles. All words come from the language files.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from carta.core.dates import month_of
from carta.core.extraction import Event, TradeFigure
from carta.core.langdata import alternation
from carta.core.registry import CENTRAL_ASIA
from normalise import lexicon as lx
from normalise.analysis import Doc, topic_context
from normalise.text import Sentence

_L = lx.LEXICON
_NUM = r"\d+(?:[.,]\d+)*"
_NUM_WORDS = {
    p.rstrip("*"): int(n) for n, ps in _L.table("number.words").items() for p in ps if " " not in p
}
_NUM_WORD = alternation(_L.table("number.words")[n][i] for n in _L.table("number.words")
                        for i in range(len(_L.table("number.words")[n])))  # fmt: skip
_SCALE_VALUES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALES = {
    label: re.compile(alternation(ps) + r"\.?")
    for label, ps in _L.table("money.scale").items()
    if ps
}
_SCALE = alternation(p for ps in _L.table("money.scale").values() for p in ps) + r"\.?"
_COUNTRY = lx.source("money.usd_country")
_USD_WORD = lx.source("money.usd")
_USD_AFTER = r"(?:" + _COUNTRY + r"\s*)?" + _USD_WORD + r"\.?(?:\s+" + _COUNTRY + r"(?![^\W\d_]))?"
_LOCAL = {label: re.compile(alternation(ps)) for label, ps in _L.table("money.local").items() if ps}
_UNIT_AFTER = (
    r"(?:(?P<usd>"
    + _USD_AFTER
    + r")|(?P<t>"
    + lx.source("money.tonnes")
    + r")|(?P<rub>"
    + lx.source("money.rub")
    + r")|(?P<local>"
    + alternation(p for ps in _L.table("money.local").values() for p in ps)
    + r"))"
)
_AMOUNT = re.compile(
    r"(?<![\w.,])(?:"
    # currency first: $44.7 billion, US$ 3 bn, USD 44.7 billion
    + r"(?P<cb>"
    + lx.source("money.usd_before")
    + r")\s*(?P<n1>"
    + _NUM
    + r")(?:\s*(?P<s1>"
    + _SCALE
    + r"))?(?:\s+(?P<n1b>"
    + _NUM
    + r")\s*(?P<s1b>"
    + _SCALE
    + r"))?"
    # number first: 44.7 billion US dollars, 1 миллиард 86 миллионов долларов, пяти млрд долларов
    + r"|(?P<n2>"
    + _NUM
    + r"|"
    + _NUM_WORD
    + r")\s*(?P<s2>"
    + _SCALE
    + r")?(?:\s+(?P<n2b>"
    + _NUM
    + r")\s*(?P<s2b>"
    + _SCALE
    + r"))?\s*(?:of\s+)?"
    + _UNIT_AFTER
    + r")"
)
# A number with a scale but no unit ("27 billion" after "$" words earlier) is not read: a figure
# must say what it counts.
_PERCENT = re.compile(
    r"(?P<sign>[+\-−])?\s*(?P<n>"
    + _NUM
    + r"|"
    + _NUM_WORD
    + r")\s*(?:-?\s*)?"
    + lx.source("money.percent")
    + r"|(?P<frac>"
    + alternation(p for k in ("third", "quarter") for p in _L.table("number.fractions")[k])
    + r")"
)
_FRACTIONS = {"third": 33.3, "quarter": 25.0}  # "first half" names a period, not a change
_FRACTION_RX = {k: re.compile(alternation(_L.table("number.fractions")[k])) for k in _FRACTIONS}

_TARGET = lx.TARGET
_FORECAST = lx.concept("trade.forecast")
_TARGET_AFTER = re.compile(r"\W{0,3}(?:[^\W\d_]+\s+){0,1}" + lx.source("trade.target_after"))
_TIMES_AFTER = re.compile(r"^\s*" + lx.source("number.times"))
_MULTIPLE = re.compile(
    r"(?P<n>"
    + _NUM
    + r"|"
    + _NUM_WORD
    + r")\s*-?\s*"
    + lx.source("number.times")
    + r"|(?P<double>"
    + alternation(_L.table("number.fractions")["double"])
    + r")|(?P<triple>"
    + alternation(_L.table("number.fractions")["triple"])
    + r")"
)
# The end of a number's own clause: what follows belongs to another statement.
_COMMA_OR_STOP = re.compile(r"[;,:]")
_OPENING_END = re.compile(r"(?:\s+[^\W\d_]+)?\s*[,:]")  # "Çaklamalara görä,", "Ожидается, что"
_CLAUSE_END = re.compile(r"[;,]|\s(?:while|whereas|but|а|но)\s|\s" + lx.source("party.and") + r"\s")
_REGION_REF = lx.concept("format.region_ref")
_NOT_TRADE = lx.NOT_TRADE
_TURNOVER = lx.concept("trade.turnover")
_FLOW = re.compile(_L.source("trade.exports") + "|" + _L.source("trade.imports"))
_SHARE = lx.concept("trade.share")
_OVER, _UNDER, _ABOUT = lx.OVER, lx.UNDER, lx.ABOUT
_OVER_AFTER = re.compile(r"^\W{0,3}(?:\w+\W+){0,1}?" + lx.source("trade.over_after"))
_UNDER_AFTER = re.compile(r"^\W{0,3}(?:\w+\W+){0,1}?" + lx.source("trade.under_after"))
_ABOUT_AFTER = re.compile(r"^\W{0,3}" + lx.source("trade.about_after"))
_UP, _DOWN = lx.GROWTH_UP, lx.GROWTH_DOWN
_FIVE = lx.concept("trade.five_countries")
_MUTUAL = lx.concept("trade.mutual")

_YEAR = re.compile(
    r"(?<![\d.,])(?<!\d[-–])(?<!\d\s[-–]\s)((?:19|20)\d{2})(?!\d)(?!\s*[-–]\s*(?:19|20)?\d{2}\b)"
)
_COMPARISON_BEFORE = re.compile(
    r"(?:" + lx.source("trade.comparison") + r"|" + lx.source("trade.same_period") + r")"
    r"\s+(?:[^\W\d_]+[\s,]+){0,4}?(?P<y>(?:19|20)\d{2})(?!\d)"
)
_COMPARISON_AFTER = re.compile(
    # "2021-yilga nisbatan", "2024-nji ýyl bilen deňeşdirilende": the year, its noun and a
    # postposition, then the comparison word
    r"(?P<y>(?:19|20)\d{2})(?!\d)[-\w]*\s+(?:[^\W\d_]+\s+){0,2}"
    + lx.source("trade.comparison_after")
)
_MONTH_WORD = r"[^\W\d_]+"
_MONTH_RANGE = re.compile(
    r"(?P<m1>"
    + _MONTH_WORD
    + r")\s*(?:[-–—]|"
    + lx.source("time.range_words")
    + r")\s*(?P<m2>"
    + _MONTH_WORD
    + r")(?:\w*\s+(?:"
    + lx.source("time.year_before")
    + r"\s+)?(?P<y>(?:19|20)\d{2}))?"
)
_QUARTER = re.compile(
    r"(?P<q>[^\W\d_]+|\d)(?:-?\w+)?\s+" + lx.source("trade.quarter") + r"|\bq(?P<qn>[1-4])\b"
    # "семоҳаи аввал": the ordinal after the quarter (Tajik)
    r"|" + lx.source("trade.quarter") + r"\s+(?P<qa>[^\W\d_]+)"
)


def _quarters(text: str) -> list[re.Match[str]]:
    """Every reading of a quarter in `text`, overlapping ones too ("дар семоҳаи аввал": the
    word before the quarter is no ordinal, the one after is)."""
    out = []
    pos = 0
    while (m := _QUARTER.search(text, pos)) is not None:
        out.append(m)
        pos = m.start() + 1
    return out


_COUNT = (
    r"(?P<n>\d{1,2}|"
    + _NUM_WORD
    + r"|"
    + alternation(p for ps in _L.table("ordinal.words").values() for p in ps)
    + r")"
)
_MONTHS_COUNT = re.compile(_COUNT + r"(?:-?\w+)?\s+" + lx.source("trade.months"))
# "the first eight months", "dastlabki sakkiz oyida": a word may stand between count and months
_MONTHS_COUNT_LOOSE = re.compile(_COUNT + r"(?:-?\w+)?\s+\w+\s+" + lx.source("trade.months"))
_HALF = lx.concept("trade.half_year")
_SINCE_START = lx.BEGINNING_OF_YEAR
_REPORTING = lx.concept("trade.reporting_period")
_DOLLAR_NEXT = re.compile(r"\W{0,3}" + lx.source("money.usd"))
_DOLLAR_BEFORE = re.compile(lx.source("money.usd") + r"\.?\s*$")
_TOTAL = lx.concept("trade.total")
_PRESENT_LEVEL = lx.concept("trade.present_level")
_THIS = re.compile(r"\W*" + lx.source("trade.restating"))
_COMPARED = lx.concept("trade.comparison")
_COMPARED_AFTER = lx.concept("trade.comparison_after")
_SAME_PERIOD = lx.SAME_PERIOD


def _number(text: str, scaled: bool = False) -> float | None:
    """A written number; with a scale word after it, "2,365" is 2.365 (nobody writes "2,365
    trillion" for 2365 trillion)."""
    t = text.strip().lower()
    if scaled and re.fullmatch(r"\d+,\d+", t):
        t = t.replace(",", ".")
    if t in _NUM_WORDS:
        return float(_NUM_WORDS[t])
    for word, n in _NUM_WORDS.items():
        if re.fullmatch(re.escape(word) + r"\w*", t) and len(word) >= 3:
            return float(n)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t):
        t = t.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", t) and len(t) > 5:
        t = t.replace(".", "")
    else:
        t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    for label, rx in _SCALES.items():
        if rx.fullmatch(word.lower()) or rx.match(word.lower()):
            return _SCALE_VALUES[label]
    return 1.0


_CONVERSION_GAP = re.compile(r"^\s*[\[(]\s*(?:[^\W\d_]+\s+){0,2}$")


@dataclass(frozen=True)
class _Amount:
    start: int
    end: int
    value: float
    unit: str


@dataclass(frozen=True)
class _Percent:
    start: int
    end: int
    value: float
    factor: float | None = None  # "grew 1.7 times": a multiple, whose percentage has a direction
    growth: bool = False  # "doubled", "втрое": a change by its own word


def _change(doc: Doc, p: _Percent) -> float:
    """The signed change in per cent; a multiple up is (n - 1) x 100 ("1.7 times" +70%), a
    multiple down 100 / n less ("сократился в 2 раза" -50%)."""
    sign = _sign(doc, p.start, p.end)
    if p.factor is None:
        return p.value * sign
    if sign > 0:
        return round((p.factor - 1) * 100, 1)
    return -round((1 - 1 / p.factor) * 100, 1)


def _amounts(low: str, offset: int) -> list[_Amount]:
    out: list[_Amount] = []
    for m in _AMOUNT.finditer(low):
        if m.group("n1") is not None:
            v = _number(m.group("n1"), bool(m.group("s1")))
            if v is None:
                continue
            value = v * _scale(m.group("s1"))
            if m.group("n1b") and m.group("s1b"):
                extra = _number(m.group("n1b"))
                value += (extra or 0.0) * _scale(m.group("s1b"))
            unit = "USD"
        else:
            v = _number(m.group("n2"), bool(m.group("s2")))
            if v is None:
                continue
            if not m.group("s2") and not re.match(r"\d", m.group("n2")):
                continue  # "five dollars" is no figure; "five billion dollars" is
            value = v * _scale(m.group("s2"))
            if m.group("n2b") and m.group("s2b"):
                extra = _number(m.group("n2b"))
                value += (extra or 0.0) * _scale(m.group("s2b"))
            if m.group("t"):
                unit = "t"
            elif m.group("rub"):
                unit = "RUB"
            elif m.group("local"):
                unit = next((k for k, rx in _LOCAL.items() if rx.match(m.group("local"))), "?")
            else:
                unit = "USD"
            if value < 1000 and unit == "USD" and not m.group("s2"):
                continue  # "20 dollars": a price, not a turnover
        if out and _CONVERSION_GAP.match(low[out[-1].end - offset : m.start()]):
            continue  # "26 billion dollars [about 2.4 trillion roubles]": a conversion
        out.append(_Amount(offset + m.start(), offset + m.end(), round(value, 2), unit))
    return out


def _percents(low: str, offset: int) -> list[_Percent]:
    out = []
    for m in _PERCENT.finditer(low):
        if _TIMES_AFTER.match(low, m.end()):
            continue
        if m.group("frac"):
            frac = next(k for k, rx in _FRACTION_RX.items() if rx.fullmatch(m.group("frac")))
            out.append(_Percent(offset + m.start(), offset + m.end(), _FRACTIONS[frac]))
            continue
        val = _number(m.group("n"))
        if val is None:
            continue
        out.append(_Percent(offset + m.start(), offset + m.end(), val))
    for m in _MULTIPLE.finditer(low):
        factor = 2.0 if m.group("double") else 3.0 if m.group("triple") else _number(m.group("n"))
        if factor is None or not 1 < factor <= 100:
            continue
        grew = bool(m.group("double") or m.group("triple"))
        out.append(_Percent(offset + m.start(), offset + m.end(), 0.0, factor, grew))
    return sorted(out, key=lambda p: p.start)


# ---------------------------------------------------------------------------- scope


def _states_in(doc: Doc, start: int, end: int) -> set[str]:
    states = {
        m.key
        for m in doc.countries
        if start <= m.start < end and not topic_context(doc.lower, m.start)
    }
    states |= {doc.gazetteer.person(m.key).country for m in doc.people if start <= m.start < end}
    return states


def _foreign_in(doc: Doc, start: int, end: int) -> list[str]:
    window = doc.lower[start:end]
    found = []
    for iso, rx in lx.FOREIGN_ISO:
        for m in rx.finditer(window):
            if topic_context(doc.lower, start + m.start()):
                continue
            if _DOLLAR_NEXT.match(window, m.end()) or _DOLLAR_BEFORE.search(window, 0, m.start()):
                continue  # "14,6 миллиард АҚШ долларына", "доллари ИМА": the currency's country
            found.append((m.start(), iso))
            break
    return [iso for _, iso in sorted(found)]


def _scope(doc: Doc, start: int, end: int) -> str | None:
    """The pair whose trade a number measures, read from the words in [start, end)."""
    window = doc.lower[start:end]
    foreign = _foreign_in(doc, start, end)
    states = _states_in(doc, start, end)
    if (
        not foreign
        and len(states) <= 1
        and (lx.OTHER_FORMATS_RX.search(window) or _TOTAL.search(window))
    ):
        # "trade with its partners in the EAEU", "the country's foreign trade": no one pair
        return "-"
    ca = [c for c in CENTRAL_ASIA if c in states]
    region = bool(lx.REGION_RX.search(window) or _FIVE.search(window)) or len(ca) >= 4
    if foreign:
        f = foreign[0]
        if "RU" in states:
            return "RU-" + f
        if region or _REGION_REF.search(window):
            return f + "-CA"
        if len(ca) == 1:
            return f + "-" + ca[0]
        return "RU-" + f
    if region:
        return "RU-CA"
    if len(ca) == 2 and "RU" not in states:
        return "-".join(sorted(ca))
    if len(ca) == 1:
        return "RU-" + ca[0]
    return None


def _frame_scope(doc: Doc, idx: int, event: Event | None) -> str | None:
    """The pair a figure belongs to when its own words name none ("bilateral trade grew"):
    the reported meeting's, else the nearest sentences', else the document's one pair."""
    if event is not None:
        if event.format == "central_asia_russia":
            return "RU-CA"
        x = [c for c in event.countries if c != "RU"]
        if len(x) == 1:
            return "RU-" + x[0]
    else:
        lead = _lead_pair(doc)
        if lead and _MUTUAL.search(doc.lower, doc.sentences[idx].start, doc.sentences[idx].end):
            return lead  # "trade between the two countries", in an item about two neighbours
    for j in range(idx, max(-1, idx - 3), -1):
        s = doc.sentences[j]
        sc = _scope(doc, s.start, s.end)
        if sc == "-":
            return None  # the sentence speaks of trade with no one pair ("with the EAEU")
        if sc:
            return sc
    states = {m.key for m in doc.countries}
    ca = [c for c in CENTRAL_ASIA if c in states]
    if "RU" in states and len(ca) == 1:
        return "RU-" + ca[0]
    return None


def _lead_pair(doc: Doc) -> str | None:
    """Two Central Asian states the title and lead name, Russia not among them ("Japarov and
    Rahmon signed the border treaty"): the text's pair."""
    if len(doc.sentences) < 2:
        return None
    end = doc.sentences[1].end
    states = _states_in(doc, 0, end)
    ca = [c for c in CENTRAL_ASIA if c in states]
    if "RU" in states or len(ca) != 2:
        return None
    return _pair(ca[0], ca[1])


# ---------------------------------------------------------------------------- period


@dataclass(frozen=True)
class _Period:
    year: int | None
    period: str | None
    kind: str  # year | partial | unknown
    explicit: bool = False  # the words name a period (else it is the sentence's or none)
    how: str | None = None  # how the year was found (records.py lists the values)


_NO_PERIOD = _Period(None, None, "unknown")


def _base_years(text: str) -> list[tuple[int, int, int]]:
    """Years that are the base of a comparison ("compared to 2023", "2021-yilga nisbatan")."""
    out = []
    for rx in (_COMPARISON_BEFORE, _COMPARISON_AFTER):
        for m in rx.finditer(text):
            out.append((m.start("y"), m.end("y"), int(m.group("y"))))
    return out


def _explicit_year(text: str, base: list[tuple[int, int, int]]) -> int | None:
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        if not 1990 <= y <= 2100:
            continue
        if any(s == m.start(1) for s, _, _ in base):
            continue
        if _a_days_year(text, m.start(1), m.end(1)):
            continue  # "(Almaty, 11 April 2025) ... trade of USD 44.7 billion in 2024"
        return y
    return None


def _a_days_year(text: str, start: int, end: int) -> bool:
    """The year of a day's date ("11 April 2025", "April 11, 2025", "2025 жылғы 11 сәуір",
    "2025-yil 11-aprel"): the date of a meeting or a statement, not a figure's period."""
    before = re.findall(r"[^\W_]+", text[max(0, start - 25) : start])[-2:]
    if len(before) == 2:
        a, b = before
        if (a.isdigit() and int(a) <= 31 and month_of(b)) or (
            month_of(a) and b.isdigit() and int(b) <= 31
        ):
            return True
    after = re.findall(r"[^\W_]+", text[end : end + 30])[:4]
    return any(
        tok.isdigit() and 1 <= int(tok) <= 31 and month_of(nxt) is not None
        for tok, nxt in itertools.pairwise(after)
    )


def _ordinal_or_count(word: str) -> int | None:
    w = word.lower()
    if w.isdigit():
        return int(w)
    n = _number(w)
    if n is not None:
        return int(n)
    return lx.ordinal_of(w)


def _period(text: str, anchor: int | None, current: int | None = None) -> _Period:
    """The period the words in `text` (one number's context) give a figure, if any.

    `anchor` is the publication year; without one, `current` (a year the sentence names as
    going on: "exceeded $45 billion last year and continues to grow in 2025") anchors "last
    year"."""
    base = _base_years(text)
    year = _explicit_year(text, base)
    base_year = base[0][2] if base else None
    this_year = bool(lx.THIS_YEAR.search(text))
    last_year = lx.LAST_YEAR.search(text)
    if last_year and (
        _SAME_PERIOD.search(text, max(0, last_year.start() - 30), last_year.start())
        or _COMPARED.search(text, max(0, last_year.start() - 30), last_year.start())
        or _COMPARED_AFTER.search(text, last_year.end(), last_year.end() + 30)
    ):
        last_year = None  # "compared with last year": the base, not the figure's year

    def resolved() -> tuple[int | None, str | None]:
        if year is not None:
            return year, "text"
        if this_year and anchor:
            return anchor, "relative"
        if base_year is not None and (this_year or _SAME_PERIOD.search(text)):
            return base_year + 1, "base_year"  # "this year ... against the same period of 2021"
        if last_year and anchor:
            return anchor - 1, "relative"
        if anchor and not last_year:
            return anchor, "relative"
        return None, None

    def partial(label: str) -> _Period:
        y, how = resolved()
        return _Period(y, f"{y}-{label}" if y else label, "partial", True, how)

    for m in _MONTH_RANGE.finditer(text):
        m1, m2 = month_of(m.group("m1")), month_of(m.group("m2"))
        if m1 and m2 and m1 < m2:
            if m.group("y"):
                y: int | None = int(m.group("y"))
                how: str | None = "text"
            else:
                y, how = resolved()
            label = f"{y}-{m1:02d}..{y}-{m2:02d}" if y else f"{m1:02d}..{m2:02d}"
            return _Period(y, label, "partial", True, how)
    for q in _quarters(text):
        if q.group("qa"):
            n = lx.ordinal_after_noun(q.group("qa")) or _ordinal_or_count(q.group("qa"))
        else:
            n = int(q.group("qn")) if q.group("qn") else _ordinal_or_count(q.group("q"))
        if n and 1 <= n <= 4:
            return partial(f"Q{n}")
    mc = _MONTHS_COUNT.search(text) or _MONTHS_COUNT_LOOSE.search(text)
    if mc:
        count = _ordinal_or_count(mc.group("n"))
        if count and 1 <= count <= 11:
            y, how = resolved()
            label = f"{y}-01..{y}-{count:02d}" if y else f"01..{count:02d}"
            return _Period(y, label, "partial", True, how)
    if _HALF.search(text):
        y, how = resolved()
        return _Period(y, f"{y}-01..{y}-06" if y else "01..06", "partial", True, how)
    if _SINCE_START.search(text) or (this_year and _SAME_PERIOD.search(text)):
        y = year or (anchor if this_year or not last_year else None)
        how = "text" if year else ("relative" if y else None)
        return _Period(y, f"{y}-ytd" if y else "ytd", "partial", True, how)
    if year is not None:
        return _Period(year, str(year), "year", True, "text")
    if last_year:
        now = anchor or current
        if now:
            return _Period(now - 1, str(now - 1), "year", True, "relative")
        return _Period(None, None, "year", True)
    if this_year:
        return _Period(anchor, f"{anchor}-ytd" if anchor else "ytd", "partial", True, "relative")
    return _NO_PERIOD


def _anchor_year(doc: Doc, event: Event | None) -> int | None:
    if doc.anchor and doc.anchor.year:
        return doc.anchor.year
    if event and event.date and event.date.year and event.status == "held":
        return event.date.year
    return None


# ---------------------------------------------------------------------------- reading


def _qualifier(doc: Doc, start: int, end: int) -> str:
    before = doc.lower[max(0, start - 30) : start]
    after = doc.lower[end : end + 30]
    if _OVER_AFTER.search(after) or lx.OVER.search(before):
        return "over"
    if _UNDER_AFTER.search(after) or lx.UNDER.search(before):
        return "under"
    if _ABOUT_AFTER.search(after) or lx.ABOUT.search(before):
        return "about"
    return "exact"


def _is_change(doc: Doc, start: int, end: int) -> bool:
    window = doc.lower[max(0, start - 70) : end + 40]
    if _SHARE.search(window):
        return False
    return bool(
        _UP.search(window)
        or _DOWN.search(window)
        or doc.lower[start:end].lstrip().startswith(("+", "-", "−"))
    )


def _sign(doc: Doc, start: int, end: int) -> float:
    window = doc.lower[max(0, start - 60) : end + 30]
    return -1.0 if _DOWN.search(window) and not _UP.search(window) else 1.0


def _skip_amount(doc: Doc, s_start: int, s_end: int, a: _Amount, anchor: int | None) -> bool:
    """A target, a forecast, money that is not trade, or one flow of it (exports only)."""
    before = doc.lower[max(s_start, a.start - 45) : a.start]
    if _TARGET.search(before) or _TARGET_AFTER.match(doc.lower, a.end):
        return True
    # "bringing trade between Russia and Uzbekistan to $20 billion", "довести товарооборот
    # между Россией и Таджикистаном до 3 млрд": the target word governs the trade word, the
    # pair named between them and the amount
    lead = max(s_start, a.start - 110)
    governed = [m for m in lx.TRADE.finditer(doc.lower, lead, a.start)]
    if governed and not _COMMA_OR_STOP.search(doc.lower, governed[-1].end(), a.start):
        t0 = governed[-1].start()
        if _TARGET.search(doc.lower[max(s_start, t0 - 30) : t0]):
            return True
    opening = _FORECAST.search(doc.lower, s_start, min(a.start, s_start + 40))
    if opening and _OPENING_END.match(doc.lower, opening.end()):
        return True  # "Интизор меравад, ки ...", "Ожидается, что ...": the sentence forecasts
    cut = _CLAUSE_END.search(doc.lower, a.end, min(s_end, a.end + 60))
    following = doc.lower[a.end : cut.start() if cut else min(s_end, a.end + 60)]
    if lx.verb_final(doc.language) and _FORECAST.search(following):
        return True  # "30 млрд долларға жетеді деп күтілуде": the forecast word follows
    if _FORECAST.search(before):
        # "will exceed $1.6 billion in 2022" written in 2023 is a translated outturn
        after = _YEAR.search(doc.lower, a.end, a.end + 25)
        if not (after and anchor and int(after.group(1)) < anchor):
            return True
    nearest_trade = max(
        (m.end() for m in lx.TRADE.finditer(doc.lower, s_start, a.start)), default=None
    )
    # "$5 billion in investment"; in the verb-final languages the amount qualifies the noun
    # after it ("80 mln dollardan gowrak şertnamalara": agreements worth over $80 million)
    reach = 25 if lx.verb_final(doc.language) else 15
    nearest_not = max(
        (m.end() for m in _NOT_TRADE.finditer(doc.lower, s_start, a.end + reach)), default=None
    )
    if nearest_not is not None and (nearest_trade is None or nearest_not > nearest_trade):
        return True
    flow = _FLOW.search(doc.lower, max(s_start, (nearest_trade or a.start) - 12), a.start)
    return bool(flow) and not _TURNOVER.search(doc.lower, max(s_start, a.start - 45), a.start)


def _flow_only(doc: Doc, s_start: int, at: int) -> bool:
    """ "Kazakh exports to Russia fell by 6.1%, while imports decreased by 1.2%": a change
    whose clause names one flow and no trade as a whole is that flow's, not the turnover's."""
    cut = max((m.end() for m in _CLAUSE_END.finditer(doc.lower, s_start, at)), default=s_start)
    return bool(_FLOW.search(doc.lower, cut, at)) and not _TURNOVER.search(doc.lower, cut, at)


@dataclass
class _Reading:
    """What the sentences read so far tell the next one: the period a figure last named (a
    statistics item sets it once: "in January–September ... Belarus ... Kazakhstan ..."), and
    the figure a "This is 2.1% more" sentence restates."""

    period: _Period | None = None
    period_paragraph: int = -1
    last_value: int | None = None  # index in the output of the last figure with a value
    last_value_sentence: int = -1


def _home_state(doc: Doc) -> str | None:
    """The Central Asian state a text without a meeting is about, so "trade with Russia reached
    ..." in an item on Kazakhstan's trade is RU-KZ: the first state its lead names (the first
    sentence that names one), unless that is Russia (Russia's own trade: each pair is named)."""
    for idx in range(min(len(doc.sentences), 3)):
        # a state, or an official of one ("Муҳриддин: Россия шарики асосии ...")
        named = sorted(
            [(m.start, m.key) for m in doc.in_sentence(doc.countries, idx)]
            + [
                (m.start, doc.gazetteer.person(m.key).country)
                for m in doc.in_sentence(doc.people, idx)
            ]
        )
        if named:
            return None if named[0][1] == "RU" else named[0][1]
    return None


def _pair(a: str, b: str) -> str:
    """A scope: Russia first, the region last, else in alphabetical order (CN-UZ, KZ-TM)."""
    if a == "RU" or b == "RU":
        other = b if a == "RU" else a
        return "RU-" + other
    if b == "CA" or a == "CA":
        return (b if b != "CA" else a) + "-CA"
    return "-".join(sorted((a, b)))


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def _figure_scope(
    doc: Doc,
    idx: int,
    left: int,
    start: int,
    event: Event | None,
    home: str | None,
) -> tuple[str | None, str | None]:
    """(scope, how it was found) for a number at `start` whose own words begin at `left`."""
    s = doc.sentences[idx]
    for a, b in ((left, start), (s.start, start), (s.start, s.end)):
        scope = _scope(doc, a, b)
        if scope == "-":
            return None, None
        if scope is not None:
            other = scope[3:] if home and scope.startswith("RU-") else None
            if home and other and "RU" not in _states_in(doc, a, b):
                if other in CENTRAL_ASIA and other != home:
                    # "Qozog'iston (3 milliard dollar)" in a list of Uzbekistan's partners
                    return _pair(other, home), "context"
                if other not in (*CENTRAL_ASIA, "CA"):
                    # "Торговля с Китаем ...", in an item about Kazakhstan's trade
                    return _pair(other, home), "context"
            return scope, "text"
        if home is not None:
            alone = _states_in(doc, a, b)
            if alone == {"RU"}:
                return _pair("RU", home), "context"
    frame = _frame_scope(doc, idx, event)
    foreign_frame = bool(
        frame and frame.startswith("RU-") and frame[3:] not in (*CENTRAL_ASIA, "CA")
    )
    if foreign_frame and _states_in(doc, s.start, start) == {"RU"}:
        # "Rossiya bilan tovar aylanmasi ... 12,1 mlrd", after a sentence on the EU as
        # Uzbekistan's partner: trade *with Russia* is a Central Asian state's, the one the
        # sentences before name, never Russia's with the other bloc
        near = {
            c
            for j in range(max(0, idx - 2), idx + 1)
            for c in _states_in(doc, doc.sentences[j].start, doc.sentences[j].end)
            if c in CENTRAL_ASIA
        }
        if len(near) == 1:
            return "RU-" + near.pop(), "context"
        return None, None
    return frame, ("context" if frame else None)


def extract_trade(doc: Doc, event: Event | None) -> list[TradeFigure]:
    anchor = _anchor_year(doc, event)

    def _reach(end: int, s_end: int) -> int:
        """The words just after a number that may still name its period ("$12 billion in
        2025"), up to the end of its clause: ", and in January-April it added 6%" is another
        figure's."""
        cut = _CLAUSE_END.search(doc.lower, end, min(s_end, end + 40))
        return cut.start() if cut else min(s_end, end + 40)

    home = _home_state(doc) if event is None else None
    out: list[TradeFigure] = []
    state = _Reading()
    figures_in: dict[int, int] = {}
    for idx, s in enumerate(doc.sentences):
        low = doc.lower[s.start : s.end]
        trade_here = bool(lx.TRADE.search(low))
        prev_trade = idx > 0 and bool(
            lx.TRADE.search(doc.lower[doc.sentences[idx - 1].start : doc.sentences[idx - 1].end])
        )
        if not trade_here and not prev_trade:
            continue
        amounts = [
            a for a in _amounts(low, s.start) if not _skip_amount(doc, s.start, s.end, a, anchor)
        ]
        percents = [
            p
            for p in _percents(low, s.start)
            if (p.growth or _is_change(doc, p.start, p.end))
            and not _flow_only(doc, s.start, p.start)
            and not any(a.start <= p.start < a.end for a in amounts)
        ]
        marks = sorted([(a.start, a.end) for a in amounts] + [(p.start, p.end) for p in percents])

        def context(
            start: int, end: int, marks: list[tuple[int, int]] = marks, s: Sentence = s
        ) -> tuple[int, int]:
            """From the previous number to the next one or the end of this one's clause."""
            prev = max((e for _, e in marks if e <= start), default=s.start)
            nxt = min((b for b, _ in marks if b >= end), default=s.end)
            cut = _CLAUSE_END.search(doc.lower, end, nxt)
            return prev, cut.start() if cut else nxt

        current = None if anchor else _explicit_year(low, _base_years(low))
        sentence_period = _period(low, anchor, current)
        if not sentence_period.explicit and idx > 0 and not figures_in.get(idx - 1):
            # "Last year Russia became its main partner. Trade grew 22.7% to $9.2 billion."
            ps = doc.sentences[idx - 1]
            if ps.paragraph == s.paragraph or prev_trade:
                inherited = _period(doc.lower[ps.start : ps.end], anchor)
                if inherited.explicit:
                    sentence_period = replace(inherited, how=inherited.how and "sentence_before")

        def carried(
            text: str, at: int, unit: str | None = None, s: Sentence = s, idx: int = idx
        ) -> _Period:
            """No period of its own: the reporting period named before ("за тот же период"),
            else the period of the figure before it in the same paragraph, unless the figure is
            a level as it stands ("trade with Belarus, which exceeds $50 billion"). A figure in
            another currency right after one in dollars restates it ("In tenge terms, trade
            reached 6.4 trillion tenge") and has its period."""
            if state.period is None:
                return _NO_PERIOD
            if _PRESENT_LEVEL.search(doc.lower, max(s.start, at - 60), at):
                return _NO_PERIOD
            if _REPORTING.search(text) or state.period_paragraph == s.paragraph:
                return replace(state.period, how="sentence_before")
            if unit not in (None, "USD") and 0 <= idx - state.last_value_sentence <= 3:
                return replace(state.period, how="sentence_before")
            return _NO_PERIOD

        used: set[int] = set()
        figures: list[TradeFigure] = []
        # each change belongs to the amount nearest it ("... 95 mlrd bo'ldi, ... 11,3 foizga
        # o'sib, 44,7 mlrd dollarga yetdi": the 11.3% is the second figure's)
        nearest_amount = (
            {
                p.start: min(
                    amounts, key=lambda a: _distance((a.start, a.end), (p.start, p.end))
                ).start
                for p in percents
            }
            if amounts
            else {}
        )
        for a in amounts:
            left, right = context(a.start, a.end)
            # the figure's own words run back to the previous amount, over its change
            prior = max((b.end for b in amounts if b.end <= a.start), default=s.start)
            scope_left = left if _scope(doc, left, a.start) is not None else max(prior, s.start)
            scope, scope_how = _figure_scope(doc, idx, scope_left, a.start, event, home)
            if scope is None:
                continue
            own = _period(doc.lower[left:right], anchor, current)
            period = (
                own if own.explicit else _period(doc.lower[s.start : _reach(a.end, s.end)], anchor)
            )
            if not period.explicit:
                period = (
                    sentence_period if sentence_period.explicit else carried(low, a.start, a.unit)
                )
            change = None
            for p in sorted(percents, key=lambda p: abs(p.start - a.end)):
                if p.start in used or abs(p.start - a.end) > 160:
                    continue
                if nearest_amount.get(p.start, a.start) != a.start:
                    continue
                pl, pr = context(p.start, p.end)
                p_own = _period(doc.lower[pl:pr], anchor)
                if p_own.explicit and (p_own.year, p_own.period) != (period.year, period.period):
                    continue  # the change has its own period: a figure of its own
                change = _change(doc, p)
                used.add(p.start)
                break
            figures.append(
                TradeFigure(
                    scope,
                    period.year,
                    period.period,
                    period.kind,
                    a.value,
                    a.unit,
                    _qualifier(doc, a.start, a.end),
                    change,
                    _quote(doc, s.start, s.end),
                    period.how if period.year is not None else None,
                    scope_how,
                )
            )
        growth_context = trade_here or bool(_UP.search(low) or _DOWN.search(low))
        periods_taken = {(f.year, f.period) for f in figures}
        restated = _restates_previous(doc, s, state, idx, out, amounts)
        for p in percents:
            if p.start in used or not growth_context:
                continue
            if restated is not None:
                # "Бұл өткен жылдың сәйкес кезеңімен салыстырғанда 2,1 пайызға көп."
                out[restated] = _with_change(out[restated], _change(doc, p))
                restated = None
                continue
            pl, pr = context(p.start, p.end)
            own = _period(doc.lower[pl:pr], anchor)
            if figures and not own.explicit:
                continue  # another percentage of a figure already read
            period = (
                own if own.explicit else _period(doc.lower[s.start : _reach(p.end, s.end)], anchor)
            )
            if not period.explicit:
                period = sentence_period if sentence_period.explicit else carried(low, p.start)
            if (period.year, period.period) in periods_taken and figures:
                continue
            if p.factor is not None and not period.explicit:
                continue  # "grew 2.5 times" over years unnamed: no period to grow in
            scope, scope_how = _figure_scope(doc, idx, pl, p.start, event, home)
            if scope is None:
                continue
            periods_taken.add((period.year, period.period))
            figures.append(
                TradeFigure(
                    scope,
                    period.year,
                    period.period,
                    period.kind,
                    None,
                    None,
                    _qualifier(doc, p.start, p.end),
                    _change(doc, p),
                    _quote(doc, s.start, s.end),
                    period.how if period.year is not None else None,
                    scope_how,
                )
            )
        for f in figures:
            if f.period is not None and f.year is not None:
                state.period = _Period(f.year, f.period, f.period_kind, True, f.year_found)
                state.period_paragraph = s.paragraph
            out.append(f)
            if f.value is not None:
                state.last_value = len(out) - 1
                state.last_value_sentence = idx
        figures_in[idx] = len(figures)
    return dedupe_figures(out)


def _restates_previous(
    doc: Doc,
    s: Sentence,
    state: _Reading,
    idx: int,
    out: list[TradeFigure],
    amounts: list[_Amount],
) -> int | None:
    """ "This is 2.1% more than a year before": a sentence that opens with "this" and holds no
    amount of its own gives the change of the figure just before it."""
    if amounts or state.last_value is None or state.last_value_sentence != idx - 1:
        return None
    if out[state.last_value].change_pct is not None:
        return None
    if not _THIS.match(doc.lower, s.start):
        return None
    return state.last_value


def _quote(doc: Doc, start: int, end: int) -> str:
    return doc.text[start:end].strip()[:400]


def _consistent(rounded: TradeFigure, precise: TradeFigure) -> bool:
    """A lead's rounded figure restating a precise one ("over $1.1 bln" for "$1.118 bln")."""
    if rounded.value is None or precise.value is None or rounded.qualifier == "exact":
        return False
    if precise.qualifier != "exact" or rounded.year != precise.year:
        return False
    gap = (precise.value - rounded.value) / precise.value
    if rounded.qualifier == "over":
        return 0 <= gap <= 0.05
    if rounded.qualifier == "under":
        return -0.05 <= gap <= 0
    return abs(gap) <= 0.05


def dedupe_figures(figures: list[TradeFigure]) -> list[TradeFigure]:
    """One figure per statement: a headline and its body agree ("вырос на 17%" is the body's
    "16,6%" rounded; "45 млрд" without a year is the body's "45 млрд в 2024 году")."""
    out: list[TradeFigure] = []
    for f in figures:
        merged = False
        for i, g in enumerate(out):
            if g.scope != f.scope or (g.unit not in (f.unit, None) and f.unit is not None):
                continue
            same_year = g.year == f.year or g.year is None or f.year is None
            if not same_year:
                continue
            if f.value is not None and g.value is not None:
                if abs(f.value - g.value) <= 0.01 * max(f.value, g.value):
                    keep = g if (g.year is not None or f.year is None) else f
                    other = f if keep is g else g
                    if keep.change_pct is None and other.change_pct is not None:
                        keep = _with_change(keep, other.change_pct)
                    out[i] = keep
                    merged = True
                    break
                if _consistent(f, g) or _consistent(g, f):
                    out[i] = g if _consistent(f, g) else f
                    merged = True
                    break
                continue
            # A change alone restates another figure only with the same change ("вырос на
            # 17%" over a body's "16,6%"), or as the change a figure of the same known year
            # lacks; never by sharing a pair and a missing year.
            if f.change_pct is None or g.change_pct is None:
                lone, other = (f, g) if f.value is None else (g, f)
                if (
                    lone.value is None
                    and other.value is not None
                    and other.change_pct is None
                    and lone.change_pct is not None
                    and lone.year is not None
                    and lone.year == other.year
                    and (lone.period is None or other.period is None or lone.period == other.period)
                ):
                    out[i] = _with_change(other, lone.change_pct)
                    merged = True
                    break
                continue
            if abs(f.change_pct - g.change_pct) > 0.5:
                continue
            if f.year is not None and g.year is not None and f.year != g.year:
                continue
            keep = g if (g.value is not None or (g.year is not None and f.value is None)) else f
            out[i] = keep
            merged = True
            break
        if not merged:
            out.append(f)
    return out


def _with_change(f: TradeFigure, change: float) -> TradeFigure:
    return replace(f, change_pct=change)
