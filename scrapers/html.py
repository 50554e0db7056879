"""HTML reading for the hot path: lxml trees queried with the config's CSS selectors.

The nightly "reprocess" re-parses an archive of a million pages, so parsing must be cheap:
BeautifulSoup's tree building costs 10-20x lxml's (shared/research/stack.md), so pages are parsed
once with lxml and every CSS selector from the config is compiled once to XPath (cssselect) and
cached. Encodings are decided here (header, then <meta charset>, then UTF-8), never guessed by
the parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import lxml.html
from cssselect import HTMLTranslator, SelectorError
from lxml import etree

_TRANSLATOR = HTMLTranslator()
_CHARSET_HEADER = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
_CHARSET_META = re.compile(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", re.I)
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


def encoding_of(raw: bytes, content_type: str | None) -> str:
    if content_type:
        m = _CHARSET_HEADER.search(content_type)
        if m:
            return _known(m.group(1))
    m2 = _CHARSET_META.search(raw[:4096])
    if m2:
        return _known(m2.group(1).decode("ascii", "replace"))
    return "utf-8"


def _known(name: str) -> str:
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


@lru_cache(maxsize=16)
def _parser(encoding: str) -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(encoding=encoding, remove_comments=True, remove_pis=True)


def parse_html(raw: bytes, content_type: str | None = None) -> lxml.html.HtmlElement:
    if not raw.strip():
        raise ParseError("empty document")
    try:
        doc = lxml.html.document_fromstring(raw, parser=_parser(encoding_of(raw, content_type)))
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not readable as HTML: {exc}") from exc
    return doc


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
