"""The meetings' tables, read and written as the core's records: meetings, mentions, people at
meetings and trade figures, one row mapping per table.

The load itself (what to resolve against what is stored, in which order to write) is composed in
`carta.loading`; everything here runs inside the caller's transaction and knows nothing of how a
meeting is decided.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

import duckdb

from carta.core.dates import PartialDate
from carta.core.extraction import Event
from carta.core.meetings import Claim, Figure, MeetingState, Mention, Participation
from warehouse import queries
from warehouse.archive import removed_stories
from warehouse.baseline import read_baseline
from warehouse.upsert import keyed_records, keyed_rows, merge_rows


def date_columns(d: PartialDate | None, suffix: str = "") -> dict[str, object]:
    """A partial date as its columns (`date`, `year`, `month`, `date_precision`, `date_source`,
    each with `suffix`, and `date_as_quoted`): the day only when it is known."""
    return {
        f"date{suffix}": d.to_date() if d else None,
        f"year{suffix}": d.year if d else None,
        f"month{suffix}": d.month if d else None,
        f"date_precision{suffix}": d.precision if d else None,
        f"date_source{suffix}": d.source if d else None,
        "date_as_quoted": d.as_quoted if d else None,
    }


def partial_date(
    year: int | None, month: int | None, day: date | None, source: str | None, quoted: str | None
) -> PartialDate | None:
    """The partial date stored in `date_columns` (no year, no date)."""
    if not year:
        return None
    return PartialDate(year, month, day.day if day else None, source or "text", quoted)


@functools.cache
def baseline_claims() -> dict[str, Claim]:
    """The baseline's statements about its meetings, as claims that outrank announcements."""
    data = read_baseline()
    out = {}
    for m in data.get("meeting", []):
        day = date.fromisoformat(m["date"]) if m.get("date") else None
        year = day.year if day else m.get("year")
        month = day.month if day else m.get("month")
        out[m["meeting_id"]] = Claim(
            meeting_id=m["meeting_id"],
            event_type=m["event_type"],
            format=m["format"],
            countries=tuple(sorted(m["countries"])),
            role="baseline",
            status=m["status"],
            date=partial_date(year, month, day, "baseline", m.get("date_as_quoted")),
            city=m.get("city"),
            host_country=m.get("host_country"),
            ordinal=m.get("ordinal"),
            published=None,
            story_id=None,
        )
    return out


def meeting_kind(event_type: str, fmt: str, countries: Iterable[str]) -> str:
    """What a stored meeting must share with an event to be matched with it: the kind key
    `sql/queries/meetings_of_kinds.sql` makes in SQL, made in Python."""
    return f"{event_type}\x1f{fmt}\x1f" + "\x1f".join(sorted(countries))


def kinds_of(events: Iterable[Event]) -> set[str]:
    """The kinds of meeting these events can be matched with."""
    return {meeting_kind(e.event_type, e.format, e.countries) for e in events}


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
        by_id = queries.text("meetings_known", filter=queries.text("meetings_of_ids"))
        rows = keyed_rows(con, by_id, ids)
    elif kinds is not None:
        of_kinds = {"filter": queries.text("meetings_of_kinds")}
        rows = queries.run(con, "meetings_known", of_kinds, kinds=sorted(set(kinds))).fetchall()
    else:
        rows = queries.run(con, "meetings_known", {"filter": ""}).fetchall()
    return [
        MeetingState(
            mid,
            et,
            fmt,
            series,
            ordinal,
            tuple(countries),
            status,
            partial_date(year, month, day, src, quoted),
            city,
            host,
            tuple(corrected or ()),
            withdrawn,
        )
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
            corrected,
            withdrawn,
        ) in rows
    ]


