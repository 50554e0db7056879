"""HTML reading for the hot path: lxml trees queried with the config's CSS selectors.

The nightly "reprocess" re-parses an archive of a million pages, so parsing must be cheap:
BeautifulSoup's tree building costs 10-20x lxml's (shared/research/stack.md), so pages are parsed
once with lxml and every CSS selector from the config is compiled once to XPath (cssselect) and
cached. Encodings are decided here, never guessed by the parser: a byte-order mark, then the
HTTP header's charset, then the page's own declarations (<meta charset>, an XML declaration),
then UTF-8. Only when that first reading looks wrong (bytes invalid in it, or UTF-8 or another
Cyrillic code page read as a single-byte one) are the page's other declarations and the likely
encodings of these sites tried (`decide_encoding`); a page read as declared costs one validity
check of its bytes.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import lxml.html
from cssselect import HTMLTranslator, SelectorError
from lxml import etree

_TRANSLATOR = HTMLTranslator()
_CHARSET_HEADER = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
_CHARSET_META = re.compile(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", re.I)
_CHARSET_XML = re.compile(rb"^\s*<\?xml[^>]+encoding=[\"']([\w.:-]+)", re.I)
_WS = re.compile(r"[ \t\r\f\v\u00a0\u2009\u202f]+")
_NL = re.compile(r"\s*\n\s*")
_BARE_TAG = re.compile(r"[a-z][a-z0-9]*")

BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table",
        "blockquote", "section", "article", "header", "dd", "dt", "dl", "pre", "figure",
        "figcaption", "main", "aside",
    }
)  # fmt: skip
DROP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "button"})


class ParseError(ValueError):
    """The bytes are not a document we can read (empty, not HTML/XML/JSON)."""


class SelectorConfigError(ValueError):
    """A CSS selector in the source configuration is not valid CSS."""


@lru_cache(maxsize=2048)
def xpath(css: str) -> etree.XPath:
    try:
        return etree.XPath(_TRANSLATOR.css_to_xpath(css))
    except SelectorError as exc:
        raise SelectorConfigError(f"invalid CSS selector {css!r}: {exc}") from exc


def select(root: etree._Element, css: str) -> list[etree._Element]:
    found = xpath(css)(root)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, etree._Element)]


def select_first(
    root: etree._Element, selectors: Sequence[str]
) -> tuple[etree._Element | None, str | None]:
    """The first element matched by the first selector that matches anything."""
    for css in selectors:
        found = select(root, css)
        if found:
            return found[0], css
    return None, None


EncodingSource = Literal["declared", "default", "detected", "best_effort"]
# declared: the page's first declaration (byte-order mark, HTTP header, <meta>) read cleanly;
# default: nothing was declared and UTF-8 read cleanly; detected: the first declaration did not
# read, another candidate did (`Decoding.note` says which and why); best_effort: no candidate read
# cleanly, the least damaged reading was kept (its note goes into the source's reason).


@dataclass(frozen=True)
class Decoding:
    """How a page's bytes became text."""

    encoding: str  # by its usual name: 'utf-8', 'windows-1251', 'koi8-r'
    source: EncodingSource
    # when the first declaration did not read: what was wrong with it, what was tried
    note: str | None = None


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried, in this order, after the page's own other declarations, when the first one fails.
_LIKELY = ("cp1251", "koi8-r", "utf-8")
# Single-byte code pages whose Cyrillic letters are 0xC0-0xFF, capitals in the half named here:
# text read in the wrong one of the two turns mostly into capitals ('лХМХЯРП' for 'министр').
_CASE_HALVES = {"cp1251": "low", "koi8-r": "high", "koi8-u": "high"}
_LATIN_PAGES = frozenset({"iso8859-1", "cp1252", "iso8859-15", "iso8859-2", "cp1250"})
_HIGH_RUN = re.compile(rb"[\xc0-\xff]{4,}")  # a whole word of accented letters: Cyrillic bytes
_LOW_HALF = bytes(range(0xC0, 0xE0))
_HIGH_HALF = bytes(range(0xE0, 0x100))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# A small letter, then a capital: rare in text, common in another Cyrillic code page's letters.
_CASE_FLIP = re.compile(r"[а-яёәғқңөұүһіўҷҳӣӯ][А-ЯЁӘҒҚҢӨҰҮҺІЎҶҲӢӮ]")
# Non-letters a page's text is full of; the mojibake of UTF-8 read as cp1252 is not ('€', '™').
_TEXT_MARKS = frozenset("«»—–‑…№’‘“”„•·°©®±×§\u00a0\u2009\u202f\u200b\u200e\u200f\ufeff")


def encoding_of(raw: bytes, content_type: str | None) -> str:
    """The codec the page declares first (byte-order mark, header, <meta>), else UTF-8."""
    found = _declarations(raw, content_type)
    return found[0][0] if found else "utf-8"


