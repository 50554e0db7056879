"""From one text or page to one record: the entry point of the normalisation stage.

Pure and deterministic: the same input gives the same record, with no clock and no network, so
re-extracting the archive after a rule change reproduces everything that did not change.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from carta.core.dates import PartialDate
from carta.core.extraction import Extraction
from carta.core.langdata import alternation
from carta.core.language import identify
from normalise import lexicon as lx
from normalise.analysis import analyse
from normalise.entities import Gazetteer, default_gazetteer
from normalise.events import build_event, find_candidates
from normalise.text import InputError, decode, normalise_text
from normalise.trade import extract_trade

MAX_CHARS = 400_000
_MARKUP = re.compile(r"\s*<(?:!doctype\s+html|html|head|body|div|p|article|h1)\b", re.IGNORECASE)


def on_lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern without IGNORECASE, for text that is already lower-case.

    Case-insensitive matching of Unicode is what made the gate's searches slow (measured on the
    bench pages: 0.12 against 0.05 ms per page for the trade words). That is only the same
    pattern if it names no capital letter, so one that does is refused here, at import.
    """
    letters = re.sub(r"\\[A-Za-z]", "", pattern.pattern)
    capitals = sorted({c for c in letters if c.isupper()})
    if capitals:
        raise ValueError(f"pattern names capital letters {capitals}: it cannot run on lowered text")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


_ANY_TRIGGER = on_lowered(
    re.compile(
        "|".join(
            f"(?:{p.pattern})"
            for p in (
                lx.SUMMIT,
                lx.PHONE,
                lx.CONSULTATIONS,
                lx.TALKS,
                lx.MEETING,
                lx.VISIT,
                lx.RECEPTION,
            )
        )
        + r"|forum|форум",
        re.IGNORECASE,
    )
)
_ANY_TRADE = on_lowered(lx.TRADE)
# A figure needs a digit, or a number or fraction word ("grew by one-third", "пяти миллиардов").
_ANY_NUMBER = re.compile(
    r"\d|"
    + alternation(
        p
        for name in ("money.scale", "number.fractions")
        for ps in lx.LEXICON.table(name).values()
        for p in ps
    )
)


_ISO_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def published_date(value: date | datetime | str | PartialDate | None) -> PartialDate | None:
    """A publication date given by the caller, read as the extractor reads it; `InputError`
    for one it cannot read."""
    if value is None or value == "":
        return None
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime):
        return PartialDate(value.year, value.month, value.day, "published", value.isoformat())
    if isinstance(value, date):
        return PartialDate(value.year, value.month, value.day, "published", value.isoformat())
    # strictly ISO: a lenient reading turned '2026-13-01' into the year 2026
    text = str(value).strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        m = _ISO_MONTH.fullmatch(text)
        if m is None or not 1 <= int(m.group(2) or 1) <= 12:
            raise InputError(
                f"cannot read the publication date {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)"
            ) from None
        month = int(m.group(2)) if m.group(2) else None
        return PartialDate(int(m.group(1)), month, None, "published", text)
    return PartialDate(when.year, when.month, when.day, "published", text)


def extract(
    content: str | bytes,
    *,
    url: str | None = None,
    published: date | datetime | str | PartialDate | None = None,
    lang: str | None = None,
    title: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> Extraction:
    """Extract the meeting record from `content`, plain text (str or bytes): a page is first
    read by its site's adapter (`carta.reading`), as the nightly does.

    Raises `InputError` for empty, binary or undecodable input; anything else readable yields a
    record (possibly `relevant=False`).
    """
    text = decode(content) if isinstance(content, bytes) else content
    if "\x00" in text[:4096]:
        raise InputError("the input looks binary (it contains NUL bytes)")
    if not text.strip():
        raise InputError("the input is empty")
    if _MARKUP.match(text):
        raise InputError(
            "the input is an HTML page: pages are read by their site's adapter first "
            "(carta extract does it; in code, carta.reading.extract_input)"
        )
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
    pub = published_date(published)
    if title and not text.lstrip().startswith(title.strip()):
        text = title.strip() + "\n\n" + text
    text = normalise_text(text)
    if not text.strip():
        raise InputError("the input holds no readable text")
    language, language_source = identify(text, declared=lang, url=url)
    gaz = gazetteer or default_gazetteer()
    lower = text.lower()
    # Most ministry news is about anything but Russia–Central Asia: two cheap necessary
    # conditions decide whether the full reading is needed at all.
    # A Russia–Central Asia meeting names Central Asia (a state, place, official or the
    # region) and Russia (the state, a place or an official), and has some meeting word; a
    # trade figure worth keeping names one of them and trade. Word-start lookups are cheap,
    # the cue patterns are not, so they run only when the cheap test passed.
    ca = gaz.mentions_central_asia(lower)
    ru = gaz.mentions_russia(lower)
    want_events = ca and ru and bool(_ANY_TRIGGER.search(lower))
    want_trade = (ca or ru) and bool(_ANY_NUMBER.search(lower)) and bool(_ANY_TRADE.search(lower))
    if not want_events and not want_trade:
        return Extraction(
            relevant=False,
            language=language,
            language_source=language_source,
            published=pub,
            title=title,
        )
    doc = analyse(text, gaz, url=url, published=pub, language=language)
    event = build_event(doc, find_candidates(doc)) if want_events else None
    figures = extract_trade(doc, event) if want_trade else []
    return Extraction(
        relevant=event is not None,
        language=language,
        language_source=language_source,
        events=(event,) if event else (),
        trade_figures=tuple(figures),
        published=doc.published,
        title=title,
    )