def _meeting_row(
    state: MeetingState, run_id: str | None, now: datetime, withdrawn_at: datetime | None = None
) -> dict[str, object]:
    return {
        "meeting_id": state.meeting_id,
        "event_type": state.event_type,
        "format": state.format,
        "series": state.series,
        "ordinal": state.ordinal,
        "countries": list(state.countries),
        "status": state.status,
        **date_columns(state.date),
        "city": state.city,
        "host_country": state.host_country,
        "provenance": "analyst" if state.corrected else "extracted",
        "corrected": list(state.corrected) or None,
        "withdrawn_at": (withdrawn_at or now) if state.withdrawn else None,
        "withdrawn_why": state.withdrawn,
        "first_seen_at": now,
        "updated_at": now,
        "run_id": run_id,
    }


def _mention_row(m: Mention) -> dict[str, object]:
    return {
        "mention_id": m.mention_id,
        "meeting_id": m.meeting_id,
        "doc_id": m.doc_id,
        "story_id": m.story_id,
        "source_url": m.source_url,
        "language": m.language,
        "role": m.role,
        "event_type_claimed": m.event_type,
        "status_claimed": m.status,
        **date_columns(m.date, "_claimed"),
        "city_claimed": m.city,
        "host_country_claimed": m.host_country,
        "ordinal_claimed": m.ordinal,
        "countries_found": m.found.get("countries"),
        "status_found": m.found.get("status"),
        "date_found": m.found.get("date"),
        "city_found": m.found.get("city"),
        "ordinal_found": m.found.get("ordinal"),
        "published_date": m.published,
        "snippet": m.snippet,
        "provenance": "extracted",
        "extractor_version": m.extractor_version,
        "run_id": m.run_id,
    }


def _participation_row(p: Participation) -> dict[str, object]:
    return {
        "meeting_id": p.meeting_id,
        "person_id": p.person_id,
        "country": p.country,
        "title": p.title,
        "title_found": p.title_found,
        "person_found": p.person_found,
        "provenance": p.provenance,
        "doc_id": p.doc_id,
    }


def _figure_row(f: Figure) -> dict[str, object]:
    return {
        "figure_id": f.figure_id,
        "scope": f.scope,
        "year": f.year,
        "period": f.period,
        "period_kind": f.period_kind,
        "value": f.value,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "change_pct": f.change_pct,
        "as_quoted": f.as_quoted,
        "year_found": f.year_found,
        "scope_found": f.scope_found,
        "reported_by": None,
        "doc_id": f.doc_id,
        "story_id": f.story_id,
        "meeting_id": f.meeting_id,
        "provenance": "extracted",
        "run_id": f.run_id,
    }


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _claim_of(row: Mapping[str, object], event_format: str, countries: Sequence[str]) -> Claim:
    """A stored mention's claim (to reconcile a meeting from everything known)."""
    day = row.get("date_claimed")
    pub = row.get("published_date")
    return Claim(
        meeting_id=str(row["meeting_id"]),
        event_type=str(row.get("event_type_claimed") or ""),
        format=event_format,
        countries=tuple(sorted(countries)),
        role="baseline" if row.get("provenance") == "baseline" else str(row.get("role")),
        status=str(row.get("status_claimed") or "held"),
        date=partial_date(
            _int(row.get("year_claimed")),
            _int(row.get("month_claimed")),
            day if isinstance(day, date) else None,
            _str(row.get("date_source_claimed")),
            _str(row.get("date_as_quoted")),
        ),
        city=_str(row.get("city_claimed")),
        host_country=_str(row.get("host_country_claimed")),
        ordinal=_int(row.get("ordinal_claimed")),
        published=pub if isinstance(pub, date) else None,
        story_id=_str(row.get("story_id")),
    )


def stored_claims(
    con: duckdb.DuckDBPyConnection, mids: Sequence[str]
) -> tuple[dict[str, list[Claim]], set[str]]:
    """Every claim about these meetings that still counts (their extracted mentions, but none
    from a story whose pages were all removed, and the baseline's); and the meetings among them
    that had claims from such a story."""
    out: dict[str, list[Claim]] = {m: [] for m in mids}
    lost: set[str] = set()
    if not mids:
        return out, lost
    removed = removed_stories(con)
    for row in keyed_records(con, queries.text("mention_claims"), mids):
        if row["story_id"] in removed:
            lost.add(str(row["meeting_id"]))
            continue
        out[row["meeting_id"]].append(_claim_of(row, row["m_format"], row["m_countries"]))
    base = baseline_claims()
    for mid in mids:
        if mid in base:
            out[mid].append(base[mid])
    return out, lost


