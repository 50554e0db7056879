"""Words of the language files, read: ordinals and weekdays in each language."""

from __future__ import annotations

import pytest

from normalise.lexicon import ordinal_of, weekday_of


@pytest.mark.parametrize(
    ("token", "n"), [("восьмое", 8), ("8th", 8), ("sixth", 6), ("восьмой", 8), ("VIII", None)]
)
def test_ordinals(token: str, n: int | None) -> None:
    assert ordinal_of(token) == n


@pytest.mark.parametrize(("word", "day"), [("friday", 4), ("пятницу", 4), ("жұма", 4)])
def test_weekdays_count_from_monday(word: str, day: int) -> None:
    assert weekday_of(word) == day
