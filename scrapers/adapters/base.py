"""What every adapter shares: IO-free parsing of listings, feeds, sitemaps and articles, and the
walk from listing pages to articles that stops where the warehouse already is.

Parsing never touches the network: `parse_listing` and `parse_article` take bytes and a URL, so
the archive can be re-parsed years later. Reading (`read_language`) is the only place that
fetches, always through the source's `SourceHttp`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Literal
from urllib.parse import urljoin, urlsplit

from lxml import etree

from carta.core.dates import PartialDate
from carta.core.documents import (
    ListingItem,
    ParsedArticle,
    PublishedSource,
    RawDocument,
    SourceState,
    Status,
)
from scrapers import extract
from scrapers.config import SourceConfig, absolute
from scrapers.html import (
    Decoding,
    ParseError,
    attr,
    block_text,
    parse_html,
    parse_page,
    remove,
    select,
    select_first,
    text_of,
)
from scrapers.http import EXPECT_FEED, Response, SourceHttp, canonical_url
from scrapers.language import detect
from scrapers.when import plausible, read_when

log = logging.getLogger(__name__)

Mode = Literal["nightly", "backfill", "check"]


class LayoutChanged(ValueError):
    """A page was fetched but the configured selectors found nothing on it."""


@dataclass
class LanguageOutcome:
    status: Status = "ok"
    notes: list[str] = field(default_factory=list)


@dataclass
class Context:
    """Everything one read of one source needs and produces; owned by one thread."""

    source: SourceConfig
    http: SourceHttp
    state: SourceState
    mode: Mode
    since: date | None
    now: datetime
    check_articles: int = 1
    documents: list[RawDocument] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    languages: dict[str, LanguageOutcome] = field(default_factory=dict)
    sitemap_items: list[ListingItem] | None = None
    revisited: list[tuple[str, int | None, datetime]] = field(default_factory=list)

    def bump(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def lang(self, language: str) -> LanguageOutcome:
        return self.languages.setdefault(language, LanguageOutcome())


def fail_status(resp: Response) -> Status:
    outcome = resp.outcome
    if outcome == "blocked":
        return "blocked"
    if outcome == "unreachable":
        return "unreachable"
    if outcome == "robots_disallowed":
        return "robots_forbidden"
    return "failed"


def describe(resp: Response) -> str:
    r = resp.record
    return f"{r.outcome} ({r.reason or r.error or r.status_code}) at {r.url}"


# -- feeds and sitemaps (shared by mid_ru and generic) ----------------------------------------

_XML_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, huge_tree=False
)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el: etree._Element, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names:
            if _local(child.tag) == "link" and child.get("href"):
                return child.get("href")
            text = "".join(str(t) for t in child.itertext()).strip()
            if text:
                return text
    return None


def parse_xml(raw: bytes) -> etree._Element:
    if not raw.strip():
        raise ParseError("empty document")
    root = etree.fromstring(raw, parser=_XML_PARSER)
    if root is None:
        raise ParseError("not readable as XML")
    return root


def parse_feed(raw: bytes, url: str, source: SourceConfig, language: str) -> list[ListingItem]:
    """RSS 2.0 <item> or Atom <entry>: link, title, date."""
    root = parse_xml(raw)
    items: list[ListingItem] = []
    for el in root.iter():
        name = _local(el.tag)
        if name not in ("item", "entry"):
            continue
        link = _child_text(el, "link") or _child_text(el, "guid", "id")
        if not link:
            continue
        when = _child_text(el, "pubdate", "published", "updated", "date")
        published, at = read_when(when, tz=source.timezone, source="listing")
        items.append(
            ListingItem(
                url=urljoin(url, link.strip()),
                language=language,
                title=_child_text(el, "title"),
                published=published,
                published_at=at,
                teaser=_child_text(el, "description", "summary"),
            )
        )
    return items


def parse_sitemap(
    raw: bytes, source: SourceConfig
) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(url, lastmod) pairs of a urlset, and the child sitemaps of a sitemap index."""
    root = parse_xml(raw)
    urls: list[tuple[str, str | None]] = []
    children: list[str] = []
    for el in root:
        name = _local(el.tag)
        loc = _child_text(el, "loc")
        if not loc:
            continue
        if name == "sitemap":
            children.append(loc)
        elif name == "url":
            urls.append((loc, _child_text(el, "lastmod")))
    return urls, children


