"""Stable ids: the same inputs give the same id on every run and machine; others do not."""

from __future__ import annotations

from carta.core.keys import figure_id, series_meeting_id, stable_hash


def test_a_hash_depends_on_every_part_and_only_on_them() -> None:
    assert stable_hash("a", 1) == stable_hash("a", 1)
    assert stable_hash("a", 1) != stable_hash("a", 2) != stable_hash("a1")
    assert len(stable_hash("a", length=8)) == 8


def test_a_numbered_meeting_is_named_by_its_series_and_ordinal() -> None:
    assert series_meeting_id("ca_russia_fm", 8) == "ca_russia_fm-08"


def test_a_figure_is_one_statement_of_one_story() -> None:
    one = figure_id("RU-CA", "2024", 44.7, "USD", 11.3, "story-1")
    assert one == figure_id("RU-CA", "2024", 44.7, "USD", 11.3, "story-1")
    assert one != figure_id("RU-CA", "2024", 44.7, "USD", 11.3, "story-2")
    assert one != figure_id("RU-KZ", "2024", 44.7, "USD", 11.3, "story-1")
