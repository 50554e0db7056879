"""An analyst's corrections, applied after resolution: pure functions of the corrections and of
what resolution decided, so a correction has the same effect on the night it is made, on every
later load and after any re-process from the archive.

- `set` replaces one field of the reconciled meeting (the value is checked by `parse_value`);
- `not_relevant` withdraws the meeting (kept, shown in the deletions, not in the timeline);
- `merge` sends every story of a meeting to another one, which is reconciled from all of them,
  and withdraws the first;
- `split` sends one story of a meeting to a meeting of its own (`split_id`);
- `add_participant` records a person at the meeting (written by the warehouse).

Later corrections of the same field win; a chain of merges is followed to its end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from carta.core import codes
from carta.core.dates import PartialDate
from carta.core.keys import stable_hash
from carta.core.meetings import Correction, MeetingState

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class CorrectionError(ValueError):
    """A correction that cannot be made as written; the message says why in one line."""


def parse_value(field: str, value: str) -> object:
    """The typed value of `--set field=value`, or a one-line `CorrectionError`."""
    if field not in codes.values(codes.CorrectableField):
        known = ", ".join(codes.values(codes.CorrectableField))
        raise CorrectionError(f"cannot set {field!r}: the fields that can be set are {known}")
    if field == "date":
        m = _ISO.match(value)
        if not m:
            raise CorrectionError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in m.groups())
        try:
            date(year or 0, month or 1, day or 1)
        except ValueError:
            raise CorrectionError(f"date {value!r} is not a day of the calendar") from None
        return PartialDate(year, month, day, "analyst", value)
    if field == "ordinal":
        if not value.isdigit() or int(value) < 1:
            raise CorrectionError(f"ordinal {value!r} is not a positive whole number")
        return int(value)
    allowed = {"status": codes.MeetingStatus, "event_type": codes.EventType}.get(field)
    if allowed is not None and value not in codes.values(allowed):
        raise CorrectionError(f"{field} {value!r} is not one of {', '.join(codes.values(allowed))}")
    if field == "host_country" and not re.fullmatch(r"[A-Z]{2}", value):
        raise CorrectionError(f"host_country {value!r} is not a two-letter country code (KZ)")
    if not value.strip():
        raise CorrectionError(f"{field} cannot be set to an empty value")
    return value


def split_id(meeting_id: str, story_id: str) -> str:
    """The id of the meeting a story split out of `meeting_id` becomes."""
    return f"{meeting_id}~{stable_hash(story_id, length=8)}"


def merged_into(corrections: Iterable[Correction]) -> dict[str, str]:
    """Each merged meeting -> the meeting it ends in (chains followed, cycles refused)."""
    step = {
        c.meeting_id: str(c.value) for c in sorted(corrections, key=_order) if c.action == "merge"
    }
    out = {}
    for start in step:
        seen, here = {start}, step[start]
        while here in step:
            if here in seen:
                raise CorrectionError(f"merges of {start} run in a circle through {here}")
            seen.add(here)
            here = step[here]
        out[start] = here
    return out


def target(meeting_id: str, story_id: str | None, corrections: Sequence[Correction]) -> str:
    """The meeting a story's claim about `meeting_id` counts for, after merges and splits."""
    merges = merged_into(corrections)
    here = merges.get(meeting_id, meeting_id)
    for c in sorted(corrections, key=_order):
        if c.action == "split" and c.meeting_id == here and story_id and c.value == story_id:
            here = split_id(here, story_id)
    return here


def apply(state: MeetingState, corrections: Iterable[Correction]) -> MeetingState:
    """The meeting as its corrections leave it (those of other meetings are ignored)."""
    mine = sorted((c for c in corrections if c.meeting_id == state.meeting_id), key=_order)
    corrected = list(state.corrected)
    withdrawn = state.withdrawn
    for c in mine:
        if c.action == "set" and c.field and c.value is not None:
            update: dict[str, Any] = {c.field: parse_value(c.field, c.value)}
            state = replace(state, **update)
            corrected.append(c.field)
        elif c.action == "not_relevant":
            withdrawn = f"not relevant ({c.author}: {c.why})"
        elif c.action == "merge":
            withdrawn = f"merged into {c.value} ({c.author}: {c.why})"
    return replace(state, corrected=tuple(sorted(set(corrected))), withdrawn=withdrawn)


def _order(c: Correction) -> tuple[object, str]:
    return (c.made_at, c.correction_id)
