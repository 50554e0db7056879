"""Partial dates: as precise as the text, never more; and where each came from."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest

from carta.core.dates import (
    PartialDate,
    date_from_url,
    find_dates,
    month_of,
    parse_date,
    parse_datetime,
)


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("12 апреля 2025 г.", "2025-04-12", "day"),
        ("12 April 2025", "2025-04-12", "day"),
        ("2025-жылдын 12-апрели", "2025-04-12", "day"),
        ("April 2025", "2025-04", "month"),
        ("2025", "2025", "year"),
        # a day the month does not have is not read as a day: the month stays, honestly
        ("31 February 2025", "2025-02", "month"),
    ],
)
def test_a_date_is_as_precise_as_its_text(text: str, iso: str, precision: str) -> None:
    found = parse_date(text)
    assert found is not None
    assert (found.iso(), found.precision) == (iso, precision)


def test_a_month_is_never_turned_into_its_first_day() -> None:
    assert PartialDate(2025, 4).to_date() is None
    assert PartialDate(2025, 4, 11).to_date() == date(2025, 4, 11)
    assert PartialDate(None).precision is None and PartialDate(None).iso() is None


@pytest.mark.parametrize("word", ["April", "апреля", "сәуір", "aprel", "апрели"])
def test_month_names_of_each_language(word: str) -> None:
    assert month_of(word) == 4


def test_a_range_of_days_keeps_both_ends() -> None:
    (found,) = find_dates("9–10 октября 2024 года в Душанбе")
    assert (found.year, found.month, found.day, found.day_end) == (2024, 10, 9, 10)
    assert found.is_range and found.text == "9–10 октября 2024 года"


def test_a_url_dates_a_page_to_the_day_or_the_month() -> None:
    day = date_from_url("https://mid.ru/ru/news/2025/04/11/item")
    month = date_from_url("https://example.kz/2025/04/item")
    assert day is not None and day.iso() == "2025-04-11" and day.source == "url"
    assert month is not None and month.iso() == "2025-04"
    assert date_from_url("https://example.kz/news/12345") is None


def test_a_time_is_read_in_the_sites_zone() -> None:
    at = parse_datetime("11.04.2025 14:30", 5)
    assert at is not None and at.utcoffset() == timedelta(hours=5)
    assert at.astimezone(UTC).hour == 9
