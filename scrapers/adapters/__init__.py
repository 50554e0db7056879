"""One adapter per kind of site; `get_adapter` picks it from the source's config."""

from __future__ import annotations

from carta.core.documents import ParsedArticle, RawDocument
from scrapers.adapters import generic, gov_kz, mid_ru
from scrapers.adapters.base import Adapter
from scrapers.config import SourceConfig, SourcesConfig
from scrapers.when import plausible

ADAPTERS: dict[str, Adapter] = {
    "mid_ru": mid_ru.ADAPTER,
    "gov_kz": gov_kz.ADAPTER,
    # a site whose listing and article pages the configured selectors read as they are
    # (mfa.tj, mfa.gov.tm): the base adapter, with no code of its own
    "listing": Adapter(),
    "generic": generic.ADAPTER,
}


def get_adapter(source: SourceConfig) -> Adapter:
    return ADAPTERS[source.adapter]


def parse_document(doc: RawDocument, config: SourcesConfig) -> ParsedArticle:
    """Re-parse a stored document with today's parser: no network, bytes and config only."""
    source = config.get(doc.site)
    article = get_adapter(source).parse_article(
        doc.body, doc.canonical_url, source, language=doc.language, content_type=doc.content_type
    )
    return plausible(article, doc.fetched_at)[0]


__all__ = ["ADAPTERS", "Adapter", "get_adapter", "parse_document"]
