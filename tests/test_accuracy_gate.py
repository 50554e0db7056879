"""The accuracy gate: the extractor must stay at or above its pinned floors on the dev corpus."""

from __future__ import annotations

from tests import eval_gate


def test_extractor_meets_pinned_floors() -> None:
    result = eval_gate.evaluate(eval_gate.load_cases(eval_gate.DEFAULT_CORPUS))
    problems = eval_gate.failures(result)
    assert not problems, eval_gate.report(result, verbose=True)
