"""One reading path: a page given to `carta extract` is read exactly as the nightly reads it.

The nightly parses a page with the adapter of the site it came from and extracts the article
the adapter returns; a second HTML reader for files would give another text, so another record
(a different date, a missed venue). Here the URL picks the configured site whose hosts it is on;
a page of no configured site goes through the generic adapter, the same one that reads any new
site, with its language detected from the text. `carta reprocess` re-reads archived pages the
same way (`reparse`): today's parser and extractor over stored bytes, no network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from carta.core.documents import ParsedArticle
from carta.core.extraction import Extraction
from carta.core.language import LANGUAGES, normalise_code
from carta.core.meetings import SourceDoc
from normalise.articles import article_published, extract_article
from normalise.extract import extract, published_date
from normalise.text import InputError, decode
from scrapers.adapters import get_adapter, parse_document
from scrapers.config import ConfigError, Language, SourceConfig, SourcesConfig
from scrapers.html import ParseError
from scrapers.when import plausible
from warehouse.archive import ArchivedDocument

_HTML = re.compile(rb"<(?:!doctype\s+html|html|body|div|p|article|h1|head)\b", re.IGNORECASE)


def looks_like_html(raw: bytes) -> bool:
    return bool(_HTML.search(raw.lstrip()[:2000]))


def source_for(url: str | None, config: SourcesConfig) -> SourceConfig:
    """The configured site `url` is on, else a generic source for the page's own host."""
    if url:
        for source in config.sources.values():
            if source.on_site(url):
                return source
    parts = urlsplit(url or "")
    base = f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None
    return SourceConfig(
        id="file",
        ministry="(a page of no configured site)",
        ministry_country="ZZ",
        adapter="generic",
        strategy="generic",
        base_url=base or "http://localhost",
        languages={code: Language() for code in LANGUAGES},
        article_url_pattern=r".",  # one page, given by hand: whatever its address
        detect_language=True,
        confidence="guess",
    )


def read_page(
    raw: bytes,
    *,
    url: str | None,
    config: SourcesConfig,
    language: str | None = None,
    content_type: str | None = None,
) -> ParsedArticle:
    """Parse a page as the nightly would: the site's adapter, or the generic one."""
    source = source_for(url, config)
    try:
        article = get_adapter(source).parse_article(
            raw,
            url or source.base_url + "/",
            source,
            language=normalise_code(language) if language else None,
            content_type=content_type,
        )
    except ParseError as exc:
        raise InputError(f"the HTML could not be parsed: {exc}") from exc
    # a page read now, as if fetched now: a date after today is no publication date
    return plausible(article, datetime.now(UTC))[0]


def extract_input(
    content: str | bytes,
    *,
    url: str | None,
    published: str | None,
    lang: str | None,
    config: SourcesConfig,
) -> Extraction:
    """The record of one page or text: HTML through the adapters and the article extraction,
    plain text straight to the extractor."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    if not looks_like_html(raw):
        return extract(content, url=url, published=published or None, lang=lang)
    article = read_page(raw, url=url, config=config, language=lang)
    if published:
        day = published_date(published)
        article = replace(article, published=day, published_at=None, published_source=None)
    if not (article.body_text or "").strip() and not article.title:
        text = decode(raw)
        raise InputError(f"the page holds no readable text ({len(text)} characters of markup)")
    record = extract_article(article)
    if record is None:
        raise InputError("the page holds no readable text")
    return record


@dataclass(frozen=True)
class Reparsed:
    parsed: list[tuple[str, ParsedArticle]]  # (doc_id, article) for the articles table
    docs: list[SourceDoc]  # what to resolve and load
    failed: list[tuple[str, str]]  # (doc_id, why)


def reparse(batch: Iterable[ArchivedDocument], config: SourcesConfig) -> Reparsed:
    """Parse and extract each archived document; a page that no longer parses is reported,
    not fatal, and the others go on."""
    parsed: list[tuple[str, ParsedArticle]] = []
    docs: list[SourceDoc] = []
    failed: list[tuple[str, str]] = []
    for item in batch:
        try:
            article = parse_document(item.raw, config)
        except (ConfigError, KeyError) as exc:
            failed.append((item.doc_id, f"no source configured for {item.raw.site}: {exc}"))
            continue
        except ValueError as exc:
            failed.append((item.doc_id, f"{type(exc).__name__}: {exc}"))
            continue
        if article.published_at is None and item.listed_published_at is not None:
            # The listing dated the item to the minute when it was fetched; the page alone
            # may not, and re-reading must not lose what was known.
            article = replace(
                article,
                published_at=item.listed_published_at,
                published_source=item.listed_published_source,  # type: ignore[arg-type]
            )
        parsed.append((item.doc_id, article))
        record = extract_article(article)
        if record is None:
            continue
        pub = article_published(article)
        docs.append(
            SourceDoc(
                doc_id=item.doc_id,
                story_id=item.story_id,
                url=item.raw.canonical_url,
                published=pub.to_date() if pub else None,
                language=article.language,
                extraction=record,
            )
        )
    return Reparsed(parsed, docs, failed)
