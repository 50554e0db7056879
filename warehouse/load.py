"""Loading extraction results: mentions, meetings reconciled from all their claims, people, figures.

Runs inside the caller's transaction (the nightly flow loads the archive and the extractions in
one), touches only the meetings the batch concerns, and is idempotent: loading the same
documents again changes no row. Re-extracting a story replaces what that story said before,
so an extractor fix never leaves a stale mention or figure behind.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import duckdb

from carta.core.dates import PartialDate
from carta.core.extraction import Extraction
from normalise.resolve import (
    Claim,
    MeetingState,
    SourceDoc,
    claim_from_mention,
    reconcile,
    resolve,
)
from warehouse.archive import StoredDocument, load_archive
from warehouse.baseline import read_baseline
from warehouse.upsert import keyed_rows, merge_rows

if TYPE_CHECKING:
    from carta.core.documents import SourceResult


@dataclass(frozen=True)
class ExtractionLoad:
    stories: int
    mentions: int
    meetings_changed: int
    meetings_new: int
    figures: int
    new_meeting_ids: tuple[str, ...]
    changed_meeting_ids: tuple[str, ...]


@functools.cache
def baseline_claims() -> dict[str, Claim]:
    """The baseline's statements about its meetings, as claims that outrank announcements."""
    data = read_baseline()
    out = {}
    for m in data.get("meeting", []):
        day = date.fromisoformat(m["date"]) if m.get("date") else None
        pd = None
        if day:
            pd = PartialDate(day.year, day.month, day.day, "baseline", m.get("date_as_quoted"))
        elif m.get("year"):
            pd = PartialDate(m["year"], m.get("month"), None, "baseline", m.get("date_as_quoted"))
        out[m["meeting_id"]] = Claim(
            meeting_id=m["meeting_id"],
            event_type=m["event_type"],
            format=m["format"],
            countries=tuple(sorted(m["countries"])),
            role="baseline",
            status=m["status"],
            date=pd,
            city=m.get("city"),
            host_country=m.get("host_country"),
            ordinal=m.get("ordinal"),
            published=None,
            story_id=None,
        )
    return out


_MEETING_COLUMNS = (
    "meeting_id, event_type, format, series, ordinal, countries, status, year, month, date,"
    " date_source, date_as_quoted, city, host_country"
)
# What a stored meeting must share with an event to be matched with it (normalise.resolve.
# match_meeting): event type, format and the set of countries, as one string per kind.
_KIND_SQL = (
    "event_type || chr(31) || format || chr(31) || array_to_string(list_sort(countries), chr(31))"
)


def meeting_kind(event_type: str, fmt: str, countries: Iterable[str]) -> str:
    """The kind key of `_KIND_SQL`, made in Python."""
    return f"{event_type}\x1f{fmt}\x1f" + "\x1f".join(sorted(countries))


def known_meetings(
    con: duckdb.DuckDBPyConnection,
    *,
    kinds: Iterable[str] | None = None,
    ids: Sequence[str] | None = None,
) -> list[MeetingState]:
    """Stored meetings: all of them, those of the given kinds (`meeting_kind`), or by id.

    A night's documents can only be matched with meetings of their own kinds, so the load
    reads those, not every meeting ever recorded (with 2,500 meetings, reading them all took
    13 ms a night, most of it in turning rows into Python objects)."""
    if ids is not None:
        rows = keyed_rows(
            con, f"SELECT {_MEETING_COLUMNS} FROM meetings WHERE meeting_id IN ({{keys}})", ids
        )
    elif kinds is not None:
        rows = con.execute(
            f"SELECT {_MEETING_COLUMNS} FROM meetings "
            f"WHERE list_contains(?::VARCHAR[], {_KIND_SQL})",
            [sorted(set(kinds))],
        ).fetchall()
    else:
        rows = con.execute(f"SELECT {_MEETING_COLUMNS} FROM meetings").fetchall()
    out = []
    for (
        mid,
        et,
        fmt,
        series,
        ordinal,
        countries,
        status,
        year,
        month,
        day,
        src,
        quoted,
        city,
        host,
    ) in rows:
        pd = None
        if year:
            pd = PartialDate(year, month, day.day if day else None, src or "text", quoted)
        out.append(
            MeetingState(mid, et, fmt, series, ordinal, tuple(countries), status, pd, city, host)
        )
    return out


def _meeting_row(state: MeetingState, run_id: str | None, now: datetime) -> dict[str, object]:
    d = state.date
    return {
        "meeting_id": state.meeting_id,
        "event_type": state.event_type,
        "format": state.format,
        "series": state.series,
        "ordinal": state.ordinal,
        "countries": list(state.countries),
        "status": state.status,
        "date": d.to_date() if d else None,
        "year": d.year if d else None,
        "month": d.month if d else None,
        "date_precision": d.precision if d else None,
        "date_source": d.source if d else None,
        "date_as_quoted": d.as_quoted if d else None,
        "city": state.city,
        "host_country": state.host_country,
        "provenance": "extracted",
        "first_seen_at": now,
        "updated_at": now,
        "run_id": run_id,
    }


