"""Accuracy gate for the extractor, in the manner of trafilatura's eval_gate.py.

Scores `normalise.extract` on the hand-checked corpus (../shared/corpus/dev by default, or
CARTA_CORPUS / --corpus) and fails when a field falls below its pinned floor. Floors only ever
go up: raise them when the extractor improves; never lower one to pass.

    uv run python tests/eval_gate.py [--corpus DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from normalise.extract import extract  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"

# Pinned floors (measured on the dev corpus; see the last run's report). Raise, never lower.
FLOORS: dict[str, float] = {
    # issue floors: relevance 0.95, fields 0.90, participants 0.90, trade 0.85; raised to just
    # under what the extractor reached on the dev corpus (every field at 1.000 on 68 cases)
    "relevance_precision": 0.97,
    "relevance_recall": 0.97,
    "event_type": 0.95,
    "status": 0.95,
    "date": 0.94,
    "city": 0.95,
    "ordinal": 0.90,
    "participant_countries_f1": 0.95,
    "trade_figures_f1": 0.92,
}
MAX_INVENTED_DATES = 0


@dataclass
class Score:
    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, case: str, detail: str = "") -> None:
        self.total += 1
        if ok:
            self.hits += 1
        else:
            self.misses.append(f"{case}: {detail}" if detail else case)

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0


@dataclass
class F1:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def value(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_cases(corpus: Path) -> list[dict[str, Any]]:
    cases = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.json"))]
    if not cases:
        raise SystemExit(f"no cases in {corpus}")
    return cases


def _figure_matches(exp: dict[str, Any], got: dict[str, Any]) -> bool:
    if exp.get("scope") != got.get("scope") or exp.get("year") != got.get("year"):
        return False
    ev, gv = exp.get("value"), got.get("value")
    if ev is not None:
        return gv is not None and got.get("unit") in (None, "USD") and abs(gv - ev) <= 0.01 * ev
    ec, gc = exp.get("change_pct"), got.get("change_pct")
    return ec is not None and gc is not None and abs(float(ec) - float(gc)) <= 0.05


def _match_figures(
    expected: list[dict[str, Any]], got: list[dict[str, Any]]
) -> tuple[int, int, int]:
    remaining = list(got)
    tp = 0
    for exp in expected:
        hit = next((g for g in remaining if _figure_matches(exp, g)), None)
        if hit is not None:
            remaining.remove(hit)
            tp += 1
    return tp, len(remaining), len(expected) - tp


def evaluate(cases: Iterable[dict[str, Any]]) -> dict[str, Any]:
    rel = F1()
    fields = {k: Score() for k in ("event_type", "status", "date", "city", "ordinal")}
    parts = F1()
    trade = F1()
    invented: list[str] = []
    for case in cases:
        cid = case["id"]
        exp = case["expected"]
        got = extract(
            case["text"], url=case.get("url") or None, published=case.get("published")
        ).to_json()
        if exp["relevant"] and got["relevant"]:
            rel.tp += 1
        elif got["relevant"]:
            rel.fp += 1
            rel.misses.append(f"{cid}: false positive")
        elif exp["relevant"]:
            rel.fn += 1
            rel.misses.append(f"{cid}: missed")
        e_ev = (exp.get("events") or [None])[0]
        g_ev = (got.get("events") or [None])[0]
        if e_ev is not None:
            for name, score in fields.items():
                want = e_ev.get(name)
                if want is None and name in ("date", "city", "ordinal"):
                    continue
                have = g_ev.get(name) if g_ev else None
                score.add(have == want, cid, f"expected {want!r}, got {have!r}")
            if e_ev.get("date") is None and g_ev and g_ev.get("date") is not None:
                invented.append(f"{cid}: {g_ev['date']}")
            e_c = {p["country"] for p in e_ev.get("participants") or []}
            g_c = {p["country"] for p in (g_ev or {}).get("participants") or []}
            parts.tp += len(e_c & g_c)
            parts.fp += len(g_c - e_c)
            parts.fn += len(e_c - g_c)
            if e_c != g_c:
                parts.misses.append(f"{cid}: expected {sorted(e_c)}, got {sorted(g_c)}")
        tp, fp, fn = _match_figures(exp.get("trade_figures") or [], got["trade_figures"])
        trade.tp += tp
        trade.fp += fp
        trade.fn += fn
        if fp or fn:
            trade.misses.append(
                f"{cid}: expected "
                + json.dumps(
                    [
                        (f["scope"], f["year"], f["value"], f["change_pct"])
                        for f in exp.get("trade_figures") or []
                    ]
                )
                + " got "
                + json.dumps(
                    [
                        (f["scope"], f["year"], f["value"], f["change_pct"])
                        for f in got["trade_figures"]
                    ]
                )
            )
    return {
        "relevance_precision": rel.precision,
        "relevance_recall": rel.recall,
        **{k: v.value for k, v in fields.items()},
        "participant_countries_f1": parts.value,
        "trade_figures_f1": trade.value,
        "invented_dates": len(invented),
        "_misses": {
            "relevance": rel.misses,
            **{k: v.misses for k, v in fields.items()},
            "participant_countries": parts.misses,
            "trade_figures": trade.misses,
            "invented_dates": invented,
        },
        "_counts": {k: v.total for k, v in fields.items()},
    }


def failures(result: dict[str, Any]) -> list[str]:
    out = [
        f"{name} {result[name]:.3f} < floor {floor:.3f}"
        for name, floor in FLOORS.items()
        if result[name] < floor
    ]
    if result["invented_dates"] > MAX_INVENTED_DATES:
        out.append(f"invented dates {result['invented_dates']} > {MAX_INVENTED_DATES}")
    return out


def report(result: dict[str, Any], verbose: bool = False) -> str:
    lines = []
    for name, floor in FLOORS.items():
        mark = "ok  " if result[name] >= floor else "FAIL"
        count = result["_counts"].get(name)
        extra = f" (of {count} cases)" if count is not None else ""
        lines.append(f"{mark} {name:26s} {result[name]:.3f}  floor {floor:.2f}{extra}")
    mark = "ok  " if result["invented_dates"] <= MAX_INVENTED_DATES else "FAIL"
    lines.append(f"{mark} {'invented_dates':26s} {result['invented_dates']}")
    if verbose:
        for name, misses in result["_misses"].items():
            for miss in misses:
                lines.append(f"  {name}: {miss}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--corpus", type=Path, default=Path(os.environ.get("CARTA_CORPUS", DEFAULT_CORPUS))
    )
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    result = evaluate(load_cases(args.corpus))
    print(report(result, args.verbose))
    bad = failures(result)
    if bad:
        print("gate FAILED: " + "; ".join(bad))
        return 1
    print("gate passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
