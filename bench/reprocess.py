"""1. Re-process throughput: carta's parse + extract + resolve against lxml.html and trafilatura.

All three run on the same generated pages, in one process on one core, interleaved round by
round (so a noisy neighbour slows all three alike). carta's path is what `carta reprocess` does
with a batch in memory: `carta.reading.reparse` (adapter parse + `extract_article`) and then
`normalise.resolve.resolve` over the batch's extractions, in batches of 200 documents; DuckDB
reads and writes are left out here (section 5 times the whole flow with them).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections.abc import Callable
from typing import Any

from bench.common import Section, Settings, md_table, median, verdict

BATCH = 200
TARGET_VS_TRAFILATURA = 4.0
GOAL_VS_LXML = 0.33


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def run(settings: Settings) -> Section:
    import lxml.html
    import trafilatura

    from bench.pages import generate
    from carta.reading import reparse
    from normalise.articles import extract_article
    from normalise.resolve import resolve
    from scrapers.adapters import parse_document
    from scrapers.config import load_config
    from warehouse.archive import ArchivedDocument

    sec = Section("reprocess", "1. Re-process throughput")
    n = 60 if settings.quick else 300
    pages = list(generate(n, seed=11))
    config = load_config()
    docs = [ArchivedDocument(f"doc{i}", f"story{i}", p.raw) for i, p in enumerate(pages)]
    batches = _chunks(docs, BATCH)
    kib = [len(p.raw.body) / 1024 for p in pages]

    def carta() -> None:
        for b in batches:
            out = reparse(b, config)
            resolve(out.docs)

    def carta_parse() -> None:
        for d in docs:
            parse_document(d.raw, config)

    def floor() -> None:
        for p in pages:
            lxml.html.fromstring(p.raw.body)

    def peer() -> None:
        for p in pages:
            trafilatura.extract(p.raw.body)

    runs: dict[str, Callable[[], None]] = {
        "carta": carta,
        "carta_parse": carta_parse,
        "lxml": floor,
        "trafilatura": peer,
    }
    times: dict[str, list[float]] = {k: [] for k in runs}
    for rnd in range(settings.warmup + settings.repeats):
        for name, fn in runs.items():
            t0 = time.perf_counter()
            fn()
            dt = time.perf_counter() - t0
            if rnd >= settings.warmup:
                times[name].append(dt)
    rate = {k: n / median(v) for k, v in times.items()}
    per_round = [
        (times["carta"][i], times["lxml"][i], times["trafilatura"][i])
        for i in range(settings.repeats)
    ]
    vs_peer = median([t / c for c, _, t in per_round])
    vs_floor = median([f / c for c, f, _ in per_round])

    out = reparse(docs, config)
    relevant = sum(1 for d in out.docs if d.extraction.relevant)
    sec.add(
        "carta parse+extract+resolve",
        f"{rate['carta']:.0f} pages/s",
        "1.00",
        "",
        "info",
    )
    sec.add("lxml.html.fromstring (floor)", f"{rate['lxml']:.0f} pages/s", "", "", "info")
    sec.add("trafilatura.extract (peer)", f"{rate['trafilatura']:.0f} pages/s", "", "", "info")
    sec.add(
        "carta / trafilatura",
        f"{vs_peer:.2f}x",
        f"{vs_peer:.2f}",
        f">= {TARGET_VS_TRAFILATURA:g}x",
        verdict(vs_peer >= TARGET_VS_TRAFILATURA),
    )
    sec.add(
        "carta / lxml parse",
        f"{vs_floor:.3f}x",
        f"{vs_floor:.3f}",
        f"report (goal {GOAL_VS_LXML}x)",
        "met" if vs_floor >= GOAL_VS_LXML else "info (goal not reached)",
    )
    sec.add(
        "carta parse only (adapter) / lxml",
        f"{rate['carta_parse']:.0f} pages/s",
        f"{rate['carta_parse'] / rate['lxml']:.3f}",
        "info",
        "info",
    )
    sec.notes += [
        f"{n} generated pages ({len(pages) // 5} per HTML site: mid_ru, mfa_tj, mfa_tm, mfa_kg, "
        f"mfa_uz), {min(kib):.0f}-{max(kib):.0f} KiB, mean {sum(kib) / len(kib):.0f} KiB; "
        f"{sum(p.relevant for p in pages)} built on meeting articles, {relevant} extracted as "
        "relevant.",
        f"{settings.warmup} warm-up + {settings.repeats} timed rounds, the three methods "
        "interleaved in each round; rates are pages / median round time; ratios are medians of "
        "the per-round ratios.",
        "carta = carta.reading.reparse (parse_document + extract_article) + "
        "normalise.resolve.resolve per batch of 200, in memory (no DuckDB); gov_kz's stored "
        "API objects (JSON, not HTML) are left out so that all three read the same pages.",
        "Round times (s): "
        + "; ".join(f"{k} {', '.join(f'{t:.2f}' for t in v)}" for k, v in times.items()),
    ]
    sec.details.append(_profile(docs, config, reparse, resolve, parse_document, extract_article))
    return sec


def _profile(
    docs: list[Any], config: Any, reparse: Any, resolve: Any, parse_document: Any, extract: Any
) -> str:
    """Where carta's time goes: cProfile of one pass, by stage and by function."""
    prof = cProfile.Profile()
    prof.enable()
    for b in _chunks(docs, BATCH):
        out = reparse(b, config)
        resolve(out.docs)
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]

    def cum(func_name: str, file_part: str) -> float:
        return sum(v[3] for (f, _, name), v in raw.items() if name == func_name and file_part in f)

    stages = [
        ("adapter parse (scrapers.adapters.parse_document)", cum("parse_document", "adapters")),
        ("  of which lxml document_fromstring", cum("document_fromstring", "lxml")),
        ("extraction (normalise.articles.extract_article)", cum("extract_article", "articles")),
        ("  of which normalise.analysis.analyse", cum("analyse", "analysis")),
        ("  of which normalise.events.find_candidates", cum("find_candidates", "events")),
        ("  of which normalise.trade.extract_trade", cum("extract_trade", "trade")),
        ("resolution (normalise.resolve.resolve)", cum("resolve", "resolve")),
    ]
    lines = [
        f"cProfile of one pass over {len(docs)} pages (profiler overhead included: "
        f"{total:.2f} s in all):",
        "",
        md_table(
            ["stage", "cumulative s", "share"],
            [(name, f"{t:.3f}", f"{100 * t / total:.0f}%") for name, t in stages],
        ),
        "",
        "Top functions by own time:",
        "",
        "",
    ]
    buf = io.StringIO()
    top = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:15]
    rows = []
    for (file, line, name), (_cc, nc, tt, ct, _callers) in top:
        where = file.split("/work/main/")[-1].split("site-packages/")[-1]
        rows.append((f"{where}:{line}({name})", nc, f"{tt:.3f}", f"{ct:.3f}"))
    buf.write(md_table(["function", "calls", "own s", "cumulative s"], rows))
    return "\n".join(lines) + buf.getvalue()
