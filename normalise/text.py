"""Turning input into clean text with sentence offsets, so every fact can point at its words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from lxml import html as lxml_html
from lxml.etree import ParserError, XMLSyntaxError

from normalise.langdata import default_lexicon


class InputError(ValueError):
    """The input is not text we can read: empty, binary, or undecodable."""


_APOSTROPHES = ("ʻ", "‘", "’", "ʼ", "`", "´")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f\u200b]+")


def normalise_text(text: str) -> str:
    """NFC, one kind of apostrophe (Uzbek o‘/oʻ/o' are one letter pair), one kind of space."""
    text = unicodedata.normalize("NFC", text)
    for mark in _APOSTROPHES:  # six C-speed replaces: str.translate looks up every character
        text = text.replace(mark, "'")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SPACES.sub(" ", text)


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), then UTF-16 with a BOM, then cp1251 - the
    encodings these sites use; anything with NUL bytes or undecodable is refused."""
    if not data.strip():
        raise InputError("the input is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("the input has a UTF-16 mark but is not UTF-16") from exc
    if b"\x00" in data[:4096]:
        raise InputError("the input looks binary (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise InputError("the input is neither UTF-8 nor Windows-1251 text") from exc
    if sum(ch.isalpha() for ch in text) < len(text) * 0.3:
        raise InputError("the input does not decode to readable text")
    return text


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(body|div|p|article|h1|head)\b", head)
    )


_BLOCK_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "footer",
    "header",
    "form",
    "aside",
    "iframe",
    "button",
    "select",
)


@dataclass(frozen=True)
class HtmlText:
    text: str
    title: str | None
    lang: str | None
    published: str | None  # a machine date from meta / JSON-LD / <time>, unparsed


_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "datepublished",
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


def html_to_text(markup: str) -> HtmlText:
    """The readable text of a page: title, then the blocks of the densest content container.

    This is the fallback for pages no adapter knows (a file given to `carta extract`); the
    adapters select their article body with configured selectors instead.
    """
    try:
        root = lxml_html.document_fromstring(markup)
    except (ParserError, XMLSyntaxError, ValueError) as exc:
        raise InputError(f"the HTML could not be parsed: {exc}") from exc
    lang = root.get("lang") or None
    published = None
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_DATE_KEYS and meta.get("content"):
            published = meta.get("content")
            break
    if published is None:
        m = _JSONLD_DATE.search(markup)
        if m:
            published = m.group(1)
    if published is None:
        for t in root.iter("time"):
            if t.get("datetime"):
                published = t.get("datetime")
                break
    title_el: Any = root.find(".//h1")
    title = _clean(title_el.text_content()) if title_el is not None else None
    if not title:
        head_title: Any = root.find(".//title")
        title = _clean(head_title.text_content()) if head_title is not None else None
    for el in list(root.iter(*_BLOCK_DROP)):
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    body = root.find("body")
    container = _densest(body if body is not None else root)
    blocks: list[str] = []
    for el in container.iter("p", "h1", "h2", "h3", "li", "blockquote", "td"):
        if any(anc.tag in ("p", "li", "blockquote", "td") for anc in el.iterancestors()):
            continue
        chunk = _clean(el.text_content())
        if chunk:
            blocks.append(chunk)
    if not blocks:
        blocks = [_clean(container.text_content())]
    if title and (not blocks or blocks[0] != title):
        blocks.insert(0, title)
    return HtmlText("\n\n".join(b for b in blocks if b), title, lang, published)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _densest(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The element whose direct paragraphs hold the most text - the article, not the chrome."""
    best, best_len = root, 0
    for el in root.iter("div", "article", "section", "main", "td"):
        length = sum(len(p.text_content()) for p in el if p.tag in ("p", "h2", "h3", "ul", "ol"))
        if length > best_len:
            best, best_len = el, length
    return best if best_len > 200 else root


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


_SENT_END = re.compile(r"(?<=[.!?…»\"”])\s+(?=[«\"“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҶҲӢӮÝŞÇÖÜŇÄŽ0-9])")
# Month abbreviations of the language files ("Aug. 19", "сент. 2024") never end a sentence.
_MONTH_ABBREVIATIONS = sorted(
    {
        p
        for ps in default_lexicon().table("time.months").values()
        for p in ps
        if "*" not in p and len(p) <= 4 and p.isalpha()
    },
    key=len,
    reverse=True,
)
_ABBREV = re.compile(
    r"(?:\b(?:[A-ZА-ЯЁ]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Jr|No|Nos|Art|etc|vs|г|гг|им|ул|т\.е|т\.к|"
    r"стр|млрд|млн|тыс|руб|долл|др|пр|см|ст|U\.S|S\.V|В\.В|С\.В|Gen|Prof|Sen|Rep|Gov|"
    + "|".join(_MONTH_ABBREVIATIONS)
    + r")\.)$",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with character offsets; a line break always ends a sentence (headlines,
    datelines and captions are lines of their own)."""
    out: list[Sentence] = []
    para = 0
    pos = 0
    for block in re.split(r"(\n\s*\n|\n)", text):
        if block.startswith("\n"):
            if block.count("\n") > 1:
                para += 1
            pos += len(block)
            continue
        start = 0
        pieces = []
        for m in _SENT_END.finditer(block):
            if _ABBREV.search(block[: m.start()]):
                continue
            pieces.append((start, m.start()))
            start = m.end()
        pieces.append((start, len(block)))
        for s, e in pieces:
            chunk = block[s:e]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                out.append(Sentence(pos + s + lead, pos + s + lead + len(stripped), stripped, para))
        pos += len(block)
    return out
