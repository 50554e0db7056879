"""How corrections act on what resolution decided: typed values, merges followed to their end,
splits by story, the later of two corrections of a field winning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from carta.core.dates import PartialDate
from carta.core.meetings import Correction, MeetingState
from normalise.corrections import CorrectionError, apply, merged_into, parse_value, split_id, target

T0 = datetime(2026, 12, 1, tzinfo=UTC)
STATE = MeetingState(
    "m",
    "bilateral_talks",
    "bilateral",
    None,
    None,
    ("KZ", "RU"),
    "held",
    PartialDate(2025, 4),
    "Astana",
    "KZ",
)


def _c(n: int, mid: str, action: str, field: str | None, value: str | None) -> Correction:
    return Correction(f"cx-{n}", mid, action, field, value, "why", "a", T0 + timedelta(minutes=n))


def test_values_are_typed_and_checked() -> None:
    assert parse_value("date", "2025-04") == PartialDate(2025, 4, None, "analyst", "2025-04")
    assert parse_value("ordinal", "9") == 9
    assert parse_value("city", "Ashgabat") == "Ashgabat"
    for field, value in [
        ("date", "2025-13"),
        ("date", "11.04.2025"),
        ("ordinal", "0"),
        ("status", "done"),
        ("host_country", "Kazakhstan"),
        ("topic", "x"),
    ]:
        with pytest.raises(CorrectionError):
            parse_value(field, value)


def test_the_later_correction_of_a_field_wins_and_provenance_is_kept() -> None:
    done = apply(
        STATE,
        [
            _c(2, "m", "set", "city", "Almaty"),
            _c(1, "m", "set", "city", "Turkestan"),
            _c(3, "other", "set", "city", "Osh"),
        ],
    )
    assert done.city == "Almaty" and done.corrected == ("city",) and done.withdrawn is None


def test_a_merged_or_irrelevant_meeting_is_withdrawn_with_its_reason() -> None:
    assert apply(STATE, [_c(1, "m", "merge", None, "n")]).withdrawn == "merged into n (a: why)"
    assert (
        apply(STATE, [_c(1, "m", "not_relevant", None, None)]).withdrawn == "not relevant (a: why)"
    )


def test_merges_are_followed_to_their_end_and_a_circle_is_refused() -> None:
    chain = [_c(1, "a", "merge", None, "b"), _c(2, "b", "merge", None, "c")]
    assert merged_into(chain) == {"a": "c", "b": "c"}
    assert target("a", "s1", chain) == "c"
    with pytest.raises(CorrectionError, match="circle"):
        merged_into([*chain, _c(3, "c", "merge", None, "a")])


def test_a_split_moves_only_its_story() -> None:
    found = [_c(1, "m", "split", None, "s2")]
    assert target("m", "s1", found) == "m"
    assert target("m", "s2", found) == split_id("m", "s2") != split_id("m", "s3")
