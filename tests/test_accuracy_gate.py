"""The accuracy gate: the extractor stays at or above the floors pinned in
`tests/eval_baseline.json`, on the corpus those floors were pinned on; and the gate itself
refuses a changed corpus, a lowered floor and an invented date."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests import eval_gate


def test_extractor_meets_pinned_floors() -> None:
    baseline = eval_gate.read_baseline()
    problems = eval_gate.baseline_problems(baseline, eval_gate.CORPUS_ROOT)
    results, total = eval_gate.evaluate()
    problems += eval_gate.failures(total, baseline)
    assert not problems, "\n".join(problems) + "\n" + eval_gate.report(results, baseline, True)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the pinned corpus, to change."""
    root = tmp_path / "corpus"
    for name in eval_gate.FOLDERS:
        shutil.copytree(eval_gate.CORPUS_ROOT / name, root / name)
    return root


def test_a_changed_corpus_fails_with_a_clear_message(corpus: Path) -> None:
    baseline = eval_gate.read_baseline()
    assert eval_gate.baseline_problems(baseline, corpus) == []
    case = sorted((corpus / "dev2").glob("*.json"))[0]
    data = json.loads(case.read_text(encoding="utf-8"))
    data["expected"]["relevant"] = not data["expected"]["relevant"]
    case.write_text(json.dumps(data), encoding="utf-8")
    problems = eval_gate.baseline_problems(baseline, corpus)
    assert len(problems) == 1 and problems[0].startswith("corpus 'dev2' is not the one")


def test_a_removed_file_changes_the_digest(corpus: Path) -> None:
    before = eval_gate.corpus_digest(corpus / "dev")
    sorted((corpus / "dev").glob("*.json"))[-1].unlink()
    after = eval_gate.corpus_digest(corpus / "dev")
    assert after["files"] == before["files"] - 1 and after["sha256"] != before["sha256"]


def test_a_floor_lowered_under_the_minimum_fails() -> None:
    baseline: dict[str, Any] = json.loads(json.dumps(eval_gate.read_baseline()))
    baseline["floors"]["date"] = 0.5
    problems = eval_gate.baseline_problems(baseline, eval_gate.CORPUS_ROOT)
    assert problems == ["floor date 0.500 was lowered under the minimum 0.95"]


def test_pin_never_lowers_a_floor(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "baseline.json"
    shutil.copy(eval_gate.BASELINE, path)
    pinned = eval_gate.read_baseline(path)["floors"]
    worse = {**{m: pinned[m] for m in eval_gate.METRICS}, "invented_dates": 0}
    worse["city"] = pinned["city"] - 0.05
    with pytest.raises(SystemExit, match="floors only go up"):
        eval_gate.pin(worse, corpus, path)
    better = {m: min(1.0, pinned[m] + 0.02) for m in eval_gate.METRICS}
    floors = eval_gate.pin({**better, "invented_dates": 0}, corpus, path)["floors"]
    assert all(floors[m] >= pinned[m] for m in eval_gate.METRICS)


def test_an_invented_date_fails_the_gate() -> None:
    baseline = eval_gate.read_baseline()
    total = {m: 1.0 for m in eval_gate.METRICS} | {"invented_dates": 1}
    assert eval_gate.failures(total, baseline) == ["invented dates 1 > 0"]


def test_a_date_where_none_is_fixed_counts_against_date() -> None:
    case = {
        "id": "x",
        "_folder": "dev",
        "language": "en",
        "expected": {
            "relevant": True,
            "events": [
                {
                    "event_type": "phone_call",
                    "countries": ["KZ", "RU"],
                    "status": "held",
                    "date": None,
                    "city": None,
                    "ordinal": None,
                    "participants": [],
                }
            ],
            "trade_figures": [],
        },
    }
    got = {
        "relevant": True,
        "events": [
            {
                "event_type": "phone_call",
                "countries": ["KZ", "RU"],
                "status": "held",
                "date": "2025-01-02",
                "city": None,
                "ordinal": None,
                "participants": [],
            }
        ],
        "trade_figures": [],
    }
    res = eval_gate.score_case(case, got)
    assert res.fields["date"] is False and res.invented_date
    assert res.fields["city"] is None  # neither side has one: not scored
