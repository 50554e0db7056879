"""Any site from a config entry alone: mfa.gov.kg, mfa.uz, and whatever comes next.

Article links are found on a listing page by `article_url_pattern`; feeds are discovered from the
listing's `<link rel="alternate">`, sitemaps from robots.txt `Sitemap:` lines (or /sitemap.xml);
title, date and body come from generic rules (og:/article: meta, JSON-LD, <time>, the container
with the most paragraph text) unless the config gives selectors. `strategy` narrows what is read:
`rss` only feeds, `html_listing` only listing pages, `generic` everything it can find.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

from lxml import etree

from carta.core.documents import ListingItem
from scrapers.adapters.base import Adapter, Context, LayoutChanged, describe, parse_sitemap
from scrapers.config import SourceConfig, absolute
from scrapers.html import ParseError, parse_html, select, text_of
from scrapers.http import EXPECT_FEED
from scrapers.when import read_when

_FEED_LINKS = (
    'link[rel="alternate"][type="application/rss+xml"], '
    'link[rel="alternate"][type="application/atom+xml"]'
)
_MAX_CHILD_SITEMAPS = 5


class Generic(Adapter):
    name = "generic"
    parser_version = "1"

    def parse_listing(
        self,
        raw: bytes,
        url: str,
        source: SourceConfig,
        *,
        language: str,
        content_type: str | None = None,
    ) -> list[ListingItem]:
        if source.selectors.listing_item:
            return super().parse_listing(
                raw, url, source, language=language, content_type=content_type
            )
        doc = parse_html(raw, content_type)
        items: list[ListingItem] = []
        seen: set[str] = set()
        for a in select(doc, "a[href]"):
            href = urljoin(url, (a.get("href") or "").strip())
            href = href.split("#", 1)[0]
            if href in seen or not self.is_article_url(source, href):
                continue
            seen.add(href)
            published, at = self._near_date(a, source)
            items.append(
                ListingItem(
                    url=href,
                    language=language,
                    title=text_of(a) or a.get("title"),
                    published=published,
                    published_at=at,
                    story_key=self.story_key(source, href),
                )
            )
        if not items:
            raise LayoutChanged(
                f"no links matching article_url_pattern {source.article_url_pattern!r} on {url}"
            )
        return items

    def _near_date(self, link: etree._Element, source: SourceConfig) -> tuple:  # type: ignore[type-arg]
        """A <time> (or configured listing_date) within three ancestors of the link."""
        node: etree._Element | None = link
        for _ in range(3):
            node = node.getparent() if node is not None else None
            if node is None:
                break
            for t in select(node, "time"):
                published, at = read_when(
                    t.get("datetime") or text_of(t), tz=source.timezone, source="listing"
                )
                if published:
                    return published, at
            for css in source.selectors.listing_date:
                for el in select(node, css):
                    published, at = read_when(
                        text_of(el),
                        tz=source.timezone,
                        formats=tuple(source.date_formats),
                        source="listing",
                    )
                    if published:
                        return published, at
        return None, None

    def listing_pages(self, ctx: Context, language: str) -> list[str]:
        if ctx.source.strategy == "rss":
            return []
        return super().listing_pages(ctx, language)

    def discover(self, ctx: Context, language: str, raw: bytes, url: str) -> list[ListingItem]:
        """Feeds the listing page advertises and the config does not already name."""
        if not ctx.source.discover or ctx.source.strategy == "html_listing":
            return []
        try:
            doc = parse_html(raw)
        except ParseError:
            return []
        configured = {
            absolute(ctx.source.base_url, f) for f in ctx.source.languages[language].feeds
        }
        feeds = [
            urljoin(url, link.get("href") or "")
            for link in select(doc, _FEED_LINKS)
            if link.get("href")
        ]
        feeds = [f for f in dict.fromkeys(feeds) if f not in configured]
        if feeds:
            ctx.lang(language).notes.append(f"discovered feed(s): {', '.join(feeds)}")
        return self.feed_items(ctx, language, feeds)

    def extra_items(self, ctx: Context, language: str) -> list[ListingItem]:
        items = super().extra_items(ctx, language)
        if ctx.source.strategy in ("rss", "html_listing") or ctx.mode == "check":
            return items
        return items + [i for i in self.sitemap_items(ctx) if i.language == language]

    def sitemap_items(self, ctx: Context) -> list[ListingItem]:
        """Articles listed in the site's sitemaps, read once per source and run."""
        if ctx.sitemap_items is not None:
            return ctx.sitemap_items
        src = ctx.source
        found: list[ListingItem] = []
        ctx.sitemap_items = found
        urls = [absolute(src.base_url, s) for lang in src.languages.values() for s in lang.sitemaps]
        if src.discover:
            urls += list(ctx.http.sitemaps())
            guess = absolute(src.base_url, "/sitemap.xml")
            if not urls and guess not in ctx.state.missing:
                urls.append(guess)  # not asked again for a week once it answered 404
        queue = list(dict.fromkeys(urls))
        children_read = 0
        floor = self._sitemap_floor(ctx)
        while queue:
            url = queue.pop(0)
            resp = ctx.http.get(
                url, purpose="sitemap", expect=EXPECT_FEED, validators=ctx.state.validators.get(url)
            )
            if resp.outcome == "not_modified":
                continue  # unchanged since the last run (so, taken, are the children of an index)
            if not resp.ok or resp.body is None:
                if resp.record.status_code != 404:
                    first_lang = next(iter(src.languages))
                    ctx.lang(first_lang).notes.append(f"sitemap {describe(resp)}")
                continue
            try:
                entries, children = parse_sitemap(resp.body, src)
            except ParseError:
                continue
            for child in children:
                if children_read < _MAX_CHILD_SITEMAPS:
                    queue.append(child)
                    children_read += 1
            for loc, lastmod in entries:
                if not self.is_article_url(src, loc):
                    continue
                published, _ = read_when(lastmod, tz=src.timezone, source="listing")
                day = published.to_date() if published else None
                if floor is not None and (day is None or day < floor):
                    continue
                found.append(
                    ListingItem(
                        url=loc,
                        language=self.language_of(src, loc),
                        published=None,
                        published_at=None,
                        story_key=self.story_key(src, loc),
                    )
                )
        return found

    def _sitemap_floor(self, ctx: Context) -> date | None:
        """Sitemap entries older than this are not news for this run (lastmod is not a
        publication date, so it only filters; it is never stored as one)."""
        if ctx.mode == "backfill":
            return ctx.since
        if ctx.state.newest_published is not None:
            return ctx.state.newest_published - timedelta(days=ctx.state.overlap_days)
        return ctx.now.date() - timedelta(days=30)

    def language_of(self, source: SourceConfig, url: str) -> str:
        first = urlsplit(url).path.strip("/").split("/", 1)[0]
        aliases = {"oz": "uz", "kg": "ky"}
        first = aliases.get(first, first) if first not in source.languages else first
        return first if first in source.languages else super().language_of(source, url)


ADAPTER = Generic()
