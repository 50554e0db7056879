"""Generic rules for a page nobody wrote selectors for: title, date and main text.

Used by the generic adapter (mfa.gov.kg, mfa.uz, any new site) and as the fallback of the
configured adapters when a selector stops matching. Dates come from the most explicit machine
markup first (article:published_time, JSON-LD datePublished, <time datetime>) and only then from
text or the URL; the main text is the container holding the most paragraph text, which is cheap
(one pass over <p>) and right on ministry pages, whose articles are runs of paragraphs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from carta.core.dates import PartialDate, date_from_url
from carta.core.documents import PublishedSource
from scrapers.html import block_text, clean_inline, select, select_first, text_of
from scrapers.when import read_when

_META_DATE = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
)
_TITLE_SPLIT = re.compile(r"\s+[|•·–—-]\s+")
_PARA_XP = etree.XPath("//p | //article//li")
_JSONLD_XP = etree.XPath('//script[@type="application/ld+json"]/text()')
_TIME_XP = etree.XPath("//time[@datetime]")
_META_XP = etree.XPath("//meta[@content]")


@dataclass(frozen=True)
class Found:
    title: str | None
    published: PartialDate | None
    published_at: datetime | None
    published_source: PublishedSource | None
    body: str


def metas(doc: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _META_XP(doc):  # type: ignore[union-attr]
        assert isinstance(m, etree._Element)
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip()
        if key and key not in out:
            out[key] = (m.get("content") or "").strip()
    return out


def _jsonld(doc: etree._Element) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for raw in _JSONLD_XP(doc):  # type: ignore[union-attr]
        try:
            data = json.loads(str(raw))
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return found


def find_title(doc: etree._Element, meta: dict[str, str]) -> str | None:
    h1, _ = select_first(doc, ["article h1", "main h1", "h1"])
    if h1 is not None and text_of(h1):
        return text_of(h1)
    if meta.get("og:title"):
        return clean_inline(meta["og:title"])
    title, _ = select_first(doc, ["title"])
    raw = text_of(title)
    if not raw:
        return None
    parts = _TITLE_SPLIT.split(raw)
    return max(parts, key=len) if len(parts) > 1 else raw


def find_date(
    doc: etree._Element, meta: dict[str, str], url: str, tz: str
) -> tuple[PartialDate | None, datetime | None, PublishedSource | None]:
    for key in _META_DATE:
        if meta.get(key):
            pd, at = read_when(meta[key], tz=tz, source="meta")
            if pd:
                return pd, at, "meta"
    for item in _jsonld(doc):
        value = item.get("datePublished") or item.get("dateCreated")
        if isinstance(value, str):
            pd, at = read_when(value, tz=tz, source="jsonld")
            if pd:
                return pd, at, "jsonld"
    for t in _TIME_XP(doc):  # type: ignore[union-attr]
        assert isinstance(t, etree._Element)
        pd, at = read_when(t.get("datetime"), tz=tz, source="time")
        if pd:
            return pd, at, "time"
    from_url = date_from_url(url)
    if from_url is not None:
        return from_url, None, "url"
    return None, None, None


def main_container(doc: etree._Element) -> etree._Element | None:
    """The element whose own <p> children carry the most text."""
    scores: dict[etree._Element, int] = {}
    for p in _PARA_XP(doc):  # type: ignore[union-attr]
        assert isinstance(p, etree._Element)
        parent = p.getparent()
        if parent is None:
            continue
        n = len("".join(str(t) for t in p.itertext()).strip())
        if n:
            scores[parent] = scores.get(parent, 0) + n
    if not scores:
        return None
    return max(scores, key=lambda e: scores[e])


def main_text(doc: etree._Element) -> str:
    box = main_container(doc)
    return block_text(box) if box is not None else ""


def extract_generic(doc: etree._Element, url: str, tz: str) -> Found:
    meta = metas(doc)
    title = find_title(doc, meta)
    published, at, source = find_date(doc, meta, url, tz)
    return Found(title, published, at, source, main_text(doc))


def first_text(doc: etree._Element, selectors: list[str]) -> tuple[str, str | None]:
    el, css = select_first(doc, selectors)
    return text_of(el), css


def all_links(doc: etree._Element) -> list[etree._Element]:
    return select(doc, "a[href]")
