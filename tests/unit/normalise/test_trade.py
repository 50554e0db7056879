"""A story states a figure once: a headline and its body that agree are one figure."""

from __future__ import annotations

from carta.core.extraction import TradeFigure
from normalise.trade import dedupe_figures


def _fig(
    value: float | None, change: float | None, year: int | None = 2024, scope: str = "RU-CA"
) -> TradeFigure:
    period = str(year) if year else None
    return TradeFigure(scope, year, period, "year", value, "USD", "exact", change, "as quoted")


def test_a_headline_without_its_year_is_the_bodys_figure() -> None:
    body, headline = _fig(44.7e9, None), _fig(44.8e9, None, year=None)
    assert dedupe_figures([headline, body]) == [body]


def test_a_change_alone_completes_the_figure_of_its_year() -> None:
    figure, change = _fig(44.7e9, None), _fig(None, 11.3)
    assert dedupe_figures([figure, change]) == [_fig(44.7e9, 11.3)]


def test_a_rounded_change_restates_the_precise_one() -> None:
    precise, rounded = _fig(None, 16.6), _fig(None, 17.0)
    assert dedupe_figures([precise, rounded]) == [precise]


def test_figures_of_other_years_or_pairs_stay_apart() -> None:
    figures = [_fig(44.7e9, None), _fig(40.1e9, None, year=2023), _fig(28e9, None, scope="RU-KZ")]
    assert dedupe_figures(figures) == figures
