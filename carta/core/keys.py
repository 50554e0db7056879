"""Deterministic keys: each derived from the content it identifies, so a reload is a no-op."""

from __future__ import annotations

import hashlib


def stable_hash(*parts: object, length: int = 16) -> str:
    """A short hex digest of `parts`; None and '' are distinct, order matters."""
    h = hashlib.sha256()
    for part in parts:
        h.update(b"\x1f" if part is None else repr(part).encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:length]


def series_meeting_id(series: str, ordinal: int) -> str:
    """`ca_russia_fm-08`: the ordinal identifies a meeting within its series."""
    return f"{series}-{ordinal:02d}"


def figure_id(
    scope: str,
    period: str | None,
    value: float | None,
    unit: str | None,
    change_pct: float | None,
    source: str,
) -> str:
    """A figure is one source's statement of one value for one scope and period."""
    rounded = None if value is None else round(value, 2)
    return "tf-" + stable_hash(scope, period, rounded, unit, change_pct, source)
