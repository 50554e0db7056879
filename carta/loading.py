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
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from carta.core.documents import SourceResult
from carta.core.extraction import Extraction
from carta.core.meetings import Correction, MeetingState, Participation, Resolution, SourceDoc
from carta.core.registry import default_registry
from carta.reading import reparse
from normalise import corrections
from normalise.articles import article_published, extract_articles
from normalise.resolve import reconcile, resolve
from scrapers.config import SourcesConfig
from warehouse import corrections as wc
from warehouse import db, runs, spool
from warehouse import load as store
from warehouse.archive import (
    StoredDocument,
    load_archive,
    read_document_batch,
    record_revisits,
    store_reparsed,
    stories_of,
    sync_sources,
)
from warehouse.corrections import Change


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
    why: str = "new_source",
) -> ExtractionLoad:
    """Resolve `docs` against the meetings already known, apply the analysts' corrections and
    load the result; touches only the meetings the batch concerns. `why` names the changes in
    meeting_history (new_source for a night, reprocess for a re-process); a change brought by
    a story already known is a revision."""
    now = now or datetime.now(UTC)
    docs = list(docs)
    stories = sorted({d.story_id for d in docs})
    kinds = store.kinds_of(e for d in docs for e in d.extraction.events)
    res, redirected = _redirect(
        con, resolve(docs, store.known_meetings(con, kinds=kinds), run_id=run_id)
    )
    # What these stories said before is replaced by what they say now.
    affected, known_stories = store.drop_stale_evidence(con, stories, res.mentions, res.figures)
    # Every meeting this load may change, as stored before it (a meeting found by its series
    # and ordinal need not be of a kind read above).
    touched = sorted(set(res.meetings) | affected | redirected)
    before = {m.meeting_id: m for m in store.known_meetings(con, ids=touched)}
    # Meetings must exist before their mentions reference them.
    store.add_meetings(con, res.meetings.values(), run_id, now)
    store.write_mentions(con, res.mentions)
    revised = {m.meeting_id for m in res.mentions if m.story_id in known_stories} | affected
    final, updated = refresh_meetings(
        con, touched, run_id, now, why, before=before, revised=revised, resolved=res.meetings
    )
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


def _redirect(con: duckdb.DuckDBPyConnection, res: Resolution) -> tuple[Resolution, set[str]]:
    """`res` with each claim sent where the stored merges and splits say it counts; the ids of
    the meetings that receive claims so (to be reconciled too)."""
    # every merge and split (a chain A -> B -> C starts at corrections of other meetings)
    found = [c for c in wc.all_corrections(con) if c.action in ("merge", "split")]
    if not found:
        return res, set()

    def to(mid: str, story: str | None) -> str:
        return corrections.target(mid, story, found)

    meetings = dict(res.meetings)
    for m in res.mentions:
        dest = to(m.meeting_id, m.story_id)
        if dest not in meetings and dest != m.meeting_id and "~" in dest:
            # a story split out: its meeting starts as the one it left, reconciled below
            meetings[dest] = replace(
                res.meetings[m.meeting_id], meeting_id=dest, series=None, ordinal=None
            )
    moved = Resolution(
        meetings=meetings,
        mentions=[replace(m, meeting_id=to(m.meeting_id, m.story_id)) for m in res.mentions],
        participations=[
            replace(p, meeting_id=to(p.meeting_id, p.story_id)) for p in res.participations
        ],
        figures=[
            replace(f, meeting_id=to(f.meeting_id, f.story_id)) if f.meeting_id else f
            for f in res.figures
        ],
    )
    receiving = {m.meeting_id for m in moved.mentions} - set(res.meetings)
    return moved, receiving | set(meetings) - set(res.meetings)


def refresh_meetings(
    con: duckdb.DuckDBPyConnection,
    mids: Sequence[str],
    run_id: str | None,
    now: datetime,
    why: str,
    *,
    before: Mapping[str, MeetingState] | None = None,
    revised: Iterable[str] = (),
    resolved: Mapping[str, MeetingState] | None = None,
) -> tuple[dict[str, MeetingState], int]:
    """Reconcile each meeting from everything stored about it, apply its corrections, store it
    and record what changed. A meeting no claim supports any more is removed, unless a
    correction withdraws it (merged away, not relevant): that one is kept, withdrawn. Returns
    the meetings as stored now and how many stored rows changed."""
    if before is None:
        before = {m.meeting_id: m for m in store.known_meetings(con, ids=mids)}
    found = wc.corrections_of(con, mids)
    claims, lost = store.stored_claims(con, mids)
    final: dict[str, MeetingState] = {}
    removed: list[str] = []
    for mid in mids:
        if claims[mid]:
            final[mid] = corrections.apply(reconcile(mid, claims[mid]), found)
            continue
        # as stored, else as this load's resolution first saw it (a re-load from the archive)
        last = before.get(mid) or (resolved or {}).get(mid)
        if last is not None and mid in lost:
            # its sources were removed from the sites: kept, withdrawn, never silently deleted
            last = replace(last, withdrawn=REMOVED, corrected=())
            final[mid] = corrections.apply(last, found)
            continue
        kept = (
            corrections.apply(replace(last, corrected=(), withdrawn=None), found) if last else None
        )
        if kept is not None and kept.withdrawn:
            final[mid] = kept
        else:
            removed.append(mid)
    updated = store.write_meetings(con, list(final.values()), run_id, now)
    store.remove_meetings(con, removed)
    store.write_participations(con, _added_people(found, final))
    revised = set(revised)
    wc.record_changes(
        con,
        [
            c
            for mid in mids
            for c in _changes(
                before.get(mid),
                final.get(mid),
                mid,
                "revision" if mid in revised else why,
                run_id,
                now,
            )
        ],
    )
    wc.mark_stale(con, now)
    return final, updated