def _declarations(raw: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """(codec, where it was declared), strongest first, each codec once."""
    out: list[tuple[str, str]] = []
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            out.append((codec, "by its byte-order mark"))
            break
    if content_type:
        m = _CHARSET_HEADER.search(content_type)
        if m:
            out.append((_known(m.group(1)), "in the HTTP header"))
    head = raw[:4096]
    m2 = _CHARSET_XML.match(head)
    if m2:
        out.append((_known(m2.group(1).decode("ascii", "replace")), "in its XML declaration"))
    for m3 in _CHARSET_META.finditer(head):
        codec = _known(m3.group(1).decode("ascii", "replace"))
        # a <meta> cannot be UTF-16: the bytes that hold it are ASCII (so HTML reads it as UTF-8)
        out.append(("utf-8" if codec.startswith("utf-16") else codec, "in its <meta>"))
    first: dict[str, str] = {}
    for codec, where in out:
        first.setdefault(codec, where)
    return list(first.items())


def _known(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def label(codec: str) -> str:
    """A codec by the name pages use for it: cp1251 -> windows-1251, iso8859-5 -> iso-8859-5."""
    m = re.fullmatch(r"cp(125\d)|iso8859-(\d+)", codec)
    if m is None:
        return codec
    return f"windows-{m.group(1)}" if m.group(1) else f"iso-8859-{m.group(2)}"


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _suspect(raw: bytes, codec: str) -> str | None:
    """Why reading `raw` as `codec` gives wrong text, from the bytes alone; None if it looks right.

    This runs on every page, so it is a few C-speed passes: UTF-8 and UTF-16 must decode; a
    single-byte code page must not be holding valid UTF-8 (the 'Ð'/'Р' mojibake), nor, for
    windows-1251 and KOI8-R, more capitals than small letters (the other of the two), nor, for a
    Latin page, whole words of accented letters (a Cyrillic code page)."""
    if raw.isascii():
        return None
    if codec.startswith(("utf-8", "utf-16", "utf-32")):
        try:
            raw.decode(codec)
        except UnicodeDecodeError as exc:
            return f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid {label(codec)}"
        return None
    if _is_utf8(raw):
        return f"the bytes are UTF-8, which {label(codec)} reads as mojibake"
    half = _CASE_HALVES.get(codec)
    if half is not None:
        low = len(raw) - len(raw.translate(None, _LOW_HALF))
        high = len(raw) - len(raw.translate(None, _HIGH_HALF))
        capitals, small = (low, high) if half == "low" else (high, low)
        if capitals > small and capitals + small >= 20:
            return f"{label(codec)} reads it as mostly capital letters"
    if codec in _LATIN_PAGES and len(_HIGH_RUN.findall(raw, 0, 200_000)) >= 3:
        return f"{label(codec)} reads whole words of accented letters"
    return None


def _script(ch: str) -> str:
    o = ord(ch)
    if 0x400 <= o <= 0x52F:
        return "cyrillic"
    if 0xC0 <= o <= 0x24F or 0x1E00 <= o <= 0x1EFF:
        return "latin"
    if 0x370 <= o <= 0x3FF:
        return "greek"
    return "other"


def _flaw(text: str) -> tuple[str | None, int]:
    """What is wrong with a decoded page's text (None if nothing) and how many characters are hurt.

    Clean text has no replacement characters; its non-ASCII characters are letters (or the
    quotes, dashes and spaces of running text), nearly all of one script, mostly small letters."""
    bad = text.count("\ufffd")
    if bad:
        return f"{bad} replacement character(s)", bad
    chars = _NON_ASCII.findall(text)
    if not chars:
        return None, 0
    letters = [c for c in chars if c.isalpha()]
    odd = len(chars) - len(letters) - sum(1 for c in chars if c in _TEXT_MARKS)
    if odd > 0.1 * len(chars) and odd >= 5:
        return f"{odd} symbol(s) where letters should be", odd
    scripts: dict[str, int] = {}
    for c in letters:
        s = _script(c)
        scripts[s] = scripts.get(s, 0) + 1
    minority = len(letters) - max(scripts.values(), default=0)
    if minority > 0.1 * len(letters) and minority >= 5:
        return f"letters of {len(scripts)} scripts mixed", minority
    capitals = sum(1 for c in letters if c.isupper())
    small = sum(1 for c in letters if c.islower())
    if capitals > small and capitals + small >= 20:
        return "mostly capital letters", capitals - small
    flips = len(_CASE_FLIP.findall(text))  # 'ьщчАБЮпщщКЕ'
    if flips > 0.01 * len(letters) and flips >= 5:
        return f"{flips} capital letter(s) inside words", flips
    return None, 0


def decide_encoding(raw: bytes, content_type: str | None = None) -> Decoding:
    """How `parse_html` reads these bytes: the encoding and whether it was declared or found."""
    return _decide(raw, content_type)[0]


def _decide(raw: bytes, content_type: str | None) -> tuple[Decoding, str, str | None]:
    """The decoding, the codec for lxml, and the page's text when it had to be decoded here."""
    found = _declarations(raw, content_type)
    first, where = found[0] if found else ("utf-8", "")
    problem = _suspect(raw, first)
    if problem is None:
        return Decoding(label(first), "declared" if where else "default"), first, None
    said = f"declared {label(first)} {where}" if where else "no charset declared, utf-8 assumed"
    tried: list[str] = []
    readings: list[tuple[int, int, str, str, str]] = []  # hurt, rank, codec, what is wrong, text
    candidates = [first, *(c for c, _ in found[1:]), *_LIKELY]
    for rank, codec in enumerate(dict.fromkeys(candidates)):
        if rank:
            tried.append(label(codec))
        why = problem if rank == 0 else _suspect(raw, codec)
        text = raw.decode(codec, "replace")
        flaw, hurt = _flaw(text)
        if why is None and flaw is None:
            note = f"{said}: {problem}; read as {label(codec)}"
            return Decoding(label(codec), "detected", note), codec, text
        if why is not None and not codec.startswith("utf"):
            hurt = len(text)  # mojibake by its bytes: worse than any reading merely damaged
        readings.append((hurt, rank, codec, flaw or why or "", text))
    _, _, codec, flaw, text = min(readings, key=lambda r: (r[0], r[1]))
    note = (
        f"its text could not be decoded ({said}, tried {', '.join(tried)}); "
        f"kept {label(codec)}: {flaw}"
    )
    return Decoding(label(codec), "best_effort", note), codec, text


@lru_cache(maxsize=16)
def _parser(encoding: str) -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(encoding=encoding, remove_comments=True, remove_pis=True)


def parse_page(
    raw: bytes, content_type: str | None = None
) -> tuple[lxml.html.HtmlElement, Decoding]:
    """The page's tree and how its bytes were decoded (see `decide_encoding`)."""
    if not raw.strip():
        raise ParseError("empty document")
    decoding, codec, text = _decide(raw, content_type)
    data = raw if text is None else text.encode("utf-8")  # decoded here: lxml reads it as UTF-8
    try:
        doc = lxml.html.document_fromstring(
            data, parser=_parser(codec if text is None else "utf-8")
        )
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not readable as HTML: {exc}") from exc
    return doc, decoding


def parse_html(raw: bytes, content_type: str | None = None) -> lxml.html.HtmlElement:
    return parse_page(raw, content_type)[0]


def parse_fragment(html: str) -> lxml.html.HtmlElement:
    """An HTML snippet (an API's `body` field) as one element."""
    if not html.strip():
        return lxml.html.fragment_fromstring("<div></div>")
    return lxml.html.fragment_fromstring(html, create_parent="div")


def clean_inline(text: str | None) -> str:
    if not text:
        return ""
    return _WS.sub(" ", text.replace("\n", " ")).strip()


def text_of(el: etree._Element | None) -> str:
    """An element's text on one line (titles, dates, doc numbers)."""
    if el is None:
        return ""
    return clean_inline("".join(str(t) for t in el.itertext(with_tail=False)))


def remove(root: etree._Element, selectors: Iterable[str]) -> None:
    """Drop every element any of `selectors` matches, keeping the text that follows it.

    The selectors go as one group ("a, b, c"): one walk of the tree instead of one per selector
    (nine per page with the shipped config). Matches come in document order, so an element
    inside a dropped one goes with it."""
    chosen = list(selectors)
    if not chosen:
        return
    if all(_BARE_TAG.fullmatch(css) for css in chosen):
        found = list(root.iter(*chosen))  # bare tag names: lxml's own walk, twice as fast
    else:
        found = select(root, ", ".join(chosen))
    for el in found:
        parent = el.getparent()
        if parent is not None:
            _drop_keep_tail(el, parent)


def _drop_keep_tail(el: etree._Element, parent: etree._Element) -> None:
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def block_text(el: etree._Element) -> str:
    """Readable text of a container: one line per paragraph, scripts and styles left out."""
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in DROP_TAGS:
            return
        block = tag in BLOCK_TAGS
        if block:
            out.append("\n")
        if node.text and tag:
            out.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append("\n")

    walk(el)
    text = _WS.sub(" ", "".join(out))
    return _NL.sub("\n", text).strip()


def attr(el: etree._Element | None, name: str) -> str | None:
    if el is None:
        return None
    value = el.get(name)
    return value.strip() if value else None
