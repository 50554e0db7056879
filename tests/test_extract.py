"""The extractor on texts written for these tests (never third-party text), in the languages the
ministries publish in, and on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from carta.extract_cmd import extract_line
from normalise.extract import extract
from normalise.text import InputError
from tests.conftest import run_carta

DATA = Path(__file__).with_name("data")
CASES = json.loads((DATA / "extract_cases.json").read_text(encoding="utf-8"))
ALMATY = json.loads((DATA / "almaty_reports.json").read_text(encoding="utf-8"))


def _run(case: dict[str, Any]) -> dict[str, Any]:
    return extract(
        case["text"], url=case.get("url"), published=case.get("published"), lang=case.get("lang")
    ).to_json()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    got = _run(case)
    want = case["expect"]
    assert got["relevant"] is want["relevant"]
    event = got["events"][0] if got["events"] else None
    if want["relevant"]:
        assert event is not None
        for key in ("event_type", "countries", "ordinal", "status", "date", "city"):
            if key in want:
                assert event[key] == want[key], key
        if "participants" in want:
            assert sorted({p["country"] for p in event["participants"]}) == sorted(
                want["participants"]
            )
    else:
        assert got["events"] == []
    for exp, fig in zip(want.get("trade", []), got["trade_figures"], strict=True):
        assert (fig["scope"], fig["year"]) == (exp["scope"], exp["year"])
        assert fig["value"] == pytest.approx(exp["value"])
        if "unit" in exp:
            assert fig["unit"] == exp["unit"]
        if "change_pct" in exp:
            assert fig["change_pct"] == pytest.approx(exp["change_pct"])


@pytest.mark.parametrize("case", ALMATY, ids=[c["url"].rsplit("/", 1)[-1] for c in ALMATY])
def test_every_almaty_report_reads_as_the_eighth_meeting(case: dict[str, Any]) -> None:
    event = _run(case)["events"][0]
    assert event["event_type"] == "ministerial_meeting"
    assert event["countries"] == ["KG", "KZ", "RU", "TJ", "TM", "UZ"]
    assert event["date"] == "2025-04-11"
    assert (event["city"], event["host_country"]) == ("Almaty", "KZ")
    assert event["status"] == "held"
    assert event["ordinal"] in (8, None)


def test_relative_dates_never_invented_without_a_publication_date() -> None:
    text = (
        "Сегодня в Москве Сергей Лавров провел переговоры с главой МИД Узбекистана "
        "Бахтиёром Саидовым."
    )
    undated = extract(text).to_json()["events"][0]
    assert undated["date"] is None and undated["date_precision"] is None
    dated = extract(text, published="2025-05-22").to_json()["events"][0]
    assert (dated["date"], dated["date_source"]) == ("2025-05-22", "published")


def test_month_without_a_day_is_kept_as_a_month_not_the_first() -> None:
    text = (
        "The second Central Asia – Russia summit will be held in Dushanbe in October 2025, "
        "Sergey Lavrov said."
    )
    event = extract(text, published="2025-08-01").to_json()["events"][0]
    assert event["date"] is None
    assert (event["date_partial"], event["date_precision"]) == ("2025-10", "month")
    assert event["status"] == "announced" and event["ordinal"] == 2


def test_html_input_reads_title_body_and_meta_date() -> None:
    html = (
        "<html lang='en'><head><meta property='article:published_time' content='2025-10-09'>"
        "<title>x</title><script>var a = 'summit';</script></head><body><nav>Menu Home</nav>"
        "<h1>Russia – Central Asia summit held in Dushanbe</h1><div class='text'>"
        "<p>The second Russia – Central Asia summit took place in Dushanbe today.</p>"
        "<p>President Vladimir Putin and President Emomali Rahmon met before the plenary.</p>"
        "</div><footer>Contacts</footer></body></html>"
    )
    got = extract_line({"html": html})
    event = got["events"][0]
    assert got["language"] == "en"
    assert (event["event_type"], event["ordinal"], event["date"]) == ("summit", 2, "2025-10-09")
    assert event["city"] == "Dushanbe"


@pytest.mark.parametrize("bad", [b"", b"   \n", b"\x00\x01\x02binary", b"\xff\xfe\x00\xd8\x00"])
def test_bad_input_is_a_typed_error(bad: bytes) -> None:
    with pytest.raises(InputError):
        extract(bad)


def test_cli_single_file_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(ALMATY[4]["text"], encoding="utf-8")
    res = run_carta("extract", str(good), "--published", "2025-04-11")
    assert res.returncode == 0, res.stderr
    record = json.loads(res.stdout)
    assert record["relevant"] is True and record["events"][0]["ordinal"] == 8
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x00\x00")
    bad = run_carta("extract", str(binary))
    assert bad.returncode == 65 and "binary" in bad.stderr
    empty = tmp_path / "c.txt"
    empty.write_bytes(b"")
    assert run_carta("extract", str(empty)).returncode == 65


def test_cli_batch_keeps_order_and_marks_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": c["text"], "url": c["url"], "published": c["published"]})
        for c in ALMATY[:3]
    ]
    lines.insert(1, "{not json")
    lines.insert(3, json.dumps({"text": ""}))
    lines.append(
        json.dumps({"html": "<p>Lavrov met Saidov in Moscow today.</p>", "published": "not a date"})
    )
    batch = tmp_path / "in.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = run_carta("extract", "--batch", str(batch))
    assert res.returncode == 65, res.stderr  # lines failed: the batch says so in its exit code
    assert "3 line(s)" in res.stderr
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(out) == 6
    assert [("error" in o) for o in out] == [False, True, False, True, False, True]
    assert out[0]["events"][0]["ordinal"] == 8
    assert "JSONDecodeError" in out[1]["error"]
    assert "empty" in out[3]["error"]
    assert "publication date" in out[5]["error"]


def test_gate_patterns_run_case_sensitively_on_lowered_text() -> None:
    import re

    from normalise.extract import on_lowered

    with pytest.raises(ValueError, match="capital letters"):
        on_lowered(re.compile(r"\bSummit", re.IGNORECASE))
    lowered = on_lowered(re.compile(r"\w+ summit\S*", re.IGNORECASE))
    assert not lowered.flags & re.IGNORECASE
    assert lowered.search("the summit's end") and not lowered.search("The Summit")


def test_carta_extract_reads_the_readme_baseline_sentence(tmp_path: Path) -> None:
    """The README's own words for the baseline figure, currency first, through the command."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    paragraph = " ".join(readme.split("\n\n")[2].split())  # "A new warehouse already holds ..."
    assert "USD 44.7 billion" in paragraph
    path = tmp_path / "readme.txt"
    path.write_text(paragraph, encoding="utf-8")
    res = run_carta("extract", str(path))
    assert res.returncode == 0, res.stderr
    figures = [
        (f["scope"], f["year"], f["value"], f["unit"], f["change_pct"])
        for f in json.loads(res.stdout)["trade_figures"]
    ]
    assert figures == [("RU-CA", 2024, pytest.approx(44.7e9), "USD", pytest.approx(11.3))]