def drop_stale_evidence(
    con: duckdb.DuckDBPyConnection,
    stories: Sequence[str],
    mentions: Iterable[Mention],
    figures: Iterable[Figure],
) -> tuple[set[str], set[str]]:
    """Delete what these stories said before and no longer say (their mentions and extracted
    figures). Return the meetings that lost a mention, which must be reconciled again, and the
    stories that had said something before (their news is a revision)."""
    new_ids = {m.mention_id for m in mentions}
    old = mentions_of(con, stories)
    stale = [mid for mid, _, _ in old if mid not in new_ids]
    affected = {meeting for mention, meeting, _ in old if mention not in new_ids}
    if stale:
        keyed_rows(con, queries.text("mentions_delete"), stale)
    new_figs = {f.figure_id for f in figures}
    old_figs = keyed_rows(con, queries.text("figures_of_stories"), stories)
    stale_figs = [f for (f,) in old_figs if f not in new_figs]
    if stale_figs:
        keyed_rows(con, queries.text("figures_delete"), stale_figs)
    return affected, {str(story) for _, _, story in old}


def mentions_of(
    con: duckdb.DuckDBPyConnection, stories: Sequence[str]
) -> list[tuple[str, str, str]]:
    """(mention_id, meeting_id, story_id) of the stored mentions of these stories."""
    return [
        (str(a), str(b), str(c))
        for a, b, c in keyed_rows(con, queries.text("mentions_of_stories"), stories)
    ]


def add_meetings(
    con: duckdb.DuckDBPyConnection,
    states: Iterable[MeetingState],
    run_id: str | None,
    now: datetime,
) -> None:
    """Insert the meetings not stored yet (so that mentions can reference them)."""
    rows = [_meeting_row(s, run_id, now) for s in states]
    merge_rows(con, "meetings", rows, ["meeting_id"], mode="insert_missing")


def write_mentions(con: duckdb.DuckDBPyConnection, mentions: Iterable[Mention]) -> None:
    merge_rows(
        con,
        "meeting_mentions",
        [_mention_row(m) for m in mentions],
        ["mention_id"],
        touch=("run_id",),
    )


def write_meetings(
    con: duckdb.DuckDBPyConnection,
    states: Sequence[MeetingState],
    run_id: str | None,
    now: datetime,
) -> int:
    """Store the meetings as reconciled (and corrected); a baseline meeting stays a baseline
    meeting unless an analyst corrected it, and a withdrawn one keeps when it was withdrawn.
    Return how many stored rows changed."""
    stored = {
        mid: (prov, at)
        for mid, prov, at in keyed_rows(
            con, queries.text("meetings_stored_state"), [s.meeting_id for s in states]
        )
    }
    rows = []
    for state in states:
        prov, at = stored.get(state.meeting_id, (None, None))
        row = _meeting_row(state, run_id, now, at)
        if prov == "baseline" and not state.corrected:
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
    return result["updated"]


def remove_meetings(con: duckdb.DuckDBPyConnection, mids: Sequence[str]) -> None:
    """Delete meetings no claim supports any more, with their people and links; their figures
    stay, unlinked."""
    if not mids:
        return
    queries.run(con, "meetings_remove", ids=list(mids))


def write_participations(con: duckdb.DuckDBPyConnection, people: Iterable[Participation]) -> None:
    rows = [_participation_row(p) for p in people]
    merge_rows(con, "participations", rows, ["meeting_id", "person_id"], mode="insert_missing")


def write_figures(con: duckdb.DuckDBPyConnection, figures: Iterable[Figure]) -> None:
    merge_rows(
        con, "trade_figures", [_figure_row(f) for f in figures], ["figure_id"], touch=("run_id",)
    )
