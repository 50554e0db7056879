"""Resolution: many documents about one meeting become one meeting with a mention each.

Pure functions over plain data, so the flows, `carta reprocess` and the tests share them:
`resolve` decides which meeting each story reports (series and ordinal first, then type, states
and a compatible date), and `reconcile` turns every claim about a meeting into the meeting's
attributes - the status moves from announced to held when a report arrives, the date and venue
come from reports before announcements and from precise dates before vague ones. Reconciling
from all claims each time makes the result independent of the order documents arrive in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from carta.core.dates import PartialDate
from carta.core.extraction import EXTRACTOR_VERSION, Event, TradeFigure, series_of
from carta.core.keys import figure_id, series_meeting_id, stable_hash
from carta.core.meetings import (
    Claim,
    Figure,
    MeetingState,
    Mention,
    Participation,
    Resolution,
    SourceDoc,
)
from normalise.trade import dedupe_figures

STATUS_RANK = {"announced": 0, "postponed": 1, "cancelled": 2, "held": 3}
_LANG_ORDER = {"en": 0, "ru": 1, "kk": 2, "ky": 3, "tg": 4, "tk": 5, "uz": 6}


def _countries_key(countries: Sequence[str]) -> str:
    return "-".join(sorted(countries))


def _date_fits(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Two dates can name the same day: equal where both are known."""
    if a is None or b is None or a.year is None or b.year is None:
        return False
    if a.year != b.year:
        return False
    if a.month and b.month and a.month != b.month:
        return False
    return not (a.day and b.day and a.day != b.day)


def _in_window(meeting: MeetingState, published: date | None, role: str) -> bool:
    if published is None or meeting.date is None:
        return False
    day = meeting.date.to_date()
    if day is None:
        return False
    if role == "report":
        return published - timedelta(days=10) <= day <= published + timedelta(days=1)
    return published - timedelta(days=1) <= day <= published + timedelta(days=400)


def meeting_id_for(event: Event, story_id: str) -> str:
    """The id a new meeting gets: its series and ordinal, else its type, states and date."""
    if event.series and event.ordinal:
        return series_meeting_id(event.series, event.ordinal)
    prefix = (
        f"ca_russia_{event.event_type}"
        if event.format == "central_asia_russia"
        else f"{event.event_type}-{_countries_key(event.countries)}"
    )
    if event.date and event.date.to_date():
        return f"{prefix}-{event.date.iso()}"
    when = event.date.iso() if event.date and event.date.iso() else "undated"
    return f"{prefix}-{when}-{stable_hash(story_id, length=8)}"


def match_meeting(
    event: Event, published: date | None, known: Iterable[MeetingState]
) -> str | None:
    """An existing meeting this event is a report or announcement of, if one fits."""
    if event.series and event.ordinal:
        return series_meeting_id(event.series, event.ordinal)
    fits = []
    for m in known:
        if m.format != event.format or tuple(sorted(m.countries)) != tuple(sorted(event.countries)):
            continue
        if m.event_type != event.event_type:
            continue
        if event.ordinal and m.ordinal and event.ordinal != m.ordinal:
            continue
        if event.date is not None and event.date.year is not None:
            if _date_fits(event.date, m.date):
                fits.append(m)
        elif _in_window(
            m, published, "announcement" if event.status == "announced" else "report"
        ) or (
            event.city
            and m.city == event.city
            and m.date is not None
            and published
            and m.date.year in (published.year, published.year - 1)
        ):
            fits.append(m)
    if len(fits) == 1:
        return fits[0].meeting_id
    return None


def _claim(meeting_id: str, event: Event, doc: SourceDoc | None, role: str) -> Claim:
    return Claim(
        meeting_id=meeting_id,
        event_type=event.event_type,
        format=event.format,
        countries=tuple(sorted(event.countries)),
        role=role,
        status=event.status,
        date=event.date,
        city=event.city,
        host_country=event.host_country,
        ordinal=event.ordinal,
        published=doc.published if doc else None,
        story_id=doc.story_id if doc else None,
    )


def reconcile(meeting_id: str, claims: Sequence[Claim]) -> MeetingState:
    """A meeting's attributes from all claims about it.

    Reports and the baseline outrank announcements for the date and venue (a meeting may be
    rescheduled; what happened is what counts), more precise dates outrank vaguer ones, and the
    status is the furthest a source has seen it go (announced < postponed < cancelled < held).
    """
    if not claims:
        raise ValueError(f"no claims for {meeting_id}")
    # Ties below are broken by the first claim: in a fixed order, so the meeting does not depend
    # on the order the warehouse happened to return its mentions (a parallel scan varies it).
    claims = sorted(claims, key=repr)

    def weight(c: Claim) -> tuple[int, int, str]:
        reported = 1 if c.role in ("report", "baseline") and c.status == "held" else 0
        return (reported, c.precision_rank, (c.published or date.min).isoformat())

    status = max((c.status for c in claims), key=lambda s: STATUS_RANK.get(s, 0))
    dated = [c for c in claims if c.date is not None and c.date.year is not None]
    best_date = None
    if dated:
        top = max(weight(c)[:2] for c in dated)
        tier = [c for c in dated if weight(c)[:2] == top]
        counts = Counter(c.date.iso() for c in tier if c.date)
        best_iso = max(counts, key=lambda k: (counts[k], k))
        best_date = next(c.date for c in tier if c.date and c.date.iso() == best_iso)
    placed = [c for c in claims if c.city or c.host_country]
    city = host = None
    if placed:
        top_place = max((weight(c)[0], 1 if c.city else 0) for c in placed)
        tier_p = [c for c in placed if (weight(c)[0], 1 if c.city else 0) == top_place]
        pick = Counter((c.city, c.host_country) for c in tier_p).most_common()
        pick.sort(key=lambda kv: (-kv[1], str(kv[0])))
        city, host = pick[0][0]
    base = max(claims, key=lambda c: (c.role == "baseline", weight(c)))
    ordinal = next((c.ordinal for c in claims if c.ordinal), None)
    return MeetingState(
        meeting_id=meeting_id,
        event_type=base.event_type,
        format=base.format,
        series=series_of(base.format, base.event_type),
        ordinal=ordinal,
        countries=base.countries,
        status=status,
        date=best_date,
        city=city,
        host_country=host,
    )


