"""The extraction stage for parsed articles: what the extractor reads from each page.

Kept apart from the parser so the same function serves the nightly run (fresh pages) and
`carta reprocess` (pages re-parsed from the archive).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from carta.core.dates import PartialDate
from carta.core.documents import ParsedArticle, SourceResult
from carta.core.extraction import Extraction
from normalise.extract import extract
from normalise.text import InputError


def article_published(article: ParsedArticle) -> PartialDate | None:
    if article.published_at is not None:
        d = article.published_at.date()
        return PartialDate(
            d.year,
            d.month,
            d.day,
            article.published_source or "page",
            article.published_at.isoformat(),
        )
    return article.published


def published_until(result: SourceResult, until: date) -> SourceResult:
    """`result` without the articles (and their pages) published after `until`; an article
    whose day is unknown is kept, since nothing says it falls outside the window."""

    def keep(article: ParsedArticle) -> bool:
        p = article_published(article)
        day = p.to_date() if p else None
        return day is None or day <= until

    kept = tuple(a for a in result.articles if keep(a))
    urls = {a.canonical_url for a in kept}
    docs = tuple(d for d in result.documents if d.canonical_url in urls)
    return replace(result, articles=kept, documents=docs)


def extract_article(article: ParsedArticle) -> Extraction | None:
    """The record for one article; None when the page holds no readable text."""
    text = article.body_text or ""
    if article.title and not text.lstrip().startswith(article.title.strip()):
        text = article.title.strip() + "\n\n" + text
    try:
        return extract(
            text,
            url=article.canonical_url,
            published=article_published(article),
            lang=article.language,
        )
    except InputError:
        return None


def extract_articles(articles: Iterable[ParsedArticle]) -> dict[str, Extraction]:
    """Canonical URL -> record, for every article with readable text."""
    out: dict[str, Extraction] = {}
    for a in articles:
        record = extract_article(a)
        if record is not None:
            out[a.canonical_url] = record
    return out
