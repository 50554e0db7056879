"""The load: what a run read, archived, resolved against what is stored, and written, in one
transaction the caller holds.

The stages meet here and nowhere else: the warehouse reads the stored meetings and writes rows
(`warehouse.archive`, `warehouse.load`), normalise decides which meeting each story reports and
what the meeting's attributes are (`normalise.resolve`). Loading is idempotent: the same
documents loaded again change no row, and re-extracting a story replaces what it said before,
so an extractor fix never leaves a stale mention or figure behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from carta.core.documents import SourceResult
from carta.core.extraction import Extraction
from carta.core.meetings import MeetingState, SourceDoc
from normalise.articles import article_published, extract_articles
from normalise.resolve import reconcile, resolve
from scrapers.config import SourcesConfig
from warehouse import db, runs, spool
from warehouse import load as store
from warehouse.archive import StoredDocument, load_archive, sync_sources


@dataclass(frozen=True)
class ExtractionLoad:
    stories: int
    mentions: int
    meetings_changed: int
    meetings_new: int
    figures: int
    new_meeting_ids: tuple[str, ...]
    changed_meeting_ids: tuple[str, ...]


@dataclass(frozen=True)
class RunLoad:
    """What one load transaction wrote: the archive's counts and the extraction's."""

    archive: dict[str, int]
    extraction: ExtractionLoad


def load_extractions(
    con: duckdb.DuckDBPyConnection,
    docs: Iterable[SourceDoc],
    run_id: str | None = None,
    now: datetime | None = None,
) -> ExtractionLoad:
    """Resolve `docs` against the meetings already known and load the result; touches only the
    meetings the batch concerns."""
    now = now or datetime.now(UTC)
    docs = list(docs)
    stories = sorted({d.story_id for d in docs})
    kinds = store.kinds_of(e for d in docs for e in d.extraction.events)
    res = resolve(docs, store.known_meetings(con, kinds=kinds), run_id=run_id)
    # What these stories said before is replaced by what they say now.
    affected = store.drop_stale_evidence(con, stories, res.mentions, res.figures)
    # Every meeting this load may change, as stored before it (a meeting found by its series
    # and ordinal need not be of a kind read above).
    touched = sorted(set(res.meetings) | affected)
    before = {m.meeting_id: m for m in store.known_meetings(con, ids=touched)}
    # Meetings must exist before their mentions reference them.
    store.add_meetings(con, res.meetings.values(), run_id, now)
    store.write_mentions(con, res.mentions)
    # Each touched meeting is reconciled from everything known of it; one no claim supports
    # any more (its only story now reports another meeting) is removed.
    claims = store.stored_claims(con, touched)
    final = {mid: reconcile(mid, claims[mid]) for mid in touched if claims[mid]}
    updated = store.write_meetings(con, list(final.values()), run_id, now)
    store.remove_meetings(con, [mid for mid in touched if not claims[mid]])
    store.write_participations(con, res.participations)
    store.write_figures(con, res.figures)
    new_meetings = tuple(m for m in final if m not in before)
    changed = tuple(m for m in final if m in before and _differs(before[m], final[m]))
    return ExtractionLoad(
        stories=len(stories),
        mentions=len(res.mentions),
        meetings_changed=updated,
        meetings_new=len(new_meetings),
        figures=len(res.figures),
        new_meeting_ids=new_meetings,
        changed_meeting_ids=changed,
    )


def _differs(a: MeetingState, b: MeetingState) -> bool:
    return (a.status, a.date.iso() if a.date else None, a.city) != (
        b.status,
        b.date.iso() if b.date else None,
        b.city,
    )


def source_docs(
    stored: Iterable[StoredDocument], extractions: Mapping[str, Extraction]
) -> list[SourceDoc]:
    """Join the documents the archive stored (with their ids) to what was read in them."""
    out = []
    for s in stored:
        record = extractions.get(s.canonical_url)
        if record is None or s.article is None:
            continue
        pub = article_published(s.article)
        out.append(
            SourceDoc(
                doc_id=s.doc_id,
                story_id=s.story_id,
                url=s.canonical_url,
                published=pub.to_date() if pub else None,
                language=s.language,
                extraction=record,
            )
        )
    return out


def load_run(
    con: duckdb.DuckDBPyConnection,
    results: Sequence[SourceResult],
    extractions: Mapping[str, Extraction],
    run_id: str | None,
    now: datetime | None = None,
) -> RunLoad:
    """The nightly load, inside the caller's transaction: archive what was fetched, then
    resolve and load what was read in the new and changed documents only."""
    stored: list[StoredDocument] = []
    archive_counts = load_archive(con, results, run_id, stored)
    docs = source_docs(stored, extractions)
    extraction = load_extractions(con, docs, run_id=run_id, now=now)
    return RunLoad(archive_counts, extraction)


def load_results(
    db_path: Path,
    results: Sequence[SourceResult],
    extractions: Mapping[str, Extraction],
    config: SourcesConfig,
    run_id: str | None,
    finish: Callable[[duckdb.DuckDBPyConnection, RunLoad], None],
) -> tuple[RunLoad, str | None]:
    """Load a run's results in one transaction, `finish` writing the run's row inside it, so a
    reader sees all of it or none. Returns the load and, when the data committed but the
    checkpoint after it found the disk full, the note that says so (the data is in and stays
    in); a disk full before the commit raises `db.DiskFull`, and nothing was loaded."""
    pages = sum(len(d.body) for r in results for d in r.documents)
    db.check_free_space(db_path, need=2 * pages)
    committed = False
    try:
        with db.writer(db_path) as con:
            with db.transaction(con):
                sync_sources(con, config.listings())
                loaded = load_run(con, results, extractions, run_id)
                finish(con, loaded)
            committed = True
    except Exception as exc:
        if not db.is_disk_full(exc):
            raise
        if not committed:
            raise db.DiskFull(db.disk_full_message(db_path, committed=False)) from exc
        return loaded, db.disk_full_message(db_path, committed=True)
    return loaded, None


def load_spooled(db_path: Path, left: spool.Spooled, config: SourcesConfig, *, by_run: str) -> int:
    """Load one spool into the warehouse in one transaction under the spooled run's id (loading
    is idempotent); close that run's row if it was left running. Return its documents."""
    extractions = extract_articles(a for r in left.results for a in r.articles)

    def close(con: duckdb.DuckDBPyConnection, _: RunLoad) -> None:
        runs.close_from_spool(con, left.run_id, by_run)

    load_results(db_path, left.results, extractions, config, left.run_id, close)
    return spool.documents(left.results)
