"""Trade figures as quoted: scope, period, value and unit, qualifier and change, and the words.

A number is a trade figure only when trade is what the sentence (or the one before it, for "this
indicator reached ...") is about, and it is an outturn rather than a target ("to bring trade to
$5 billion"), an investment or aid sum. Units are kept as written: tonnes stay tonnes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalise import lexicon as lx
from normalise.analysis import Doc, topic_context
from normalise.records import Event, TradeFigure
from normalise.registry import CENTRAL_ASIA

_NUM = r"\d+(?:[.,]\d+)*"
_SCALE = (
    r"(?P<scale>trillion|трлн\w*|billion|bn|bln|млрд\.?|миллиард\w*|milliard\w*|mlrd\.?|"
    r"million|mln|млн\.?|миллион\w*|million\w*|mln\.?|thousand|тыс\.?|тысяч\w*|ming)"
)
_USD = (
    r"(?:(?:us|u\.s\.|american|ақш|акш|aqsh|abş|сша)\s*)?(?:dollars?|долл\w*|доллар\w*|dollar\w*|"
    r"usd)(?:\s+(?:сша|ақш|има|aqsh))?"
)
_MONEY = re.compile(
    r"(?<![\w.,])(?:(?:us|u\.s\.)?\s*\$\s*(?P<n1>"
    + _NUM
    + r")\s*"
    + _SCALE.replace("scale", "s1")
    + r"?|(?P<n2>"
    + _NUM
    + r")\s*"
    + _SCALE.replace("scale", "s2")
    + r"(?:\s+(?P<n2b>"
    + _NUM
    + r")\s*"
    + _SCALE.replace("scale", "s2b")
    + r")?\s*(?:of\s+)?"
    r"(?P<cur>" + _USD + r"|\$|(?P<t>tons?|tonnes?|тонн\w*|t\b)|(?P<rub>рубл\w*|roubles?|rubles?|"
    r"rub\b)))",
    re.I,
)
_PCT_WORDS = {
    "один": 1,
    "одного": 1,
    "два": 2,
    "двух": 2,
    "три": 3,
    "трех": 3,
    "трёх": 3,
    "четыре": 4,
    "четырех": 4,
    "четырёх": 4,
    "пять": 5,
    "пяти": 5,
    "шесть": 6,
    "шести": 6,
    "семь": 7,
    "семи": 7,
    "восемь": 8,
    "восьми": 8,
    "девять": 9,
    "девяти": 9,
    "десять": 10,
    "десяти": 10,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_PCT = re.compile(
    r"(?P<sign>[+-−])?\s*(?P<n>" + _NUM + r"|" + "|".join(_PCT_WORDS) + r")\s*"
    r"(?:%|процент\w*|percent|per cent|фоиз\w*|foiz\w*|пайыз\w*|göterim\w*|пайыз)",
    re.I,
)
_SCALES = {
    "trillion": 1e12,
    "трлн": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "млрд": 1e9,
    "миллиард": 1e9,
    "milliard": 1e9,
    "mlrd": 1e9,
    "million": 1e6,
    "mln": 1e6,
    "млн": 1e6,
    "миллион": 1e6,
    "thousand": 1e3,
    "тыс": 1e3,
    "тысяч": 1e3,
    "ming": 1e3,
}
_MONTH_RANGE = re.compile(
    r"(?P<m1>[^\W\d_]+)\s*(?:[-–—]|through|to|по|до|-\s*)\s*(?P<m2>[^\W\d_]+)\s*(?P<y>(?:19|20)\d{2})?",
    re.I,
)
_QUARTER = re.compile(
    r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|перв\w*|втор\w*|трет\w*|четверт\w*|"
    r"birinchi|ikkinchi|uchinchi|to'rtinchi)\s+(?:quarter|квартал\w*|chorak\w*)"
    r"(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d{2}))?|\bq(?P<qn>[1-4])\b",
    re.I,
)
_MONTHS_COUNT = re.compile(
    r"(?:first\s+)?(?P<n>\w+)\s+months|(?:по итогам|за)\s+(?P<ru>\w+)\s+месяц\w*|"
    r"(?:first\s+)?half of|перв\w+ полугоди\w*",
    re.I,
)
_COUNT_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "двух": 2,
    "трех": 3,
    "трёх": 3,
    "четырех": 4,
    "пяти": 5,
    "шести": 6,
    "семи": 7,
    "восьми": 8,
    "девяти": 9,
    "десяти": 10,
    "одиннадцати": 11,
}
_COMPARISON = re.compile(
    r"(?:compared (?:to|with)|than|по сравнению с|относительно|в сравнении с|against)\s*"
    r"(?:\w+\s+){0,4}$",
    re.I,
)
_FIVE_COUNTRIES = re.compile(
    r"five (?:countries|states|nations)|пят\w* (?:стран|государств)|пятерк\w*|"
    r"beshta davlat|панҷ кишвар",
    re.I,
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)(?!\s*[-–]\s*(?:19|20)?\d{2})")
_FOREIGN_ISO = (
    ("BY", re.compile(r"belarus\w*|белорус\w*|беларус\w*", re.I)),
    ("CN", re.compile(r"china|chinese|китай\w*|китая|xitoy", re.I)),
    ("TR", re.compile(r"turkey|türkiye|турци\w*", re.I)),
    ("IR", re.compile(r"iran\w*|иран\w*", re.I)),
    ("AZ", re.compile(r"azerbaijan\w*|азербайджан\w*", re.I)),
    ("US", re.compile(r"united states|\bsша\b|сша|америк\w*", re.I)),
    ("IN", re.compile(r"india\b|инди[яию]\b", re.I)),
)


_RAISE_TO = re.compile(
    r"(?:increas|rais|boost|bring|doubl|expand)\w*\s+(?:[^\W\d_]+\s+){0,4}to\s*(?:us)?\s*$", re.I
)


def _number(text: str) -> float | None:
    t = text.strip()
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
    w = word.lower().rstrip(".")
    for k, v in _SCALES.items():
        if w.startswith(k):
            return v
    return 1.0


@dataclass
class _Amount:
    start: int
    end: int
    value: float
    unit: str


def _amounts(text: str, offset: int) -> list[_Amount]:
    out = []
    for m in _MONEY.finditer(text):
        if m.group("n1") is not None:
            v = _number(m.group("n1"))
            if v is None:
                continue
            value = v * _scale(m.group("s1"))
            unit = "USD"
        else:
            v = _number(m.group("n2"))
            if v is None:
                continue
            value = v * _scale(m.group("s2"))
            if m.group("n2b"):
                extra = _number(m.group("n2b"))
                if extra is not None:
                    value += extra * _scale(m.group("s2b"))
            unit = "t" if m.group("t") else ("RUB" if m.group("rub") else "USD")
        out.append(_Amount(offset + m.start(), offset + m.end(), round(value, 2), unit))
    return out


def _percents(text: str, offset: int) -> list[tuple[int, int, float]]:
    out = []
    for m in _PCT.finditer(text):
        raw = m.group("n").lower()
        val = float(_PCT_WORDS[raw]) if raw in _PCT_WORDS else _number(raw)
        if val is None:
            continue
        out.append((offset + m.start(), offset + m.end(), val))
    return out


def _scope(doc: Doc, start: int, end: int, event: Event | None, idx: int) -> str | None:
    """The pair whose trade a number measures, read from the words before it."""
    window = doc.lower[start:end]
    for iso, rx in _FOREIGN_ISO:
        if rx.search(window):
            return "RU-" + iso
    states = {
        m.key
        for m in doc.countries
        if start <= m.start < end and not topic_context(doc.lower, m.start)
    }
    states |= {doc.gazetteer.person(m.key).country for m in doc.people if start <= m.start < end}
    ca = [c for c in CENTRAL_ASIA if c in states]
    if lx.REGION_RX.search(window) or (_FIVE_COUNTRIES.search(window)) or len(ca) >= 4:
        return "RU-CA"
    if len(ca) == 2 and "RU" not in states:
        return "-".join(sorted(ca))
    if len(ca) == 1:
        return "RU-" + ca[0]
    return None


def _fallback_scope(doc: Doc, idx: int, event: Event | None) -> str | None:
    if event is not None:
        if event.format == "central_asia_russia":
            return "RU-CA"
        x = [c for c in event.countries if c != "RU"]
        if len(x) == 1:
            return "RU-" + x[0]
    for j in range(idx, max(-1, idx - 3), -1):
        s = doc.sentences[j]
        sc = _scope(doc, s.start, s.end, None, j)
        if sc:
            return sc
    states = {m.key for m in doc.countries}
    ca = [c for c in CENTRAL_ASIA if c in states]
    if "RU" in states and len(ca) == 1:
        return "RU-" + ca[0]
    return None


def _anchor_year(doc: Doc, event: Event | None) -> int | None:
    if doc.anchor and doc.anchor.year:
        return doc.anchor.year
    if event and event.date and event.date.year and event.status == "held":
        return event.date.year
    return None


def _period(
    doc: Doc, win_start: int, pos: int, win_end: int, anchor: int | None, sentence: str
) -> tuple[int | None, str | None, str]:
    """(year, period, period_kind) for a figure at `pos`, read from its clause (`win_*`): the
    words between the previous figure and a little after this one."""
    from normalise.dates import month_of

    text = doc.lower[win_start:win_end]
    before = doc.lower[win_start:pos]
    for m in _MONTH_RANGE.finditer(text):
        m1, m2 = month_of(m.group("m1")), month_of(m.group("m2"))
        if m1 and m2 and m1 < m2:
            y = int(m.group("y")) if m.group("y") else _explicit_year(text) or anchor
            return y, (f"{y}-{m1:02d}..{y}-{m2:02d}" if y else f"{m1:02d}..{m2:02d}"), "partial"
    q = _QUARTER.search(text)
    if q:
        word = (q.group("q") or "").lower()
        n = (
            int(q.group("qn"))
            if q.group("qn")
            else next(
                (
                    i
                    for i, w in enumerate(
                        (
                            "first|1st|перв|birinchi",
                            "second|2nd|втор|ikkinchi",
                            "third|3rd|трет|uchinchi",
                            "fourth|4th|четверт|to'rtinchi",
                        ),
                        start=1,
                    )
                    if re.match(w, word)
                ),
                1,
            )
        )
        y = int(q.group("y")) if q.group("y") else _explicit_year(text) or anchor
        return y, (f"{y}-Q{n}" if y else f"Q{n}"), "partial"
    mc = _MONTHS_COUNT.search(text)
    if mc:
        word = (mc.group("n") or mc.group("ru") or "").lower()
        count = _COUNT_WORDS.get(word) or (int(word) if word.isdigit() else None)
        half = "half" in mc.group(0).lower() or "полугоди" in mc.group(0).lower()
        if count or half:
            y = _explicit_year(text) or (
                anchor if lx.THIS_YEAR.search(text) or not lx.LAST_YEAR.search(text) else None
            )
            last = 6 if half else count
            return y, (f"{y}-01..{y}-{last:02d}" if y else f"01..{last:02d}"), "partial"
    if lx.BEGINNING_OF_YEAR.search(text) or (
        lx.THIS_YEAR.search(before) and lx.SAME_PERIOD.search(text)
    ):
        y = _explicit_year(before) or anchor
        return y, (f"{y}-ytd" if y else "ytd"), "partial"
    explicit = _explicit_year(before)
    if explicit:
        return explicit, str(explicit), "year"
    last_year = lx.LAST_YEAR.search(text)
    if last_year and not _COMPARISON.search(text[: last_year.start()]):
        base = anchor or _explicit_year(sentence)
        if base:
            return base - 1, str(base - 1), "year"
        return None, None, "year"
    explicit = _explicit_year(text)
    if explicit:
        return explicit, str(explicit), "year"
    if lx.THIS_YEAR.search(text):
        return anchor, (f"{anchor}-ytd" if anchor else "ytd"), "partial"
    return None, None, "unknown"


def _explicit_year(text: str) -> int | None:
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        if 1990 <= y <= 2100:
            after = text[m.end() : m.end() + 12]
            if re.match(r"\s*(?:[-–]\s*\d{2,4})", after):
                continue
            return y
    return None


def _qualifier(doc: Doc, start: int) -> str:
    before = doc.lower[max(0, start - 30) : start]
    if lx.OVER.search(before):
        return "over"
    if lx.UNDER.search(before):
        return "under"
    if lx.ABOUT.search(before):
        return "about"
    after = doc.lower[start : start + 40]
    if re.search(r"с лишним|с чем-то|plus\b", after):
        return "over"
    return "exact"


def _change_sign(doc: Doc, start: int, end: int) -> float:
    window = doc.lower[max(0, start - 60) : end + 30]
    return -1.0 if lx.GROWTH_DOWN.search(window) and not lx.GROWTH_UP.search(window) else 1.0


def _is_change(doc: Doc, start: int, end: int) -> bool:
    window = doc.lower[max(0, start - 70) : end + 40]
    if re.search(r"share|доля|доли|ulush|of gdp|ввп|territor|территор|населени|population", window):
        return False
    return bool(
        lx.GROWTH_UP.search(window)
        or lx.GROWTH_DOWN.search(window)
        or doc.lower[start:end].lstrip().startswith(("+", "-", "−"))
    )


def extract_trade(doc: Doc, event: Event | None) -> list[TradeFigure]:
    anchor = _anchor_year(doc, event)
    out: list[TradeFigure] = []
    for idx, s in enumerate(doc.sentences):
        low = doc.lower[s.start : s.end]
        trade_here = lx.TRADE.search(low)
        prev_trade = idx > 0 and bool(
            lx.TRADE.search(doc.lower[doc.sentences[idx - 1].start : doc.sentences[idx - 1].end])
        )
        if not trade_here and not prev_trade:
            continue
        amounts = _amounts(doc.text[s.start : s.end], s.start)
        percents = _percents(doc.text[s.start : s.end], s.start)
        used_pct: set[int] = set()
        figures: list[TradeFigure] = []
        for a in amounts:
            before = doc.lower[max(s.start, a.start - 45) : a.start]
            if lx.TARGET.search(before) or _RAISE_TO.search(before):
                continue
            nearest_trade = max(
                (m.end() for m in lx.TRADE.finditer(doc.lower, s.start, a.start)), default=None
            )
            nearest_not = max(
                (m.end() for m in lx.NOT_TRADE.finditer(doc.lower, s.start, a.end + 15)),
                default=None,
            )
            if nearest_not is not None and (nearest_trade is None or nearest_not > nearest_trade):
                continue
            if re.search(
                r"export\w*|import\w*|экспорт\w*|импорт\w*",
                doc.lower[(nearest_trade or a.start) - 12 : a.start],
            ) and not re.search(r"turnover|товарооборот|trade turnover", before):
                continue
            scope = _scope(doc, max(s.start, _prev_end(amounts, a, s.start)), a.start, event, idx)
            scope = (
                scope or _scope(doc, s.start, s.end, event, idx) or _fallback_scope(doc, idx, event)
            )
            if scope is None:
                continue
            change = None
            for p in sorted(percents, key=lambda p: abs(p[0] - a.end)):
                if p[0] in used_pct or not _is_change(doc, p[0], p[1]):
                    continue
                if abs(p[0] - a.end) < 160:
                    change = p[2] * _change_sign(doc, p[0], p[1])
                    used_pct.add(p[0])
                break
            win_start = max(s.start, _prev_end(amounts, a, s.start))
            win_end = min(s.end, _next_start(amounts, a, s.end), a.end + 40)
            year, period, kind = _period(doc, win_start, a.start, win_end, anchor, low)
            figures.append(
                TradeFigure(
                    scope,
                    year,
                    period,
                    kind,
                    a.value,
                    a.unit,
                    _qualifier(doc, a.start),
                    change,
                    _quote(doc, s.start, s.end),
                )
            )
        for p in percents:
            if p[0] in used_pct or amounts or not _is_change(doc, p[0], p[1]):
                continue
            if not trade_here and not (
                prev_trade
                and re.search(
                    r"рост|growth|increase|grew|"
                    r"вырос|o'sish",
                    low,
                )
            ):
                continue
            scope = _scope(doc, s.start, p[0], event, idx) or _fallback_scope(doc, idx, event)
            if scope is None:
                continue
            year, period, kind = _period(doc, s.start, p[0], s.end, anchor, low)
            figures.append(
                TradeFigure(
                    scope,
                    year,
                    period,
                    kind,
                    None,
                    None,
                    _qualifier(doc, p[0]),
                    p[2] * _change_sign(doc, p[0], p[1]),
                    _quote(doc, s.start, s.end),
                )
            )
            break
        out.extend(figures)
    return dedupe_figures(out)


def _next_start(amounts: list[_Amount], a: _Amount, default: int) -> int:
    starts = [x.start for x in amounts if x.start >= a.end]
    return min(starts) if starts else default


def _prev_end(amounts: list[_Amount], a: _Amount, default: int) -> int:
    ends = [x.end for x in amounts if x.end <= a.start]
    return max(ends) if ends else default


def _quote(doc: Doc, start: int, end: int) -> str:
    return doc.text[start:end].strip()[:400]


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
                    out[i] = g if (g.year is not None or f.year is None) else f
                    merged = True
                    break
                continue
            close = (
                f.change_pct is None
                or g.change_pct is None
                or abs(f.change_pct - g.change_pct) <= 0.5
            )
            if close and g.year == f.year:
                out[i] = g if g.value is not None else f
                merged = True
                break
        if not merged:
            out.append(f)
    return out
