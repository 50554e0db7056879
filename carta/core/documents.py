"""The values that flow from the sources to the warehouse.

They are frozen dataclasses so a result can be handed between threads, kept for a reload and
compared in tests without anyone mutating it half-way. `FetchRecord` mirrors the `fetches` table
column for column, so the archive writes it without translation.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from carta.core.codes import EncodingSource, FailureKind, Outcome
from carta.core.dates import PartialDate

Purpose = Literal["robots", "listing", "article", "api", "probe", "feed", "sitemap"]
Status = Literal[
    "ok", "partial", "blocked", "unreachable", "failed", "robots_forbidden", "layout_changed"
]
PublishedSource = Literal["listing", "meta", "jsonld", "time", "selector", "text", "url", "api"]

_WS = re.compile(r"\s+")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_hash(title: str | None, body: str | None) -> str:
    """Hash of what a reader sees, whitespace-insensitive: equal for a page re-served with new
    chrome or a new view counter, different when a sentence of the release changed."""
    norm = _WS.sub(" ", f"{title or ''}\n{body or ''}").strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FetchRecord:
    """One HTTP request (or one request refused before it was sent), as logged in `fetches`."""

    fetch_id: str
    run_id: str | None
    site: str
    source_id: str | None
    url: str
    final_url: str | None
    purpose: str
    requested_at: datetime
    status_code: int | None
    outcome: Outcome
    reason: str | None
    etag: str | None
    last_modified: str | None
    content_type: str | None
    bytes: int | None
    content_hash: str | None
    elapsed_ms: float | None
    error: str | None
    failure: FailureKind | None = None  # None for ok and not_modified

    def row(self, run_id: str | None = None) -> dict[str, object]:
        """The `fetches` row; `run_id` fills in a record made before the run had an id."""
        return {
            "fetch_id": self.fetch_id,
            "run_id": self.run_id if self.run_id is not None else run_id,
            "site": self.site,
            "source_id": self.source_id,
            "url": self.url,
            "final_url": self.final_url,
            "purpose": self.purpose,
            "requested_at": self.requested_at,
            "status_code": self.status_code,
            "outcome": self.outcome,
            "reason": self.reason,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "content_type": self.content_type,
            "bytes": self.bytes,
            "content_hash": self.content_hash,
            "elapsed_ms": self.elapsed_ms,
            "error": self.error,
            "failure_kind": self.failure,
        }


@dataclass(frozen=True)
class RawDocument:
    """A page body exactly as served, so it can be re-parsed years later without the network."""

    canonical_url: str
    source_id: str
    site: str
    language: str
    story_key: str | None
    content_type: str | None
    body: bytes = field(repr=False)
    fetched_at: datetime
    content_hash: str

    @classmethod
    def make(
        cls,
        *,
        canonical_url: str,
        site: str,
        language: str,
        body: bytes,
        content_type: str | None,
        fetched_at: datetime,
        story_key: str | None = None,
    ) -> RawDocument:
        return cls(
            canonical_url=canonical_url,
            source_id=f"{site}:{language}",
            site=site,
            language=language,
            story_key=story_key,
            content_type=content_type,
            body=body,
            fetched_at=fetched_at,
            content_hash=sha256_hex(body),
        )


@dataclass(frozen=True)
class ListingItem:
    """What a listing, feed, sitemap or API page says about one article before it is fetched.

    `payload` is set when the listing already carries the whole article (gov.kz's API): then the
    payload is the document and no page is fetched.
    """

    url: str
    language: str
    title: str | None = None
    published: PartialDate | None = None
    published_at: datetime | None = None
    story_key: str | None = None
    teaser: str | None = None
    payload: bytes | None = field(default=None, repr=False)
    payload_type: str | None = None
    revisit: bool = False  # a known page fetched again to see whether it changed or is gone

    @property
    def published_day(self) -> date | None:
        if self.published_at is not None:
            return self.published_at.date()
        return self.published.to_date() if self.published else None


@dataclass(frozen=True)
class ParsedArticle:
    """What the parser took from one document; `warnings` name selectors that found nothing."""

    canonical_url: str
    source_id: str
    site: str
    language: str
    language_source: Literal["declared", "detected"]
    title: str | None
    published: PartialDate | None
    published_at: datetime | None
    published_source: PublishedSource | None
    body_text: str
    doc_number: str | None
    story_key: str | None
    parser_version: str
    warnings: tuple[str, ...] = ()
    # How the page's bytes became text (scrapers.html.decide_encoding): the encoding by its usual
    # name ('windows-1251'); declared | default | detected | best_effort; and, when the first
    # declaration did not read, what was wrong with it and what was tried (the first two are
    # stored in `articles`, migration 008).
    encoding: str | None = None
    encoding_source: EncodingSource | None = None
    encoding_note: str | None = None

    @property
    def text_hash(self) -> str:
        return text_hash(self.title, self.body_text)

    @property
    def published_precision(self) -> str | None:
        if self.published_at is not None:
            return "minute"
        return self.published.precision if self.published else None

    def row(self, doc_id: str, parsed_at: datetime) -> dict[str, object]:
        """The `articles` row for the document `doc_id`."""
        return {
            "doc_id": doc_id,
            "title": self.title,
            "published_date": (
                self.published_at.date()
                if self.published_at is not None
                else (self.published.to_date() if self.published else None)
            ),
            "published_at": self.published_at,
            "published_precision": self.published_precision,
            "published_source": self.published_source,
            "body_text": self.body_text,
            "text_hash": self.text_hash,
            "language": self.language,
            "language_source": self.language_source,
            "doc_number": self.doc_number,
            "parser_version": self.parser_version,
            "parsed_at": parsed_at,
            "encoding": self.encoding,
            "encoding_source": self.encoding_source,
        }


@dataclass(frozen=True)
class KnownDocument:
    """What the warehouse holds for one canonical URL (its latest revision)."""

    content_hash: str
    text_hash: str | None
    revision: int
    published: date | None = None


@dataclass(frozen=True)
class SourceListing:
    """One configured site and language, as the warehouse's `sources` table records it."""

    source_id: str
    site: str
    language: str
    ministry_country: str
    ministry: str
    strategy: str
    listing_url: str | None
    confidence: str
    silent_after_days: int
    enabled: bool


@dataclass(frozen=True)
class SourceState:
    """What the warehouse already knows of a site, so a nightly read stops where it last was."""

    site: str
    known: dict[str, KnownDocument] = field(default_factory=dict)
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    robots_fetched_at: dict[str, datetime] = field(default_factory=dict)
    # origin -> (when it was read, its text): reused instead of fetched again within a day
    robots_txt: dict[str, tuple[datetime, str]] = field(default_factory=dict)
    newest_published: date | None = None
    overlap_days: int = 3
    # URLs guessed rather than configured (a site's /sitemap.xml) that answered 404 or 410
    # lately: not asked again every night
    missing: frozenset[str] = frozenset()
    # known pages first seen lately and not removed, most recent first: (canonical URL,
    # language), to fetch again whether or not a listing shows them
    revisit: tuple[tuple[str, str], ...] = ()

    def is_known(self, url: str) -> bool:
        return url in self.known


@dataclass(frozen=True)
class SourceResult:
    """The whole outcome of reading one site once; never an exception."""

    site: str
    status: Status
    reason: str | None
    fetches: tuple[FetchRecord, ...] = ()
    documents: tuple[RawDocument, ...] = ()
    articles: tuple[ParsedArticle, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)
    robots: tuple[tuple[str, datetime, str], ...] = ()  # robots.txt read this run: origin, at, text
    failure: FailureKind | None = None  # what a not-ok status means for trying again
    # known pages fetched again this run: (canonical URL, HTTP status, when); a page gone twice
    # in a row (404 or 410) becomes a tombstone at the load
    revisited: tuple[tuple[str, int | None, datetime], ...] = ()

    def summary(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts.items())
        why = f" ({self.reason})" if self.reason else ""
        return f"{self.site}: {self.status}{why}; {counts}"


COUNT_KEYS = ("listed", "new", "changed", "unchanged", "failed", "blocked")


def failure_of(outcome: Outcome, status_code: int | None) -> FailureKind | None:
    """The kind of a fetch's failure from its outcome, where the outcome alone tells it."""
    if outcome in ("ok", "not_modified"):
        return None
    if outcome == "blocked":
        return "blocked"
    if outcome in ("refused", "robots_disallowed"):
        return "refused"
    if outcome == "http_error":
        return "transient" if status_code == 429 or (status_code or 0) >= 500 else "permanent"
    if outcome in ("too_large", "bad_content"):
        return "permanent"
    return "transient"  # unreachable, unless the HTTP layer knew better


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(COUNT_KEYS, 0)
