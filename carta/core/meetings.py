"""What resolution works on and what it hands to the load: claims, meetings and their evidence.

Resolution (`normalise.resolve`) is pure over these; the warehouse turns them into rows and back
(`warehouse.load`, one mapping per table), so neither stage needs the other.
"""

from __future__ import annotations

import datetime as dt_
from collections.abc import Mapping
from dataclasses import dataclass, field

from carta.core.dates import PartialDate
from carta.core.extraction import Extraction

PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True)
class SourceDoc:
    """One archived document and what the extractor read in it."""

    doc_id: str
    story_id: str
    url: str | None
    published: dt_.date | None
    language: str | None
    extraction: Extraction


@dataclass(frozen=True)
class Claim:
    """What one source (or the baseline) says about a meeting."""

    meeting_id: str
    event_type: str
    format: str
    countries: tuple[str, ...]
    role: str  # announcement | report | baseline
    status: str
    date: PartialDate | None
    city: str | None
    host_country: str | None
    ordinal: int | None
    published: dt_.date | None
    story_id: str | None = None

    @property
    def precision_rank(self) -> int:
        return PRECISION_RANK.get(self.date.precision or "", 0) if self.date else 0


@dataclass(frozen=True)
class MeetingState:
    """A meeting's attributes as reconciled from its claims (or as stored)."""

    meeting_id: str
    event_type: str
    format: str
    series: str | None
    ordinal: int | None
    countries: tuple[str, ...]
    status: str
    date: PartialDate | None
    city: str | None
    host_country: str | None
    corrected: tuple[str, ...] = ()  # the fields an analyst's correction set
    withdrawn: str | None = None  # why it no longer counts (merged, not relevant, unsupported)


@dataclass(frozen=True)
class Correction:
    """An analyst's correction of one meeting; kept as a row and applied after resolution on
    every load and re-process (normalise.corrections)."""

    correction_id: str
    meeting_id: str
    action: str  # codes.CorrectionAction
    field: str | None  # set: the field
    value: str | None  # set: its value; merge: the meeting kept; split: the story; a person
    why: str
    author: str
    made_at: dt_.datetime


@dataclass(frozen=True)
class Mention:
    """One story's claim about a meeting, with the evidence an analyst checks it against."""

    mention_id: str
    meeting_id: str
    doc_id: str
    story_id: str
    source_url: str | None
    language: str | None
    role: str  # announcement | report
    event_type: str
    status: str
    date: PartialDate | None
    city: str | None
    host_country: str | None
    ordinal: int | None
    found: Mapping[str, str | None]  # field -> how the extractor found it
    published: dt_.date | None
    snippet: str
    extractor_version: str
    run_id: str | None


@dataclass(frozen=True)
class Participation:
    """A person at a meeting, as the first document naming them there says."""

    meeting_id: str
    person_id: str
    country: str
    title: str | None
    title_found: str | None
    person_found: str | None
    doc_id: str | None
    provenance: str = "extracted"  # analyst: added by a correction
    story_id: str | None = None  # the story that names them (not stored: it follows the doc)


@dataclass(frozen=True)
class Figure:
    """A trade figure one story states, linked to the meeting the story reports, if any."""

    figure_id: str
    scope: str
    year: int | None
    period: str | None
    period_kind: str
    value: float | None
    unit: str
    qualifier: str
    change_pct: float | None
    as_quoted: str
    year_found: str | None
    scope_found: str | None
    doc_id: str
    story_id: str
    meeting_id: str | None
    run_id: str | None


@dataclass
class Resolution:
    """What `resolve` decided for a batch of documents: the meetings it touched and what to load."""

    meetings: dict[str, MeetingState] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    claims: dict[str, list[Claim]] = field(default_factory=dict)
