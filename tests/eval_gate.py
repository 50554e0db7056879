"""Accuracy gate for the extractor, in the manner of trafilatura's eval gate.

Scores the extractor on the hand-checked corpus (`../shared/corpus/dev` and `dev2`, 162 texts)
through exactly the path `carta extract --batch` takes, and fails when a field falls below the
floor pinned in `tests/eval_baseline.json` or when the corpus is not the one the floors were
pinned on. Floors only ever go up: `--pin` raises them to what was measured (less a small
margin) and refuses to lower one; the issue's minimums are written here as well, so a lowered
floor shows in two files of a review.

    uv run python tests/eval_gate.py [--verbose] [--corpus DIR ...] [--pin]

Scoring follows the corpus README: only the saved text is read (with `url` and `published` as
context); a date, city or ordinal given where the expected one is null counts as wrong, so those
fields are scored on every positive where either side has a value; trade figures match on scope,
year and value within 1% (or the change where no value is quoted).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from carta.extract_cmd import extract_line  # noqa: E402

CORPUS_ROOT = Path(os.environ.get("CARTA_CORPUS", ROOT.parent / "shared" / "corpus"))
FOLDERS = ("dev", "dev2")
BASELINE = Path(__file__).with_name("eval_baseline.json")

# The "done when" minimums: the pinned floors may never fall below these.
MINIMUM_FLOORS: dict[str, float] = {
    "relevance_precision": 0.97,
    "relevance_recall": 0.97,
    "event_type": 0.95,
    "status": 0.95,
    "countries": 0.95,
    "date": 0.95,
    "city": 0.95,
    "ordinal": 0.95,
    "participant_countries_f1": 0.95,
    "trade_figures_f1": 0.92,
}
METRICS = tuple(MINIMUM_FLOORS)
PIN_MARGIN = 0.01  # a pinned floor sits this far under the measured score (noise of one case)
OPTIONAL_FIELDS = ("date", "city", "ordinal")
EXACT_FIELDS = ("event_type", "status", "countries", *OPTIONAL_FIELDS)


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.hits += ok

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0


@dataclass
class F1:
    tp: int = 0
    fp: int = 0
    fn: int = 0

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


@dataclass
class CaseResult:
    """What one text scored, kept per case so any grouping (folder, language) can be summed."""

    case_id: str
    folder: str
    language: str
    relevance: str  # tp | fp | fn | tn
    fields: dict[str, bool | None] = field(default_factory=dict)  # None: not scored
    participants: tuple[int, int, int] = (0, 0, 0)
    trade: tuple[int, int, int] = (0, 0, 0)
    invented_date: bool = False
    misses: list[str] = field(default_factory=list)


def corpus_digest(folder: Path) -> dict[str, Any]:
    """Files and a SHA-256 over their names and bytes: a changed corpus is a different gate."""
    files = sorted(folder.glob("*.json"))
    h = hashlib.sha256()
    for p in files:
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
    return {"files": len(files), "sha256": h.hexdigest()}


def load_cases(folders: Iterable[Path]) -> list[dict[str, Any]]:
    cases = []
    for folder in folders:
        found = sorted(folder.glob("*.json"))
        if not found:
            raise SystemExit(f"eval gate: no cases in {folder}")
        for p in found:
            case = json.loads(p.read_text(encoding="utf-8"))
            case["_folder"] = folder.name
            cases.append(case)
    return cases


def language_of(case: dict[str, Any]) -> str:
    return str(case.get("language") or "?").split()[0]


def _figure_matches(exp: dict[str, Any], got: dict[str, Any]) -> bool:
    if exp.get("scope") != got.get("scope") or exp.get("year") != got.get("year"):
        return False
    ev, gv = exp.get("value"), got.get("value")
    if ev is not None:
        return gv is not None and got.get("unit") in (None, "USD") and abs(gv - ev) <= 0.01 * ev
    ec, gc = exp.get("change_pct"), got.get("change_pct")
    if ec is None:
        # a figure quoted in another currency (the value field holds dollars only): the
        # extractor keeps it in its own unit
        return gv is not None and got.get("unit") not in (None, "USD")
    return gc is not None and abs(float(ec) - float(gc)) <= 0.05


def match_figures(
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


def _field_value(event: dict[str, Any] | None, name: str) -> Any:
    if event is None:
        return None
    if name == "countries":
        return sorted(event.get("countries") or []) or None
    return event.get(name)


def _fig(f: dict[str, Any]) -> tuple[Any, ...]:
    return (f.get("scope"), f.get("year"), f.get("value"), f.get("change_pct"))


def score_case(case: dict[str, Any], got: dict[str, Any]) -> CaseResult:
    exp = case["expected"]
    res = CaseResult(str(case["id"]), case["_folder"], language_of(case), "tn")
    if exp["relevant"]:
        res.relevance = "tp" if got.get("relevant") else "fn"
    elif got.get("relevant"):
        res.relevance = "fp"
    if res.relevance in ("fp", "fn"):
        res.misses.append(f"relevance: {'false positive' if res.relevance == 'fp' else 'missed'}")
    e_ev = (exp.get("events") or [None])[0]
    g_ev = (got.get("events") or [None])[0] if got.get("relevant") else None
    if e_ev is not None:
        for name in EXACT_FIELDS:
            want, have = _field_value(e_ev, name), _field_value(g_ev, name)
            if name in OPTIONAL_FIELDS and want is None and have is None:
                res.fields[name] = None
                continue
            res.fields[name] = want == have
            if want != have:
                res.misses.append(f"{name}: expected {want!r}, got {have!r}")
        if e_ev.get("date") is None and g_ev and g_ev.get("date") is not None:
            res.invented_date = True
            res.misses.append(f"invented date {g_ev['date']}")
        e_c = {p["country"] for p in e_ev.get("participants") or []}
        g_c = {p["country"] for p in (g_ev or {}).get("participants") or []}
        res.participants = (len(e_c & g_c), len(g_c - e_c), len(e_c - g_c))
        if e_c != g_c:
            res.misses.append(f"participant countries: expected {sorted(e_c)}, got {sorted(g_c)}")
    exp_figs = exp.get("trade_figures") or []
    got_figs = got.get("trade_figures") or []
    res.trade = match_figures(exp_figs, got_figs)
    if res.trade[1] or res.trade[2]:
        res.misses.append(
            f"trade figures: expected {json.dumps([_fig(f) for f in exp_figs])} "
            f"got {json.dumps([_fig(f) for f in got_figs])}"
        )
    return res


def run_cases(cases: Iterable[dict[str, Any]]) -> list[CaseResult]:
    out = []
    for case in cases:
        got = extract_line(
            {"text": case["text"], "url": case.get("url"), "published": case.get("published")}
        )
        out.append(score_case(case, got))
    return out


def summarise(results: Iterable[CaseResult]) -> dict[str, Any]:
    rel = F1()
    fields = {name: Ratio() for name in EXACT_FIELDS}
    parts, trade = F1(), F1()
    invented = 0
    n = 0
    for r in results:
        n += 1
        rel.tp += r.relevance == "tp"
        rel.fp += r.relevance == "fp"
        rel.fn += r.relevance == "fn"
        for name, ok in r.fields.items():
            if ok is not None:
                fields[name].add(ok)
        for acc, (tp, fp, fn) in ((parts, r.participants), (trade, r.trade)):
            acc.tp += tp
            acc.fp += fp
            acc.fn += fn
        invented += r.invented_date
    return {
        "cases": n,
        "relevance_precision": rel.precision,
        "relevance_recall": rel.recall,
        **{name: ratio.value for name, ratio in fields.items()},
        "participant_countries_f1": parts.value,
        "trade_figures_f1": trade.value,
        "invented_dates": invented,
        "_counts": {name: ratio.total for name, ratio in fields.items()},
    }


def grouped(
    results: list[CaseResult], key: Callable[[CaseResult], str]
) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[CaseResult]] = {}
    for r in results:
        groups.setdefault(key(r), []).append(r)
    return {k: summarise(v) for k, v in sorted(groups.items())}


# ---------------------------------------------------------------------------- baseline


def read_baseline(path: Path = BASELINE) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SystemExit(f"eval gate: no baseline at {path}; create it with --pin") from None
    return data


def baseline_problems(baseline: dict[str, Any], corpus_root: Path) -> list[str]:
    """A corpus other than the pinned one, or a floor under the issue's minimum."""
    out = []
    for name, pinned in baseline.get("corpus", {}).items():
        now = corpus_digest(corpus_root / name)
        if now != pinned:
            out.append(
                f"corpus {name!r} is not the one the floors were pinned on "
                f"({now['files']} files, sha256 {now['sha256'][:12]} against pinned "
                f"{pinned['files']} files, {pinned['sha256'][:12]}): review the change, then "
                "re-pin with --pin"
            )
    missing = set(FOLDERS) - set(baseline.get("corpus", {}))
    if missing:
        out.append(f"baseline pins no digest for {sorted(missing)}")
    floors = baseline.get("floors", {})
    for name, minimum in MINIMUM_FLOORS.items():
        if name not in floors:
            out.append(f"baseline has no floor for {name!r}")
        elif floors[name] < minimum:
            out.append(f"floor {name} {floors[name]:.3f} was lowered under the minimum {minimum}")
    if baseline.get("max_invented_dates", 0) != 0:
        out.append("max_invented_dates must stay 0")
    return out