def _claims_for(con: duckdb.DuckDBPyConnection, mids: Sequence[str]) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {m: [] for m in mids}
    if not mids:
        return out
    cols = [c[0] for c in con.execute("SELECT * FROM meeting_mentions LIMIT 0").description]
    cols += ["m_format", "m_countries"]
    for values in keyed_rows(
        con,
        "SELECT x.*, m.format AS m_format, m.countries AS m_countries FROM meeting_mentions x "
        "JOIN meetings m USING (meeting_id) WHERE x.meeting_id IN ({keys}) "
        "AND x.provenance = 'extracted' ORDER BY x.mention_id",
        mids,
    ):
        row = dict(zip(cols, values, strict=True))
        out[row["meeting_id"]].append(claim_from_mention(row, row["m_format"], row["m_countries"]))
    base = baseline_claims()
    for mid in mids:
        if mid in base:
            out[mid].append(base[mid])
    return out


def load_extractions(
    con: duckdb.DuckDBPyConnection,
    docs: Iterable[SourceDoc],
    run_id: str | None = None,
    now: datetime | None = None,
) -> ExtractionLoad:
    """Resolve `docs` against the meetings already known and load the result."""
    now = now or datetime.now(UTC)
    docs = list(docs)
    stories = sorted({d.story_id for d in docs})
    kinds = {
        meeting_kind(e.event_type, e.format, e.countries) for d in docs for e in d.extraction.events
    }
    res = resolve(docs, known_meetings(con, kinds=kinds), run_id=run_id)

    # What these stories said before is replaced by what they say now.
    old = keyed_rows(
        con,
        "SELECT mention_id, meeting_id FROM meeting_mentions WHERE story_id IN ({keys})",
        stories,
    )
    new_ids = {str(m["mention_id"]) for m in res.mentions}
    stale = [mid for mid, _ in old if mid not in new_ids]
    affected = {meeting for mention, meeting in old if mention not in new_ids}
    # Every meeting this load may change, as stored before it (a meeting found by its series
    # and ordinal need not be of a kind read above).
    before = {
        m.meeting_id: m for m in known_meetings(con, ids=sorted(set(res.meetings) | affected))
    }
    if stale:
        keyed_rows(con, "DELETE FROM meeting_mentions WHERE mention_id IN ({keys})", stale)
    new_figs = {str(f["figure_id"]) for f in res.figures}
    old_figs = keyed_rows(
        con,
        "SELECT figure_id FROM trade_figures WHERE story_id IN ({keys}) "
        "AND provenance = 'extracted'",
        stories,
    )
    stale_figs = [f for (f,) in old_figs if f not in new_figs]
    if stale_figs:
        keyed_rows(con, "DELETE FROM trade_figures WHERE figure_id IN ({keys})", stale_figs)

    # Meetings must exist before their mentions reference them.
    first_rows = [_meeting_row(s, run_id, now) for s in res.meetings.values()]
    merge_rows(con, "meetings", first_rows, ["meeting_id"], mode="insert_missing")
    merge_rows(con, "meeting_mentions", res.mentions, ["mention_id"], touch=("run_id",))

    touched = sorted(set(res.meetings) | affected)
    claims = _claims_for(con, touched)
    rows = []
    orphaned = []
    final: dict[str, MeetingState] = {}
    for mid in touched:
        if not claims[mid]:
            orphaned.append(mid)
            continue
        state = reconcile(mid, claims[mid])
        final[mid] = state
        row = _meeting_row(state, run_id, now)
        if mid in before and before_provenance(con, mid) == "baseline":
            row["provenance"] = "baseline"
        rows.append(row)
    result = merge_rows(
        con,
        "meetings",
        rows,
        ["meeting_id"],
        preserve=("first_seen_at",),
        touch=("updated_at", "run_id"),
    )
    if orphaned:
        con.execute("DELETE FROM participations WHERE meeting_id IN (SELECT unnest(?))", [orphaned])
        con.execute(
            "UPDATE trade_figures SET meeting_id = NULL WHERE meeting_id IN (SELECT unnest(?))",
            [orphaned],
        )
        con.execute(
            "DELETE FROM meeting_links WHERE from_meeting_id IN (SELECT unnest(?)) "
            "OR to_meeting_id IN (SELECT unnest(?))",
            [orphaned, orphaned],
        )
        con.execute("DELETE FROM meetings WHERE meeting_id IN (SELECT unnest(?))", [orphaned])
    merge_rows(
        con,
        "participations",
        res.participations,
        ["meeting_id", "person_id"],
        mode="insert_missing",
    )
    merge_rows(con, "trade_figures", res.figures, ["figure_id"], touch=("run_id",))
    new_meetings = tuple(m for m in final if m not in before)
    changed = tuple(m for m in final if m in before and _differs(before[m], final[m]))
    return ExtractionLoad(
        stories=len(stories),
        mentions=len(res.mentions),
        meetings_changed=result["updated"],
        meetings_new=len(new_meetings),
        figures=len(res.figures),
        new_meeting_ids=new_meetings,
        changed_meeting_ids=changed,
    )


def before_provenance(con: duckdb.DuckDBPyConnection, mid: str) -> str | None:
    rows = con.execute("SELECT provenance FROM meetings WHERE meeting_id = ?", [mid]).fetchall()
    return str(rows[0][0]) if rows else None


def _differs(a: MeetingState, b: MeetingState) -> bool:
    return (a.status, a.date.iso() if a.date else None, a.city) != (
        b.status,
        b.date.iso() if b.date else None,
        b.city,
    )


@dataclass(frozen=True)
class RunLoad:
    """What one load transaction wrote: the archive's counts and the extraction's."""

    archive: dict[str, int]
    extraction: ExtractionLoad


def source_docs(
    stored: Iterable[StoredDocument], extractions: Mapping[str, Extraction]
) -> list[SourceDoc]:
    """Join the documents the archive stored (with their ids) to what was read in them."""
    from normalise.articles import article_published

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