def _added_people(
    found: Iterable[Correction], meetings: Mapping[str, MeetingState]
) -> list[Participation]:
    registry = default_registry()
    out = []
    for c in found:
        state = meetings.get(c.meeting_id)
        if c.action != "add_participant" or state is None or state.withdrawn or not c.value:
            continue
        try:
            person = registry.person(c.value)
        except KeyError:
            continue  # no longer in the registry: the correction is listed by `carta review`
        day = state.date.to_date() if state.date else None
        roles = person.roles_on(day)
        title = roles[0].title if len(roles) == 1 else None
        out.append(
            Participation(
                c.meeting_id,
                person.person_id,
                person.country,
                title,
                None,
                "analyst",
                None,
                provenance="analyst",
            )
        )
    return out


_FIELDS = ("event_type", "status", "date", "city", "host_country", "ordinal", "withdrawn")


def _value(state: MeetingState, name: str) -> str | None:
    value = getattr(state, name)
    if name == "date":
        return value.iso() if value else None
    return None if value is None else str(value)


def _changes(
    old: MeetingState | None,
    new: MeetingState | None,
    mid: str,
    why: str,
    run_id: str | None,
    now: datetime,
) -> list[Change]:
    if old is None and new is None:
        return []
    if old is None:
        return [Change(mid, "meeting", None, "created", now, "new_meeting", run_id)]
    if new is None:
        return [
            Change(
                mid,
                "meeting",
                "stored",
                "removed",
                now,
                "removal",
                run_id,
                "no claim supports it any more",
            )
        ]
    out = []
    for name in _FIELDS:
        a, b = _value(old, name), _value(new, name)
        if a != b:
            reason = (
                "correction"
                if name in new.corrected
                or (name == "withdrawn" and b and ("merged into" in b or "not relevant" in b))
                else why
            )
            out.append(Change(mid, name, a, b, now, reason, run_id))
    return out


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


REMOVED = "no source supports it any more: its pages were removed from the sites"


def load_run(
    con: duckdb.DuckDBPyConnection,
    results: Sequence[SourceResult],
    extractions: Mapping[str, Extraction],
    run_id: str | None,
    now: datetime | None = None,
) -> RunLoad:
    """The nightly load, inside the caller's transaction: archive what was fetched, then
    resolve and load what was read in the new and changed documents only."""
    now = now or datetime.now(UTC)
    stored: list[StoredDocument] = []
    archive_counts = load_archive(con, results, run_id, stored)
    gone = record_revisits(con, results, run_id)
    docs = source_docs(stored, extractions)
    extraction = load_extractions(con, docs, run_id=run_id, now=now)
    if gone:
        # the meetings those pages supported, reconciled without them
        stories = stories_of(con, gone)
        hit = sorted({m for _, m, _ in store.mentions_of(con, sorted(stories))})
        refresh_meetings(con, hit, run_id, now, "removal")
    return RunLoad({**archive_counts, "removed": len(gone)}, extraction)


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


def make_correction(con: duckdb.DuckDBPyConnection, c: Correction, now: datetime) -> bool:
    """Store a correction and apply it now, inside the caller's transaction, as every later
    load and re-process will. Returns False (stored, stale) when its meeting is not in the
    warehouse: a later load or re-process may bring it back."""
    if not wc.add_corrections(con, [c]):
        return True  # the same correction, already made (an import run twice)
    stored = {m.meeting_id: m for m in store.known_meetings(con, ids=[c.meeting_id])}
    if c.meeting_id not in stored:
        wc.mark_stale(con, now)
        return False
    mids = [c.meeting_id]
    if c.action == "merge" and c.value:
        wc.move_claims(con, c.meeting_id, c.value)
        mids.append(c.value)
    elif c.action == "split" and c.value:
        dest = corrections.split_id(c.meeting_id, c.value)
        start = replace(stored[c.meeting_id], meeting_id=dest, series=None, ordinal=None)
        store.add_meetings(con, [start], None, now)
        wc.move_claims(con, c.meeting_id, dest, story=c.value)
        mids.append(dest)
    refresh_meetings(con, mids, None, now, "correction")
    return True


def reprocess_batch(
    db_path: str | Path | None,
    after: str,
    sites: Sequence[str],
    since: date | None,
    batch_size: int,
    config: SourcesConfig,
    run_id: str,
) -> tuple[str | None, dict[str, int]]:
    """One batch of `carta reprocess`: read archived pages (a reader, so analysts' queries go
    on), re-parse and re-extract them with today's code, then store and load the result in one
    short write. Returns the next batch's cursor (None at the end) and the batch's counts."""
    with db.reader(db_path) as con:
        batch = read_document_batch(
            con, after=after, sites=sites, since=since, batch_size=batch_size
        )
    if not batch:
        return None, {}
    out = reparse(batch, config)
    with db.writer(db_path) as con, db.transaction(con):
        articles = store_reparsed(con, out.parsed)
        loaded = load_extractions(con, out.docs, run_id=run_id, why="reprocess")
    return batch[-1].cursor, {
        "documents": len(batch),
        "articles_changed": articles["updated"] + articles["inserted"],
        "failed": len(out.failed),
        "meetings_new": loaded.meetings_new,
        "meetings_changed": loaded.meetings_changed,
    }
