"""The raw archive: every request in `fetches`, every page body in `documents`, what was parsed
from it in `articles` - and, read back, what a source already has (its `SourceState`).

Rules that make loading safe to repeat and honest about history:
- a document's id is `stable_hash(canonical_url, content_hash)`, so loading the same results twice
  changes nothing;
- a page fetched again whose text is unchanged only moves `last_seen_at` (a new view counter or a
  redesigned footer is not news); a page whose text changed is a new row with `revision + 1`;
- a document joins a story by identical text (a release republished under another id or on
  another site), else by the adapter's story key (the ru and en versions sharing one id), else it
  starts its own story.
The caller holds the writer connection and the transaction; nothing here commits.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import duckdb
import pandas as pd

from carta.core.documents import (
    KnownDocument,
    ParsedArticle,
    RawDocument,
    SourceListing,
    SourceResult,
    SourceState,
)
from carta.core.keys import stable_hash
from warehouse import queries
from warehouse.upsert import keyed_rows, merge_rows

# Shorter texts ("Photo gallery", a one-line notice) are too generic to prove a republication.
MIN_TEXT_FOR_STORY_MATCH = 200


class ArchiveError(ValueError):
    """The archive cannot take these rows as they are (e.g. sources before countries)."""


def story_id_for_key(story_key: str) -> str:
    return "st-" + stable_hash("story", story_key)


def doc_id_for(canonical_url: str, content_hash: str) -> str:
    return stable_hash(canonical_url, content_hash)


@dataclass(frozen=True)
class _Latest:
    doc_id: str
    revision: int
    story_id: str
    content_hash: str
    text_hash: str | None


def read_source_state(
    con: duckdb.DuckDBPyConnection,
    site: str,
    *,
    overlap_days: int = 3,
    window_days: int | None = 120,
    revisit_days: int = 0,
    revisit_every_hours: int = 20,
) -> SourceState:
    """What the warehouse holds for `site`: known URLs (latest revision), validators, robots.

    A nightly read only meets recent items, so by default only documents seen in the last
    `window_days` are loaded: the night's cost then does not grow with the archive. A
    backfill walks far back and passes `window_days=None` for the whole history.
    """
    since = datetime.now(UTC) - timedelta(days=window_days) if window_days is not None else None
    known: dict[str, KnownDocument] = {}
    hashes: dict[str, str] = {}
    newest = None
    rows = queries.run(con, "source_known_documents", site=site, since=since).fetchall()
    for url, content_hash, text_hash, revision, published in rows:
        known[str(url)] = KnownDocument(str(content_hash), text_hash, int(revision), published)
        hashes[str(content_hash)] = str(url)
        if published is not None and (newest is None or published > newest):
            newest = published
    validators: dict[str, tuple[str | None, str | None]] = {}
    # Articles by canonical URL (the page a fetch answered with), listings and feeds by the
    # URL they were fetched from (they are not archived as documents): the next run asks
    # "changed since?" and a 304 costs no parsing.
    for url, purpose, content_hash, etag, modified in queries.run(
        con, "source_validators", site=site, since=since
    ).fetchall():
        if purpose == "article":
            canon = hashes.get(str(content_hash))
            if canon is not None:
                validators[canon] = (etag, modified)
        else:
            validators[str(url)] = (etag, modified)
    robots_txt = {
        str(origin): (at, str(body))
        for origin, at, body in queries.run(con, "source_robots_txt", site=site).fetchall()
    }
    robots: dict[str, datetime] = {}
    for url, at in queries.run(con, "source_robots_fetched", site=site).fetchall():
        robots[urlsplit(str(url)).netloc] = at
    missing = frozenset(
        str(url) for (url,) in queries.run(con, "source_missing_sitemaps", site=site).fetchall()
    )
    revisit: tuple[tuple[str, str], ...] = ()
    if revisit_days:
        revisit = tuple(
            (str(url), str(lang))
            for url, lang in queries.run(
                con, "source_revisits", site=site, days=revisit_days, every=revisit_every_hours
            ).fetchall()
        )
    return SourceState(
        site=site,
        known=known,
        revisit=revisit,
        missing=missing,
        validators=validators,
        robots_fetched_at=robots,
        robots_txt=robots_txt,
        newest_published=newest,
        overlap_days=overlap_days,
    )


def _latest_by_url(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> dict[str, _Latest]:
    """The latest revision of each URL. Two index lookups rather than one join, so the cost
    follows the number of URLs asked about, not the size of the archive."""
    if not urls:
        return {}
    docs = keyed_rows(con, queries.text("documents_by_url"), urls)
    latest: dict[str, tuple[Any, ...]] = {}
    for row in docs:
        if str(row[0]) not in latest or int(row[2]) > int(latest[str(row[0])][2]):
            latest[str(row[0])] = row
    hashes = dict(
        keyed_rows(con, queries.text("articles_text_hash"), [r[1] for r in latest.values()])
    )
    return {
        url: _Latest(str(r[1]), int(r[2]), str(r[3]), str(r[4]), hashes.get(r[1]))
        for url, r in latest.items()
    }


def _last_seen(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> dict[str, datetime]:
    rows = keyed_rows(con, queries.text("documents_last_seen"), doc_ids)
    return {str(d): t for d, t in rows}


def _stories_by_text(con: duckdb.DuckDBPyConnection, hashes: Sequence[str]) -> dict[str, str]:
    """The first story each text appeared in (a republication joins it)."""
    # The length test is made here, not in SQL: with a second condition DuckDB (2.0) drops the
    # text_hash index for a scan of the whole table (0.12 s against 0.02 s in a million rows).
    found = [
        (doc_id, text_hash)
        for doc_id, text_hash, length in keyed_rows(
            con, queries.text("articles_by_text_hash"), hashes
        )
        if length is not None and length >= MIN_TEXT_FOR_STORY_MATCH
    ]
    if not found:
        return {}
    docs = {
        str(d): (str(story), first)
        for d, story, first in keyed_rows(
            con, queries.text("documents_story"), [d for d, _ in found]
        )
    }
    best: dict[str, tuple[datetime, str]] = {}
    for doc_id, text_hash in found:
        story, first = docs[str(doc_id)]
        if str(text_hash) not in best or first < best[str(text_hash)][0]:
            best[str(text_hash)] = (first, story)
    return {h: story for h, (_, story) in best.items()}


@dataclass(frozen=True)
class StoredDocument:
    """A document this load stored as new (or as a new revision), with the ids it got."""

    doc_id: str
    story_id: str
    canonical_url: str
    language: str | None
    article: ParsedArticle | None


def load_archive(
    con: duckdb.DuckDBPyConnection,
    results: Iterable[SourceResult],
    run_id: str | None,
    stored: list[StoredDocument] | None = None,
) -> dict[str, int]:
    """Write the fetches, documents and articles of `results`; return what changed.

    Documents stored as new or as new revisions are appended to `stored`, so the caller can
    extract and resolve exactly those (an unchanged page is never processed twice)."""
    results = list(results)
    now = datetime.now(UTC)
    fetch_rows = [f.row(run_id) for r in results for f in r.fetches]
    # A fetch is stored once, at the time it was made: a load run again (a retried task) can
    # only collide with fetches made in the same span of time.
    times = [f.requested_at for r in results for f in r.fetches]
    span = ("requested_at", min(times), max(times)) if times else None
    fetched = merge_rows(
        con, "fetches", fetch_rows, ["fetch_id"], mode="insert_missing", within=span
    )
    merge_rows(
        con,
        "robots_txt",
        [
            {"origin": o, "site": r.site, "fetched_at": at, "body": text, "run_id": run_id}
            for r in results
            for o, at, text in r.robots
        ],
        ["origin", "site"],
    )

    docs: list[tuple[RawDocument, ParsedArticle | None]] = []
    for r in results:
        by_url = {a.canonical_url: a for a in r.articles}
        docs.extend((d, by_url.get(d.canonical_url)) for d in r.documents)
    docs.sort(key=lambda pair: (pair[0].fetched_at, pair[0].canonical_url))

    latest = _latest_by_url(con, sorted({d.canonical_url for d, _ in docs}))
    ids = [doc_id_for(d.canonical_url, d.content_hash) for d, _ in docs]
    # A doc_id is a hash of its URL and content, so only a URL stored before can have one:
    # a night's new pages cost no lookup (each one in a million random keys reads index nodes
    # from disk: 17 ms a night for 100 new pages).
    stored_ids = {i for (d, _), i in zip(docs, ids, strict=True) if d.canonical_url in latest}
    seen_at = _last_seen(con, sorted(stored_ids | {v.doc_id for v in latest.values()}))
    by_text = _stories_by_text(
        con, sorted({a.text_hash for _, a in docs if a is not None and _matchable(a)})
    )

    new_docs: list[dict[str, Any]] = []
    new_articles: list[dict[str, Any]] = []
    touched: dict[str, datetime] = {}
    unchanged = revisions = 0
    for (doc, article), doc_id in zip(docs, ids, strict=True):
        th = article.text_hash if article is not None else None
        prev = latest.get(doc.canonical_url)
        if doc_id in seen_at or (prev is not None and th is not None and th == prev.text_hash):
            target = doc_id if doc_id in seen_at else prev.doc_id  # type: ignore[union-attr]
            if doc.fetched_at > max(seen_at[target], touched.get(target, seen_at[target])):
                touched[target] = doc.fetched_at
            unchanged += 1
            continue
        if prev is not None:
            revision, story = prev.revision + 1, prev.story_id
            revisions += 1
        else:
            revision = 1
            found: str | None = (
                by_text.get(th)
                if th is not None and article is not None and _matchable(article)
                else None
            )
            if found is None and doc.story_key:
                found = story_id_for_key(doc.story_key)
            story = found or "st-" + stable_hash("story", doc.canonical_url)
        new_docs.append(
            {
                "doc_id": doc_id,
                "canonical_url": doc.canonical_url,
                "story_id": story,
                "source_id": doc.source_id,
                "site": doc.site,
                "language": doc.language,  # as the site filed it; articles.language is what it is
                "revision": revision,
                "content_type": doc.content_type,
                "content_hash": doc.content_hash,
                "raw_zlib": zlib.compress(doc.body, 6),
                "raw_bytes": len(doc.body),
                "first_seen_at": doc.fetched_at,
                "last_seen_at": doc.fetched_at,
                "run_id": run_id,
            }
        )
        seen_at[doc_id] = doc.fetched_at
        latest[doc.canonical_url] = _Latest(doc_id, revision, story, doc.content_hash, th)
        if stored is not None:
            stored.append(
                StoredDocument(
                    doc_id,
                    story,
                    doc.canonical_url,
                    article.language if article is not None else doc.language,
                    article,
                )
            )
        if article is not None:
            new_articles.append(article.row(doc_id, now))
            if th is not None and _matchable(article):
                by_text.setdefault(th, story)

    # Every row in new_docs was looked up above (seen_at) and is not stored; its article is
    # as new as it is.
    inserted = merge_rows(con, "documents", new_docs, ["doc_id"], mode="insert_new")
    moved = _move_last_seen(con, touched)
    arts = merge_rows(con, "articles", new_articles, ["doc_id"], mode="insert_new")
    return {
        "fetches": fetched["inserted"],
        "documents": inserted["inserted"],
        "revisions": revisions,
        "unchanged": unchanged,
        "last_seen_moved": moved,
        "articles": arts["inserted"],
    }


def _move_last_seen(con: duckdb.DuckDBPyConnection, touched: dict[str, datetime]) -> int:
    """Move `last_seen_at` forward for documents fetched again unchanged, set-based."""
    if not touched:
        return 0
    frame = pd.DataFrame(
        {"doc_id": list(touched), "last_seen_at": pd.to_datetime(list(touched.values()), utc=True)}
    )
    con.register("_carta_seen", frame)
    try:
        moved = queries.run(con, "documents_move_last_seen").fetchall()
    finally:
        con.unregister("_carta_seen")
    return len(moved)


def _matchable(article: ParsedArticle) -> bool:
    return len(article.body_text) >= MIN_TEXT_FOR_STORY_MATCH


def store_reparsed(
    con: duckdb.DuckDBPyConnection,
    parsed: Iterable[tuple[str, ParsedArticle]],
    *,
    parsed_at: datetime | None = None,
) -> dict[str, int]:
    """Replace the articles of documents re-parsed by a newer parser (the nightly reprocess)."""
    at = parsed_at or datetime.now(UTC)
    return merge_rows(
        con,
        "articles",
        [a.row(doc_id, at) for doc_id, a in parsed],
        ["doc_id"],
        touch=("parsed_at",),
    )


@dataclass(frozen=True)
class ArchivedDocument:
    doc_id: str
    story_id: str
    raw: RawDocument
    # what the listing said when the page was fetched (the page itself may not say it)
    listed_published_at: datetime | None = None
    listed_published_source: str | None = None
    # where its story stands in the archive: pass the last one as `after` for the next batch
    cursor: str = ""


def read_document_batch(
    con: duckdb.DuckDBPyConnection,
    *,
    after: str = "",
    sites: Sequence[str] = (),
    since: date | None = None,
    batch_size: int = 200,
) -> list[ArchivedDocument]:
    """The latest revision of every document of the next `batch_size` stories after the cursor
    `after` (the `cursor` of the last document of the previous batch; "" to start).

    Whole stories go together, so a story's language versions are always resolved as one.
    Stories come in the order they were stored (by the row id of their first page; carta never
    deletes a document, so row ids stay put), so one batch reads pages that lie together in the
    file: taken by story_id, a batch of 500 touched every block of a 10,000-page archive and
    grew with it. Only the chosen stories' pages are read, so memory is one batch whatever the
    archive's size; the caller may close its connection between batches, so a long
    re-process never holds the warehouse."""
    dated = queries.text("reprocess_stories_dated") if since is not None else ""
    try:
        start = int(after) if after else -1
    except ValueError as exc:
        raise ValueError(
            f"not a re-process cursor: {after!r} (use the last batch's cursor)"
        ) from exc
    found = queries.run(
        con,
        "reprocess_stories",
        {"dated": dated},
        sites=list(sites),
        since=since,
        start=start,
        batch=batch_size,
    ).fetchall()
    position = {str(story): int(first) for story, first in found}
    stories = list(position)
    if not stories:
        return []
    # The latest revision of each page is settled before any page is read, so only those are
    # read. story_id has no index (migration 005): like the query above, this reads the
    # story_id column, which took as long as the index lookup did. The articles query has its
    # key list as its only condition: with a second one DuckDB (2.0) leaves the index for a scan.
    latest: dict[str, tuple[int, str, int]] = {}
    for doc_id, url, revision, raw_bytes, rowid in keyed_rows(
        con, queries.text("reprocess_story_pages"), stories
    ):
        if raw_bytes is not None and (url not in latest or revision > latest[url][0]):
            latest[str(url)] = (int(revision), str(doc_id), int(rowid))
    chosen = [doc_id for _, doc_id, _ in latest.values()]
    listed = {
        str(d): (at, src)
        for d, at, src in keyed_rows(con, queries.text("reprocess_listed_dates"), chosen)
        if src == "listing"
    }
    # The pages themselves by row id: asked by doc_id, DuckDB answers a query that returns the
    # blob column with a scan of every stored page (1.1 s and +200 MiB against 0.1 s for 500
    # pages of a 10,000-page archive). Row ids are stable for the life of this connection.
    rowids = [rowid for _, _, rowid in latest.values()]
    rows = queries.run(con, "reprocess_pages", rowids=rowids).fetchall()
    out = []
    for row in sorted(rows, key=lambda r: (position[str(r[1])], str(r[0]))):
        doc_id, story, url, source_id, site_, lang, ctype, raw, chash, seen = row
        pub_at, pub_src = listed.get(str(doc_id), (None, None))
        out.append(
            ArchivedDocument(
                str(doc_id),
                str(story),
                RawDocument(
                    canonical_url=str(url),
                    source_id=str(source_id),
                    site=str(site_),
                    language=str(lang),
                    story_key=None,
                    content_type=ctype,
                    body=zlib.decompress(raw),
                    fetched_at=seen,
                    content_hash=str(chash),
                ),
                pub_at,
                pub_src,
                str(position[str(story)]),
            )
        )
    return out


def sync_sources(
    con: duckdb.DuckDBPyConnection, listings: Iterable[SourceListing]
) -> dict[str, int]:
    """One `sources` row per configured site and language."""
    rows = [dataclasses.asdict(x) for x in listings]
    return merge_rows(con, "sources", rows, ["source_id"])


def count_documents(con: duckdb.DuckDBPyConnection, sites: Sequence[str]) -> int:
    """Archived documents of these sites (all sites when empty)."""
    return int(queries.run(con, "documents_count", sites=list(sites)).fetchall()[0][0])


def record_revisits(
    con: duckdb.DuckDBPyConnection, results: Iterable[SourceResult], run_id: str | None
) -> list[str]:
    """Store what tonight's revisits answered; return the pages that became tombstones (gone
    on two revisits in a row)."""
    rows = [
        {
            "canonical_url": url,
            "site": r.site,
            "status_code": code,
            "checked_at": at,
            "run_id": run_id,
        }
        for r in results
        for url, code, at in r.revisited
    ]
    if rows:
        merge_rows(con, "revisits", rows, ["canonical_url", "checked_at"], mode="insert_new")
    return [str(u) for (u,) in queries.run(con, "tombstones_new", run_id=run_id).fetchall()]


def stories_of(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> dict[str, set[str]]:
    """Story -> its pages, for the stories of these pages."""
    stories = {str(s) for _, _, _, s, _ in keyed_rows(con, queries.text("documents_by_url"), urls)}
    out: dict[str, set[str]] = {}
    for story, url in keyed_rows(con, queries.text("documents_of_stories"), stories):
        out.setdefault(str(story), set()).add(str(url))
    return out


def removed_stories(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The stories every page of which was removed from its site: their claims stop counting."""
    gone = {str(u) for (u,) in queries.run(con, "tombstoned_urls").fetchall()}
    if not gone:
        return set()
    return {story for story, urls in stories_of(con, sorted(gone)).items() if urls <= gone}