def failures(result: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    floors = baseline["floors"]
    out = [
        f"{name} {result[name]:.3f} < floor {floors[name]:.3f}"
        for name in METRICS
        if result[name] < floors[name]
    ]
    if result["invented_dates"] > baseline.get("max_invented_dates", 0):
        out.append(f"invented dates {result['invented_dates']} > 0")
    return out


def pin(result: dict[str, Any], corpus_root: Path, path: Path = BASELINE) -> dict[str, Any]:
    """Raise the floors to the measured scores less the margin; never lower one."""
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    old_floors = old.get("floors", {})
    floors = {}
    for name in METRICS:
        measured = round(result[name] - PIN_MARGIN, 3)
        floors[name] = max(measured, old_floors.get(name, 0.0), MINIMUM_FLOORS[name])
        if result[name] < floors[name]:
            raise SystemExit(
                f"eval gate: cannot pin: {name} measures {result[name]:.3f}, under its floor "
                f"{floors[name]:.3f} (floors only go up)"
            )
    data = {
        "about": "Floors of tests/eval_gate.py and the corpus they were pinned on. Written by "
        "`python tests/eval_gate.py --pin`; floors only go up.",
        "corpus": {name: corpus_digest(corpus_root / name) for name in FOLDERS},
        "floors": floors,
        "max_invented_dates": 0,
        "measured": {name: round(result[name], 4) for name in METRICS},
    }
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return data


# ---------------------------------------------------------------------------- report


def _row(label: str, s: dict[str, Any]) -> str:
    cells = " ".join(f"{s[m]:6.3f}" for m in METRICS)
    return f"{label:10s} {s['cases']:4d} {cells} {s['invented_dates']:4d}"


def report(results: list[CaseResult], baseline: dict[str, Any] | None, verbose: bool) -> str:
    total = summarise(results)
    heads = ("relP", "relR", "type", "status", "ctry", "date", "city", "ord", "partF1", "trdF1")
    lines = [f"{'':10s} {'n':>4s} " + " ".join(f"{h:>6s}" for h in heads) + "  inv"]
    lines.append(_row("all", total))
    for label, s in grouped(results, lambda r: r.folder).items():
        lines.append(_row(label, s))
    for label, s in grouped(results, lambda r: r.language).items():
        lines.append(_row(f"  {label}", s))
    if baseline is not None:
        floors = baseline["floors"]
        lines.append(f"{'floor':10s} {'':4s} " + " ".join(f"{floors[m]:6.3f}" for m in METRICS))
    counts = total["_counts"]
    lines.append("scored cases per field: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if verbose:
        for r in results:
            for miss in r.misses:
                lines.append(f"  {r.folder}/{r.case_id} [{r.language}] {miss}")
    return "\n".join(lines)


def evaluate(corpus_root: Path = CORPUS_ROOT) -> tuple[list[CaseResult], dict[str, Any]]:
    results = run_cases(load_cases(corpus_root / f for f in FOLDERS))
    return results, summarise(results)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="score these folders instead (no floors applied)",
    )
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    ap.add_argument("--pin", action="store_true", help="raise the pinned floors to this run")
    args = ap.parse_args(argv)
    if args.corpus:
        results = run_cases(load_cases(args.corpus))
        print(report(results, None, args.verbose))
        return 0
    results, total = evaluate()
    if args.pin:
        pin(total, CORPUS_ROOT)
        print(f"pinned floors in {BASELINE}")
    baseline = read_baseline()
    print(report(results, baseline, args.verbose))
    bad = baseline_problems(baseline, CORPUS_ROOT) + failures(total, baseline)
    if bad:
        print("gate FAILED: " + "; ".join(bad))
        return 1
    print("gate passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