def _representative(docs: list[SourceDoc]) -> SourceDoc:
    """The language version of a story that says most, the same one on every run."""

    def info(d: SourceDoc) -> tuple[int, int, str]:
        ev = d.extraction.events[0] if d.extraction.events else None
        score = 0
        if ev:
            score = sum(x is not None for x in (ev.date, ev.city, ev.ordinal)) + len(
                ev.participants
            )
        return (-score, _LANG_ORDER.get(d.language or "", 9), d.doc_id)

    return min(docs, key=info)


def resolve(
    docs: Iterable[SourceDoc],
    known: Iterable[MeetingState] = (),
    run_id: str | None = None,
) -> Resolution:
    """Assign each story's main event to a meeting and collect what to load."""
    res = Resolution()
    meetings: dict[str, MeetingState] = {m.meeting_id: m for m in known}
    claims: dict[str, list[Claim]] = {}
    by_story: dict[str, list[SourceDoc]] = {}
    for d in docs:
        by_story.setdefault(d.story_id, []).append(d)
    ordered = sorted(
        by_story.items(), key=lambda kv: (min((d.published or date.max) for d in kv[1]), kv[0])
    )
    touched: set[str] = set()
    for story_id, story_docs in ordered:
        # One story states a figure once, whichever language versions carry it.
        seen_figures: list[TradeFigure] = []
        for d in sorted(story_docs, key=lambda d: (_LANG_ORDER.get(d.language or "", 9), d.doc_id)):
            merged = dedupe_figures([*seen_figures, *d.extraction.trade_figures])
            for f in merged:
                if f not in seen_figures:
                    res.figures = [
                        r
                        for r in res.figures
                        if not (r.story_id == story_id and _same_statement(r, f))
                    ]
                    res.figures.append(_figure(f, d, run_id))
            seen_figures = merged
        relevant = [d for d in story_docs if d.extraction.relevant and d.extraction.events]
        if not relevant:
            continue
        rep = _representative(relevant)
        event = rep.extraction.events[0]
        mid = match_meeting(event, rep.published, meetings.values()) or meeting_id_for(
            event, story_id
        )
        role = "announcement" if event.status == "announced" else "report"
        claim = _claim(mid, event, rep, role)
        claims.setdefault(mid, [c for c in claims.get(mid, []) if c.story_id != story_id])
        claims[mid] = [c for c in claims[mid] if c.story_id != story_id] + [claim]
        meetings[mid] = reconcile(mid, claims[mid])
        touched.add(mid)
        res.mentions.append(_mention(mid, rep, event, role, run_id))
        people: dict[str, Participation] = {}
        for d in relevant:
            for p in d.extraction.events[0].participants:
                if p.person_id and p.person_id not in people:
                    people[p.person_id] = Participation(
                        meeting_id=mid,
                        person_id=p.person_id,
                        country=p.country,
                        title=p.title,
                        title_found=p.title_found,
                        person_found=p.person_found,
                        doc_id=d.doc_id,
                        story_id=story_id,
                    )
        res.participations.extend(people.values())
        res.figures = [
            replace(f, meeting_id=mid) if f.story_id == story_id else f for f in res.figures
        ]
    res.meetings = {mid: meetings[mid] for mid in sorted(touched)}
    return res


def _mention(mid: str, d: SourceDoc, event: Event, role: str, run_id: str | None) -> Mention:
    return Mention(
        mention_id="mn-" + stable_hash(mid, d.story_id),
        meeting_id=mid,
        doc_id=d.doc_id,
        story_id=d.story_id,
        source_url=d.url,
        language=d.language,
        role=role,
        event_type=event.event_type,
        status=event.status,
        date=event.date,
        city=event.city,
        host_country=event.host_country,
        ordinal=event.ordinal,
        found=dict(event.found),
        published=d.published,
        snippet=event.snippet[:500],
        extractor_version=EXTRACTOR_VERSION,
        run_id=run_id,
    )


def _same_statement(row: Figure, f: TradeFigure) -> bool:
    if row.scope != f.scope or row.year != f.year:
        return False
    rv = row.value
    if isinstance(rv, float) and f.value is not None:
        return abs(rv - f.value) <= 0.01 * max(rv, f.value)
    return rv is None or f.value is None


def _figure(f: TradeFigure, d: SourceDoc, run_id: str | None) -> Figure:
    return Figure(
        figure_id=figure_id(
            f.scope,
            f.period or (str(f.year) if f.year else None),
            f.value,
            f.unit,
            f.change_pct,
            d.story_id,
        ),
        scope=f.scope,
        year=f.year,
        period=f.period,
        period_kind=f.period_kind,
        value=f.value,
        unit=f.unit or ("%" if f.value is None else "USD"),
        qualifier=f.qualifier,
        change_pct=f.change_pct,
        as_quoted=f.as_quoted,
        year_found=f.year_found,
        scope_found=f.scope_found,
        doc_id=d.doc_id,
        story_id=d.story_id,
        meeting_id=None,
        run_id=run_id,
    )