# -- the adapter -------------------------------------------------------------------------------


class Adapter:
    """An HTML-listing site read through configured selectors; subclasses adjust the details."""

    name = "listing"
    parser_version = "1"

    # -- identity of a URL ----------------------------------------------------------------

    def is_article_url(self, source: SourceConfig, url: str) -> bool:
        if not source.article_url_pattern:
            return True
        parts = urlsplit(url)
        if parts.hostname and not source.on_site(url):
            return False
        return re.search(source.article_url_pattern, parts.path) is not None

    def story_key(self, source: SourceConfig, url: str) -> str | None:
        if not source.id_pattern:
            return None
        m = re.search(source.id_pattern, urlsplit(url).path)
        return f"{source.id}:{m.group(1)}" if m else None

    # -- IO-free parsing ------------------------------------------------------------------

    def parse_listing(
        self,
        raw: bytes,
        url: str,
        source: SourceConfig,
        *,
        language: str,
        content_type: str | None = None,
    ) -> list[ListingItem]:
        doc = parse_html(raw, content_type)
        sel = source.selectors
        items: list[ListingItem] = []
        containers: list[etree._Element] = []
        for css in sel.listing_item:
            containers = select(doc, css)
            if containers:
                break
        if not containers:
            if sel.listing_item:
                raise LayoutChanged(
                    f"listing_item selector(s) {sel.listing_item} found nothing on {url}"
                )
            containers = [doc]
        seen: set[str] = set()
        for box in containers:
            links: list[etree._Element] = []
            for css in sel.listing_link:
                links = [a for a in select(box, css) if a.get("href")]
                if links:
                    break
            for a in links:
                href = urljoin(url, (a.get("href") or "").strip())
                if not self.is_article_url(source, href) or href in seen:
                    continue
                seen.add(href)
                items.append(
                    self._listing_item(box, a, href, source, language, single=box is not doc)
                )
        if not items:
            raise LayoutChanged(
                f"no article links (listing_link {sel.listing_link}, pattern "
                f"{source.article_url_pattern!r}) on {url}"
            )
        return items

    def _listing_item(
        self,
        box: etree._Element,
        link: etree._Element,
        href: str,
        source: SourceConfig,
        language: str,
        *,
        single: bool,
    ) -> ListingItem:
        sel = source.selectors
        title = None
        date_text = time_text = ""
        if single:
            title_el, _ = select_first(box, sel.listing_title)
            title = text_of(title_el) or None
            date_el, _ = select_first(box, sel.listing_date)
            date_text = text_of(date_el)
            time_el, _ = select_first(box, sel.listing_time)
            time_text = text_of(time_el)
        title = title or text_of(link) or attr(link, "title")
        published, at = read_when(
            f"{date_text} {time_text}".strip(),
            tz=source.timezone,
            formats=tuple(source.date_formats),
            source="listing",
        )
        return ListingItem(
            url=href,
            language=language,
            title=title,
            published=published,
            published_at=at,
            story_key=self.story_key(source, href),
        )

    def parse_article(
        self,
        raw: bytes,
        url: str,
        source: SourceConfig,
        listing_item: ListingItem | None = None,
        *,
        language: str | None = None,
        content_type: str | None = None,
    ) -> ParsedArticle:
        language = language or (listing_item.language if listing_item else None)
        if language is None:
            language = self.language_of(source, url)
        doc, decoding = parse_page(raw, content_type)
        sel = source.selectors
        warnings: list[str] = []

        title_el, _ = select_first(doc, sel.title) if sel.title else (None, None)
        title = text_of(title_el) or None
        if sel.title and title is None:
            warnings.append(f"title selector(s) {sel.title} found nothing")

        date_el, _ = select_first(doc, sel.date) if sel.date else (None, None)
        published, at = read_when(
            text_of(date_el),
            tz=source.timezone,
            formats=tuple(source.date_formats),
            source="selector",
        )
        source_kind: PublishedSource | None = "selector" if published else None

        doc_number = None
        if sel.doc_number:
            num_el, _ = select_first(doc, sel.doc_number)
            doc_number = self.doc_number(text_of(num_el))

        body_el, _ = select_first(doc, sel.body) if sel.body else (None, None)
        if body_el is not None:
            remove(body_el, sel.remove)
            body = block_text(body_el)
        else:
            body = ""
            if sel.body:
                warnings.append(f"body selector(s) {sel.body} found nothing")

        if not title or not body or not published:
            found = extract.extract_generic(doc, url, source.timezone)
            title = title or found.title
            body = body or found.body
            if not published and found.published:
                published, at, source_kind = (
                    found.published,
                    found.published_at,
                    found.published_source,
                )
        if not published and doc_number:
            published = self.date_from_doc_number(doc_number)
            source_kind = "selector" if published else None
        if (
            listing_item is not None
            and listing_item.published
            and (not published or (at is None and listing_item.published_at is not None))
            and (not published or published.to_date() == listing_item.published_day)
        ):
            # the listing adds what the page lacks (a date, or the clock time of the same day)
            published, at = listing_item.published, listing_item.published_at
            source_kind = "listing"
        title = title or (listing_item.title if listing_item else None)
        return self._finish(
            source, url, language, title, published, at, source_kind, body, doc_number, warnings,
            decoding=decoding,
        )  # fmt: skip

    def _finish(
        self,
        source: SourceConfig,
        url: str,
        language: str,
        title: str | None,
        published: PartialDate | None,
        at: datetime | None,
        source_kind: PublishedSource | None,
        body: str,
        doc_number: str | None,
        warnings: list[str],
        story_key: str | None = None,
        decoding: Decoding | None = None,
    ) -> ParsedArticle:
        lang_source: Literal["declared", "detected"] = "declared"
        if source.detect_language:
            found = detect(f"{title or ''}\n{body}", language, list(source.languages))
            if found:
                language, lang_source = found, "detected"
        return ParsedArticle(
            canonical_url=canonical_url(source, url),
            source_id=source.source_id(language),
            site=source.id,
            language=language,
            language_source=lang_source,
            title=title,
            published=published,
            published_at=at,
            published_source=source_kind if published else None,
            body_text=body,
            doc_number=doc_number,
            story_key=story_key if story_key is not None else self.story_key(source, url),
            parser_version=f"{self.name}/{self.parser_version}",
            warnings=tuple(warnings),
            encoding=decoding.encoding if decoding else None,
            encoding_source=decoding.source if decoding else None,
            encoding_note=decoding.note if decoding else None,
        )

    def doc_number(self, text: str) -> str | None:
        return text or None

    def date_from_doc_number(self, number: str) -> PartialDate | None:
        return None

    def language_of(self, source: SourceConfig, url: str) -> str:
        """The language a URL belongs to: its first path segment if that is a configured code."""
        first = urlsplit(url).path.strip("/").split("/", 1)[0]
        if first in source.languages:
            return first
        m = re.search(r"[?&]lang=([a-z]{2})", url)
        if m and m.group(1) in source.languages:
            return m.group(1)
        return next(iter(source.languages))

    # -- reading --------------------------------------------------------------------------

    def listing_pages(self, ctx: Context, language: str) -> list[str]:
        lang = ctx.source.languages[language]
        if not lang.listing:
            return []
        first = absolute(ctx.source.base_url, lang.listing)
        if ctx.mode == "check":
            return [first]
        limit = (
            ctx.source.incremental.backfill_max_pages
            if ctx.mode == "backfill"
            else ctx.source.incremental.max_pages
        )
        pages = [first]
        if lang.paging:
            pages += [
                absolute(ctx.source.base_url, lang.paging.format(page=n))
                for n in range(2, limit + 1)
            ]
        return pages

    def feed_items(self, ctx: Context, language: str, feeds: list[str]) -> list[ListingItem]:
        items: list[ListingItem] = []
        out = ctx.lang(language)
        for feed in feeds:
            url = absolute(ctx.source.base_url, feed)
            resp = ctx.http.get(
                url,
                purpose="feed",
                language=language,
                expect=EXPECT_FEED,
                validators=ctx.state.validators.get(url),
            )
            if resp.outcome == "not_modified":
                continue  # unchanged since the last run: nothing new in it
            if not resp.ok or resp.body is None:
                out.notes.append(f"feed {describe(resp)}")
                if resp.outcome == "blocked":
                    ctx.bump("blocked")
                continue
            if (resp.record.content_type or "").lower().startswith("text/html"):
                out.notes.append(f"feed {url} answered HTML, not a feed")
                continue
            try:
                found = [
                    replace(i, story_key=self.story_key(ctx.source, i.url))
                    for i in parse_feed(resp.body, url, ctx.source, language)
                    if self.is_article_url(ctx.source, i.url)
                ]
            except ParseError as exc:
                out.notes.append(f"feed {url}: {exc}")
                continue
            if not found:
                out.notes.append(f"feed {url} held no article links")
            items.extend(found)
        return items

    def extra_items(self, ctx: Context, language: str) -> list[ListingItem]:
        """Items from feeds (and, for the generic adapter, sitemaps) read before the listing."""
        return self.feed_items(ctx, language, list(ctx.source.languages[language].feeds))

    def discover(self, ctx: Context, language: str, raw: bytes, url: str) -> list[ListingItem]:
        return []

    def read_language(self, ctx: Context, language: str) -> None:
        """Walk feeds and listing pages until what is known, then fetch what is new."""
        out = ctx.lang(language)
        items = self.extra_items(ctx, language)
        pages = self.listing_pages(ctx, language)
        listing_ok = not pages
        known_seen = 0
        paged: set[str] = set()
        cutoff = self._cutoff(ctx)
        for n, page_url in enumerate(pages, start=1):
            resp = ctx.http.get(
                page_url,
                purpose="listing",
                language=language,
                validators=ctx.state.validators.get(page_url),
            )
            if resp.outcome == "not_modified":
                # Unchanged since the last run: nothing new on it, nor on the pages after it.
                listing_ok = True
                break
            if not resp.ok or resp.body is None:
                if n == 1:
                    if resp.outcome == "blocked":
                        ctx.bump("blocked")
                    if not items:
                        out.status = fail_status(resp)
                    out.notes.append(f"listing {describe(resp)}")
                elif resp.outcome == "robots_disallowed":
                    out.notes.append(f"robots.txt forbids paging: stopped at page {n - 1}")
                    if ctx.mode == "backfill":
                        out.status = "partial"
                elif resp.record.status_code == 404:
                    pass  # past the last page
                else:
                    out.notes.append(f"page {n}: {describe(resp)}")
                break
            try:
                page_items = self.parse_listing(
                    resp.body, page_url, ctx.source, language=language,
                    content_type=resp.record.content_type,
                )  # fmt: skip
            except (LayoutChanged, ParseError) as exc:
                if n == 1 and not items:
                    out.status = "layout_changed"
                out.notes.append(str(exc))
                break
            if n == 1:
                listing_ok = True
                items.extend(self.discover(ctx, language, resp.body, page_url))
            fresh = [i for i in page_items if canonical_url(ctx.source, i.url) not in paged]
            paged.update(canonical_url(ctx.source, i.url) for i in fresh)
            items.extend(fresh)
            if not fresh:
                break  # the site ignores the page parameter
            known_seen += sum(1 for i in page_items if self._known(ctx, i))
            if self._stop_paging(ctx, page_items, known_seen, cutoff):
                break
        else:
            if (
                pages
                and len(pages) > 1
                and ctx.mode == "nightly"
                and ctx.state.known
                and not known_seen
            ):
                out.notes.append(
                    f"read {len(pages)} pages without meeting a known article: gap possible"
                )
        if not listing_ok and not items:
            return
        listed = len(self._merge(ctx.source, items))
        self.fetch_articles(ctx, language, self.revisits(ctx, language, items), listed)

    def revisits(self, ctx: Context, language: str, listed: list[ListingItem]) -> list[ListingItem]:
        """Tonight's items with the known pages to fetch again: first seen lately (the state's
        order: most recent first), at most `revisit_max`, whether a listing shows them or not
        (a listed one is marked, an unlisted one added)."""
        inc = ctx.source.incremental
        if ctx.mode != "nightly" or not inc.revisit_days or not inc.revisit_max:
            return listed
        # the budget is the source's: the most recent pages of all its languages
        chosen = [c for c, lang in ctx.state.revisit[: inc.revisit_max] if lang == language]
        wanted = set(chosen)
        out = [
            replace(i, revisit=True) if canonical_url(ctx.source, i.url) in wanted else i
            for i in listed
        ]
        shown = {canonical_url(ctx.source, i.url) for i in listed}
        base, canon_base = ctx.source.base_url.rstrip("/"), ctx.source.canonical.rstrip("/")
        for canon in chosen:
            if canon not in shown:
                path = canon[len(canon_base) :] if canon.startswith(canon_base) else None
                url = base + path if path is not None else canon
                out.append(ListingItem(url=url, language=language, revisit=True))
        return out

    def _cutoff(self, ctx: Context) -> date | None:
        if ctx.mode == "backfill":
            return ctx.since
        if ctx.state.newest_published is None:
            return None
        return ctx.state.newest_published - timedelta(days=ctx.state.overlap_days)

    def _known(self, ctx: Context, item: ListingItem) -> bool:
        return ctx.state.is_known(canonical_url(ctx.source, item.url))

    def _stop_paging(
        self, ctx: Context, page_items: list[ListingItem], known_seen: int, cutoff: date | None
    ) -> bool:
        days = [d for d in (i.published_day for i in page_items) if d is not None]
        if cutoff is not None and days and min(days) < cutoff:
            return True
        if ctx.mode == "backfill":
            return False
        return known_seen > 0 and known_seen >= max(1, ctx.source.incremental.overlap_items)

    def _merge(self, source: SourceConfig, items: list[ListingItem]) -> list[ListingItem]:
        """One item per canonical URL, keeping the most precise date and any payload."""
        merged: dict[str, ListingItem] = {}
        for item in items:
            key = canonical_url(source, item.url)
            prev = merged.get(key)
            if prev is None:
                merged[key] = item
                continue
            merged[key] = replace(
                prev,
                title=prev.title or item.title,
                published=prev.published or item.published,
                published_at=prev.published_at or item.published_at,
                story_key=prev.story_key or item.story_key,
                payload=prev.payload or item.payload,
                revisit=prev.revisit or item.revisit,
            )
        return list(merged.values())

    def fetch_articles(
        self, ctx: Context, language: str, items: list[ListingItem], listed: int | None = None
    ) -> None:
        """Fetch what is new (and what is revisited); `listed` counts the items the listings
        showed when revisits were added to them."""
        src = ctx.source
        out = ctx.lang(language)
        items = self._merge(src, items)
        ctx.bump("listed", len(items) if listed is None else listed)
        blocked_in_row = 0
        fetched = 0
        limit = ctx.check_articles if ctx.mode == "check" else src.incremental.max_articles
        for item in items:
            if fetched >= limit:
                if ctx.mode != "check":
                    out.notes.append(f"stopped after max_articles={limit}")
                break
            day = item.published_day
            if ctx.mode == "backfill" and ctx.since and day is not None and day < ctx.since:
                continue
            canon = canonical_url(src, item.url)
            known = ctx.state.known.get(canon)
            validators = None
            if known is not None and ctx.mode != "check" and item.payload is None:
                recheck = src.incremental.recheck_days
                too_old = not recheck or day is None or (ctx.now.date() - day).days > recheck
                if too_old and not item.revisit:
                    ctx.bump("unchanged")
                    continue
                validators = ctx.state.validators.get(canon)
            if item.payload is not None:
                body, ctype, fetched_at, url = item.payload, item.payload_type, ctx.now, item.url
            else:
                fetched += 1
                resp = ctx.http.get(
                    item.url, purpose="article", language=language, validators=validators
                )
                if item.revisit:
                    ctx.revisited.append((canon, resp.record.status_code, resp.record.requested_at))
                if resp.outcome == "not_modified":
                    ctx.bump("unchanged")
                    continue
                if item.revisit and resp.record.status_code in (404, 410):
                    out.notes.append(f"article {canon} is gone ({resp.record.status_code})")
                    continue
                if not resp.ok or resp.body is None:
                    ctx.bump("failed")
                    out.notes.append(f"article {describe(resp)}")
                    if resp.outcome == "blocked":
                        ctx.bump("blocked")
                        blocked_in_row += 1
                        if blocked_in_row >= 2:
                            out.status = "blocked"
                            break
                    if resp.outcome == "unreachable":
                        out.status = "partial"
                    continue
                blocked_in_row = 0
                body, ctype = resp.body, resp.record.content_type
                fetched_at, url = resp.record.requested_at, item.url
            raw = RawDocument.make(
                canonical_url=canon,
                site=src.id,
                language=language,
                body=body,
                content_type=ctype,
                fetched_at=fetched_at,
                story_key=item.story_key or self.story_key(src, item.url),
            )
            if known is not None and known.content_hash == raw.content_hash:
                ctx.bump("unchanged")
                ctx.documents.append(raw)
                continue
            try:
                article = self.parse_article(
                    body, url, src, item, language=language, content_type=ctype
                )
            except (ParseError, LayoutChanged, ValueError) as exc:
                ctx.bump("failed")
                out.notes.append(f"article {canon}: {exc}")
                ctx.documents.append(raw)
                continue
            if not article.body_text or not article.title:
                ctx.bump("failed")
                missing = "body" if not article.body_text else "title"
                out.notes.append(
                    f"article {canon}: no {missing} found"
                    + (f" ({'; '.join(article.warnings)})" if article.warnings else "")
                )
                if ctx.mode == "check":
                    out.status = "layout_changed"
                ctx.documents.append(raw)
                continue
            if article.warnings:
                out.notes.append(
                    f"article {canon}: {'; '.join(article.warnings)}; generic rules used"
                )
                if ctx.mode == "check":
                    out.status = "layout_changed"
            if article.encoding_source == "best_effort":
                # kept (what reads may still hold the meeting), but the source is not all ok
                out.notes.append(f"article {canon}: {article.encoding_note}")
                if out.status == "ok":
                    out.status = "partial"
            elif article.encoding_source == "detected":
                log.info("article %s: %s", canon, article.encoding_note)
            article, absurd = plausible(article, fetched_at)
            if absurd:
                out.notes.append(f"article {canon}: {absurd}")
            ctx.documents.append(raw)
            ctx.articles.append(article)
            if known is None:
                ctx.bump("new")
            elif known.text_hash == article.text_hash:
                ctx.bump("unchanged")
            else:
                ctx.bump("changed")
        if ctx.mode == "check" and not items:
            out.status = "layout_changed"
            out.notes.append("no articles listed")
