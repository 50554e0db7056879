"""The night's chart: one bar per full year, implied years hatched, values labelled."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from warehouse.reports import CHART_BACKGROUND, trend_svg

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [
    {
        "year": 2023,
        "value_usd": 40.2e9,
        "basis": "implied",
        "reported_change_pct": None,
        "conflict": False,
    },
    {
        "year": 2024,
        "value_usd": 44.7e9,
        "basis": "reported",
        "reported_change_pct": 11.3,
        "conflict": False,
    },
]


def test_each_year_is_a_bar_with_its_value_and_the_implied_one_is_hatched() -> None:
    root = ET.fromstring(trend_svg(ROWS))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    titles = [r.findtext(f"{SVG}title") for r in bars]
    assert titles == ["2023: 40.2 bn (implied)", "2024: 44.7 bn (reported)"]
    assert bars[0].get("fill") == "url(#hatch)" and bars[1].get("fill") != "url(#hatch)"
    labels = {t.text for t in root.iter(f"{SVG}text")}
    assert {"40.2", "44.7", "2023", "2024"} <= labels
    # the taller bar is the larger value
    assert float(bars[1].get("height", 0)) > float(bars[0].get("height", 0))


def test_the_chart_draws_its_own_background_for_dark_and_light_pages() -> None:
    for svg in (trend_svg(ROWS), trend_svg([])):
        first = ET.fromstring(svg).find(f"{SVG}rect")
        assert first is not None and first.get("fill") == CHART_BACKGROUND


def test_no_figures_says_so() -> None:
    assert "no full-year figures yet" in trend_svg([])
