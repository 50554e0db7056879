"""Re-reading archived pages: today's parser and extractor over stored bytes, no network.

Pure over its inputs, so `carta reprocess` is the nightly's parse and extract stages run on the
archive, batch by batch, and its output can be loaded like a nightly's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from normalise.articles import article_published, extract_article
from normalise.resolve import SourceDoc

if TYPE_CHECKING:
    from carta.core.documents import ParsedArticle
    from scrapers.config import SourcesConfig
    from warehouse.archive import ArchivedDocument


@dataclass(frozen=True)
class Reparsed:
    parsed: list[tuple[str, ParsedArticle]]  # (doc_id, article) for the articles table
    docs: list[SourceDoc]  # what to resolve and load
    failed: list[tuple[str, str]]  # (doc_id, why)


def reparse(batch: Iterable[ArchivedDocument], config: SourcesConfig) -> Reparsed:
    """Parse and extract each archived document; a page that no longer parses is reported,
    not fatal, and the others go on."""
    from scrapers.adapters import parse_document
    from scrapers.config import ConfigError

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
