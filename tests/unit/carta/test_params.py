"""Run parameters, checked before anything slow starts, with one line saying what is wrong."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from carta.params import BackfillParams, ReprocessParams, check_day, one_line


def test_a_day_in_the_future_or_before_1991_is_refused() -> None:
    tomorrow = date.today() + timedelta(days=2)
    with pytest.raises(ValueError, match="is in the future"):
        check_day(tomorrow, "since")
    with pytest.raises(ValueError, match="1991"):
        check_day(date(1990, 12, 31), "since")
    assert check_day(date(2025, 4, 11), "since") == date(2025, 4, 11)


def test_until_before_since_is_one_line() -> None:
    with pytest.raises(ValidationError) as err:
        BackfillParams(since=date(2025, 5, 1), until=date(2025, 4, 1))
    assert one_line(err.value) == "until 2025-04-01 is before since 2025-05-01"


def test_a_batch_size_out_of_range_is_refused() -> None:
    with pytest.raises(ValidationError):
        ReprocessParams(batch_size=5)
    assert ReprocessParams(batch_size=500).batch_size == 500
