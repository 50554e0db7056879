"""Reference data and the baseline: what a new warehouse holds before carta reads anything.

The registry (countries, people, roles, cities) follows the code: it is upserted on every
`carta init`, so a corrected alias reaches the warehouse. The baseline meetings and figure are
inserted only when absent, so a later report that moves a meeting on is never rolled back.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from carta.core.keys import figure_id
from carta.core.registry import Registry, default_registry
from warehouse.db import transaction
from warehouse.upsert import merge_rows

BASELINE_FILE = Path(__file__).with_name("baseline.toml")


@dataclass(frozen=True)
class LoadCounts:
    inserted: int
    updated: int


def _script(text: str) -> str:
    return "cyrillic" if any("\u0400" <= ch <= "\u04ff" for ch in text) else "latin"


def load_registry_tables(con: duckdb.DuckDBPyConnection, registry: Registry) -> LoadCounts:
    """Upsert countries, people, their aliases and roles, and cities."""
    totals = [0, 0]

    def add(result: dict[str, int]) -> None:
        totals[0] += result["inserted"]
        totals[1] += result["updated"]

    add(
        merge_rows(
            con,
            "countries",
            [
                {"iso2": c.iso2, "name_en": c.name_en, "name_ru": c.name_ru, "region": c.region}
                for c in registry.countries
            ],
            ["iso2"],
        )
    )
    add(
        merge_rows(
            con,
            "people",
            [
                {
                    "person_id": p.person_id,
                    "name_en": p.name_en,
                    "name_ru": p.name_ru,
                    "country": p.country,
                }
                for p in registry.people
            ],
            ["person_id"],
        )
    )
    add(
        merge_rows(
            con,
            "person_aliases",
            [
                {"person_id": p.person_id, "alias": a, "script": _script(a)}
                for p in registry.people
                for a in dict.fromkeys(
                    (p.name_en, *((p.name_ru,) if p.name_ru else ()), *p.aliases)
                )
            ],
            ["person_id", "alias"],
        )
    )
    add(
        merge_rows(
            con,
            "person_roles",
            [
                {
                    "person_id": p.person_id,
                    "term": i,
                    "role": r.role,
                    "title": r.title,
                    "valid_from": r.valid_from,
                    "valid_to": r.valid_to,
                    "confidence": r.confidence,
                }
                for p in registry.people
                for i, r in enumerate(p.roles)
            ],
            ["person_id", "term"],
        )
    )
    add(
        merge_rows(
            con,
            "cities",
            [
                {
                    "city_id": c.city_id,
                    "name_en": c.name_en,
                    "country": c.country,
                    "aliases": list(c.aliases),
                }
                for c in registry.cities
            ],
            ["city_id"],
        )
    )
    return LoadCounts(totals[0], totals[1])


def read_baseline(path: Path = BASELINE_FILE) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def load_baseline(con: duckdb.DuckDBPyConnection, data: dict[str, Any] | None = None) -> LoadCounts:
    """Insert the baseline meetings, links, participants, mentions and figure when absent."""
    data = data if data is not None else read_baseline()
    as_of = datetime.fromisoformat(data["as_of"])
    meetings, participations, mentions = [], [], []
    for m in data.get("meeting", []):
        day = date.fromisoformat(m["date"]) if m.get("date") else None
        year = day.year if day else m.get("year")
        month = day.month if day else m.get("month")
        precision = "day" if day else ("month" if month else ("year" if year else None))
        meetings.append(
            {
                "meeting_id": m["meeting_id"],
                "event_type": m["event_type"],
                "format": m["format"],
                "series": m.get("series"),
                "ordinal": m.get("ordinal"),
                "countries": sorted(m["countries"]),
                "status": m["status"],
                "date": day,
                "year": year,
                "month": month,
                "date_precision": precision,
                "date_source": "baseline" if precision else None,
                "date_as_quoted": m.get("date_as_quoted"),
                "city": m.get("city"),
                "host_country": m.get("host_country"),
                "title": m.get("title"),
                "topics": m.get("topics"),
                "outcome": m.get("outcome"),
                "provenance": "baseline",
                "first_seen_at": as_of,
                "updated_at": as_of,
                "run_id": None,
            }
        )
        for p in m.get("participants", []):
            participations.append(
                {
                    "meeting_id": m["meeting_id"],
                    "person_id": p["person_id"],
                    "country": p["country"],
                    "title": p["title"],
                    "provenance": "baseline",
                    "doc_id": None,
                }
            )
        if m.get("snippet"):
            mentions.append(
                {
                    "mention_id": "baseline:" + m["meeting_id"],
                    "meeting_id": m["meeting_id"],
                    "doc_id": None,
                    "story_id": None,
                    "source_url": None,
                    "language": "en",
                    "role": "report",
                    "event_type_claimed": m["event_type"],
                    "status_claimed": m["status"],
                    "date_claimed": day,
                    "year_claimed": year,
                    "month_claimed": month,
                    "date_precision_claimed": precision,
                    "date_source_claimed": "baseline" if precision else None,
                    "date_as_quoted": m.get("date_as_quoted"),
                    "city_claimed": m.get("city"),
                    "host_country_claimed": m.get("host_country"),
                    "ordinal_claimed": m.get("ordinal"),
                    "published_date": None,
                    "snippet": m["snippet"],
                    "provenance": "baseline",
                    "extractor_version": None,
                    "run_id": None,
                }
            )
    links = [
        {
            "from_meeting_id": ln["from"],
            "to_meeting_id": ln["to"],
            "relation": ln["relation"],
            "provenance": "baseline",
        }
        for ln in data.get("link", [])
    ]
    figures = []
    for f in data.get("trade_figure", []):
        figures.append(
            {
                "figure_id": figure_id(
                    f["scope"],
                    f.get("period"),
                    f.get("value"),
                    f["unit"],
                    f.get("change_pct"),
                    "baseline",
                ),
                "scope": f["scope"],
                "year": f.get("year"),
                "period": f.get("period"),
                "period_kind": f["period_kind"],
                "value": f.get("value"),
                "unit": f["unit"],
                "qualifier": f["qualifier"],
                "change_pct": f.get("change_pct"),
                "as_quoted": f["as_quoted"],
                "reported_by": f.get("reported_by", data.get("reported_by")),
                "doc_id": None,
                "story_id": None,
                "meeting_id": f.get("meeting_id"),
                "provenance": "baseline",
                "run_id": None,
            }
        )
    results = [
        merge_rows(con, "meetings", meetings, ["meeting_id"], mode="insert_missing"),
        merge_rows(
            con,
            "meeting_links",
            links,
            ["from_meeting_id", "to_meeting_id", "relation"],
            mode="insert_missing",
        ),
        merge_rows(
            con,
            "participations",
            participations,
            ["meeting_id", "person_id"],
            mode="insert_missing",
        ),
        merge_rows(con, "meeting_mentions", mentions, ["mention_id"], mode="insert_missing"),
        merge_rows(con, "trade_figures", figures, ["figure_id"], mode="insert_missing"),
    ]
    return LoadCounts(sum(r["inserted"] for r in results), sum(r["updated"] for r in results))


def initialise(con: duckdb.DuckDBPyConnection, registry: Registry | None = None) -> LoadCounts:
    """Everything `carta init` loads, in one transaction."""
    with transaction(con):
        reg = load_registry_tables(con, registry or default_registry())
        base = load_baseline(con)
    return LoadCounts(reg.inserted + base.inserted, reg.updated + base.updated)


__all__ = ["LoadCounts", "initialise", "load_baseline", "load_registry_tables"]
