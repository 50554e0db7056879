"""The typed record carta extracts from one text, and its JSON shape for `carta extract`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from carta.core.dates import PartialDate

EXTRACTOR_VERSION = "1.0.0"
_SERIES = {"ministerial_meeting": "ca_russia_fm", "summit": "ca_russia_summit"}


def series_of(format: str, event_type: str) -> str | None:
    """The numbered series a meeting of this format and type belongs to: the Central Asia-Russia
    ministers' meetings and summits are counted ('the 8th meeting'); bilateral talks are not."""
    return _SERIES.get(event_type) if format == "central_asia_russia" else None


# How each field was found: the `*Found` codes of carta.core.codes.


@dataclass(frozen=True)
class Participant:
    country: str
    name: str | None
    title: str | None
    person_id: str | None = None
    snippet: str | None = None
    title_found: str | None = None
    person_found: str | None = None  # text (named) | registry (the office's holder that day)

    def to_json(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "name": self.name,
            "title": self.title,
            "person_id": self.person_id,
            "title_found": self.title_found,
            "person_found": self.person_found,
        }


@dataclass(frozen=True)
class Event:
    event_type: str
    countries: tuple[str, ...]
    format: str  # central_asia_russia | bilateral
    status: str
    ordinal: int | None = None
    date: PartialDate | None = None
    city: str | None = None
    host_country: str | None = None
    participants: tuple[Participant, ...] = ()
    snippet: str = ""
    role: str = "report"  # announcement | report
    is_topic: bool = False
    found: dict[str, str | None] = field(default_factory=dict)  # field -> how it was found

    @property
    def series(self) -> str | None:
        return series_of(self.format, self.event_type)

    def to_json(self) -> dict[str, Any]:
        day = self.date.to_date() if self.date else None
        return {
            "event_type": self.event_type,
            "countries": list(self.countries),
            "format": self.format,
            "ordinal": self.ordinal,
            "status": self.status,
            "date": day.isoformat() if day else None,
            "date_precision": self.date.precision if self.date else None,
            "date_partial": self.date.iso() if self.date else None,
            "date_source": self.date.source if self.date else None,
            "date_as_quoted": self.date.as_quoted if self.date else None,
            "city": self.city,
            "host_country": self.host_country,
            "participants": [p.to_json() for p in self.participants],
            "snippet": self.snippet,
            "found": dict(self.found),
        }


@dataclass(frozen=True)
class TradeFigure:
    scope: str
    year: int | None
    period: str | None
    period_kind: str  # year | partial | unknown
    value: float | None
    unit: str | None
    qualifier: str
    change_pct: float | None
    as_quoted: str
    year_found: str | None = None
    scope_found: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "year": self.year,
            "period": self.period,
            "period_kind": self.period_kind,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "change_pct": self.change_pct,
            "as_quoted": self.as_quoted,
            "year_found": self.year_found,
            "scope_found": self.scope_found,
        }


@dataclass(frozen=True)
class Extraction:
    relevant: bool
    language: str | None
    language_source: str | None
    events: tuple[Event, ...] = ()
    trade_figures: tuple[TradeFigure, ...] = ()
    published: PartialDate | None = None
    title: str | None = None
    reasons: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "relevant": self.relevant,
            "language": self.language,
            "events": [e.to_json() for e in self.events],
            "trade_figures": [t.to_json() for t in self.trade_figures],
            "published": self.published.iso() if self.published else None,
            "title": self.title,
            "reasons": list(self.reasons),
            "extractor_version": EXTRACTOR_VERSION,
        }
