"""Corrections and the meetings' history, as rows: what an analyst said of a meeting (who, when,
why), and every change to a meeting's fields with its reason. How a correction acts is decided
in `normalise.corrections`; the load that applies it is composed in `carta.loading`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

import duckdb
import pandas as pd

from carta.core.meetings import Correction
from warehouse import queries
from warehouse.upsert import merge_rows

FIELDS = ("correction_id", "meeting_id", "action", "field", "value", "why", "author", "made_at")


@dataclass(frozen=True)
class Change:
    """One field of one meeting, before and after, and why it changed."""

    meeting_id: str
    field: str
    old_value: str | None
    new_value: str | None
    changed_at: datetime
    why: str  # codes.ChangeReason
    run_id: str | None
    detail: str | None = None


def _corrections(rows: Iterable[tuple[object, ...]]) -> list[Correction]:
    return [Correction(*row) for row in rows]  # type: ignore[arg-type]


def corrections_of(con: duckdb.DuckDBPyConnection, mids: Sequence[str]) -> list[Correction]:
    """The corrections that act on these meetings (their own, and merges into them)."""
    if not mids:
        return []
    return _corrections(queries.run(con, "corrections_of", ids=list(mids)).fetchall())


def all_corrections(con: duckdb.DuckDBPyConnection) -> list[Correction]:
    return _corrections(queries.run(con, "corrections_all").fetchall())


def add_corrections(con: duckdb.DuckDBPyConnection, corrections: Iterable[Correction]) -> int:
    """Store corrections (one already stored, by id, is left as it is); return how many are new."""
    rows = [{**asdict(c), "state": "applied", "checked_at": None} for c in corrections]
    return merge_rows(con, "corrections", rows, ["correction_id"], mode="insert_missing")[
        "inserted"
    ]


def mark_stale(con: duckdb.DuckDBPyConnection, now: datetime) -> list[Correction]:
    """Mark each correction applied or stale (its meeting gone); return the stale ones."""
    queries.run(con, "corrections_mark", now=now)
    return _corrections(queries.run(con, "corrections_stale").fetchall())


def move_claims(
    con: duckdb.DuckDBPyConnection, source: str, target: str, story: str | None = None
) -> None:
    """Make the stored claims of `source` (all, or one story's) count for `target`."""
    queries.run(con, "mentions_move", source=source, target=target, story=story)


def record_changes(con: duckdb.DuckDBPyConnection, changes: Sequence[Change]) -> None:
    if not changes:
        return
    frame = pd.DataFrame([asdict(c) for c in changes])
    frame["changed_at"] = pd.to_datetime(frame["changed_at"], utc=True)
    con.register("_carta_changes", frame)
    try:
        queries.run(con, "history_add")
    finally:
        con.unregister("_carta_changes")


def stories_of(con: duckdb.DuckDBPyConnection, mid: str) -> list[str]:
    """The stories whose claims count for this meeting."""
    return [str(s) for (s,) in queries.run(con, "meeting_stories", id=mid).fetchall()]


def listing(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple[object, ...]]]:
    """Every correction as `carta corrections list` shows it: columns and rows."""
    rel = queries.run(con, "corrections_list")
    return [d[0] for d in rel.description or ()], rel.fetchall()


def review(
    con: duckdb.DuckDBPyConnection, limit: int
) -> tuple[list[str], list[tuple[object, ...]]]:
    """The review queue (the `review_queue` view), most important first."""
    rel = queries.run(con, "review", limit=limit)
    return [d[0] for d in rel.description or ()], rel.fetchall()
