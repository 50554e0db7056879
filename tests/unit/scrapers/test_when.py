"""A page's date and time as the site writes them, in the site's own time zone."""

from __future__ import annotations

from datetime import timedelta

from carta.core.dates import PartialDate
from scrapers.when import read_when


def test_a_date_and_time_are_read_in_the_sites_zone() -> None:
    day, at = read_when("11.04.2025 14:30", tz="Asia/Almaty")
    assert day == PartialDate(2025, 4, 11, "text", "11.04.2025")
    assert at is not None and at.hour == 14 and at.utcoffset() == timedelta(hours=5)


def test_a_date_alone_has_no_time() -> None:
    day, at = read_when("11 апреля 2025", tz="Europe/Moscow")
    assert day is not None and day.iso() == "2025-04-11" and at is None


def test_an_explicit_offset_wins_over_the_sites_zone() -> None:
    _, at = read_when("2025-04-11T14:30:00+03:00", tz="Asia/Almaty")
    assert at is not None and at.utcoffset() == timedelta(hours=3)


def test_no_text_no_date() -> None:
    assert read_when(None, tz="Asia/Almaty") == (None, None)
