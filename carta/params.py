"""What a run may be asked to do, checked before anything expensive starts.

The same models are the flows' parameters (so the Prefect form shows their descriptions, the
known source ids as a choice, and dates as dates) and what the command line builds from its
options, so a bad source id, a date in the future or dates out of order read the same on both
paths, and the command line refuses them before Prefect's server starts or a page is fetched.
This module imports neither Prefect nor the extractor: it must stay quick to load.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from scrapers.config import ConfigError, load_config

EARLIEST = date(1991, 1, 1)  # before the Central Asian ministries existed nothing can be read
BATCH_SIZES = (10, 10_000)
LANG_DIR = Path(__file__).resolve().parent.parent / "normalise" / "data" / "lang"


def languages() -> list[str]:
    """The languages the extractor has a data file for (ISO 639-1)."""
    return sorted(p.stem for p in LANG_DIR.glob("*.toml") if p.stem != "concepts")


def _configured_ids() -> list[str]:
    """Source ids for the parameter form's choice: the shipped configuration with
    $CARTA_SOURCES over it (what `carta serve` and its runs read). A broken override leaves the
    form without a choice; the run itself then says what is wrong with the file."""
    try:
        return sorted(load_config().sources)
    except ConfigError:
        return []


def _ids_schema(schema: dict[str, Any]) -> None:
    """The parameter form's choice of source ids, read when the schema is made (at deploy time,
    after `carta serve --config` has named the configuration), not when this module loads."""
    ids = _configured_ids()
    if ids:
        schema["items"] = {"type": "string", "enum": ids}


def check_sources(wanted: list[str], config: str | None) -> list[str]:
    """`wanted` as given, each one a source of the configuration the run will read."""
    known = load_config(config).sources
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise ValueError(
            f"unknown source(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return wanted


def check_day(value: date, what: str) -> date:
    """A day a listing can be read back to: not before 1991 and not after today."""
    if value > date.today():
        raise ValueError(f"{what} {value.isoformat()} is in the future")
    if value < EARLIEST:
        raise ValueError(f"{what} {value.isoformat()} is before {EARLIEST.isoformat()}")
    return value


def one_line(exc: ValidationError) -> str:
    """A model's validation errors as one line, in carta's words rather than pydantic's."""
    parts = []
    for err in exc.errors():
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        loc = ".".join(str(x) for x in err.get("loc", ()) if x != "__root__")
        parts.append(msg if not loc or msg.startswith((loc, "unknown source")) else f"{loc}: {msg}")
    return "; ".join(parts)


class RunParams(BaseModel):
    """Read the ministries' news sections and load what is new."""

    sources: list[str] = Field(
        default_factory=list,
        description="Source ids to read, e.g. ['mid_ru', 'mfa_tj']; empty means every enabled "
        "source.",
        json_schema_extra=_ids_schema,
    )
    db: str | None = Field(
        default=None, description="Warehouse file; default $CARTA_DB or data/carta.duckdb."
    )
    config: str | None = Field(
        default=None,
        description="Source configuration override (TOML); default $CARTA_SOURCES.",
    )

    @model_validator(mode="after")
    def _known_sources(self) -> RunParams:
        if self.sources:
            check_sources(self.sources, self.config)
        return self


class BackfillParams(RunParams):
    """Walk each source's listing back to `since` where the site and robots.txt allow it."""

    since: date = Field(description="Walk back to this publication date (inclusive).")
    until: date | None = Field(
        default=None,
        description="Ignore documents published after this date (default: keep everything).",
    )

    @field_validator("since")
    @classmethod
    def _since(cls, value: date) -> date:
        return check_day(value, "since")

    @model_validator(mode="after")
    def _ordered(self) -> BackfillParams:
        if self.until is not None and self.until < self.since:
            raise ValueError(
                f"until {self.until.isoformat()} is before since {self.since.isoformat()}"
            )
        return self


class ReprocessParams(BaseModel):
    """Re-parse and re-extract the raw archive without fetching (after a parser, extractor or
    registry change) and load the differences."""

    sources: list[str] = Field(
        default_factory=list,
        description="Source ids; empty means every source in the archive.",
        json_schema_extra=_ids_schema,
    )
    since: date | None = Field(
        default=None, description="Only documents published (or first seen) on or after this."
    )
    db: str | None = Field(default=None, description="Warehouse file.")
    config: str | None = Field(default=None, description="Source configuration override.")
    batch_size: int = Field(
        default=500,
        ge=BATCH_SIZES[0],
        le=BATCH_SIZES[1],
        description=f"Documents per batch ({BATCH_SIZES[0]}-{BATCH_SIZES[1]}).",
    )

    @field_validator("since")
    @classmethod
    def _since(cls, value: date | None) -> date | None:
        return None if value is None else check_day(value, "since")

    @field_validator("batch_size", mode="before")
    @classmethod
    def _batch_size(cls, value: Any) -> Any:
        low, high = BATCH_SIZES
        if isinstance(value, int) and not low <= value <= high:
            raise ValueError(f"batch_size must be from {low} to {high}, got {value}")
        return value

    @model_validator(mode="after")
    def _known_sources(self) -> ReprocessParams:
        if self.sources:
            check_sources(self.sources, self.config)
        return self
