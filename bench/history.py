"""3. History independence: one night's 100 new documents loaded into warehouses of 0, 100k and
1M documents.

Each size runs in its own process on a fresh copy of the cached synthetic warehouse
(bench/synthetic.py). A night is what the read stage hands to the load task: SourceResults with
fetch records, full-size generated pages (30-150 KiB) and their parsed articles, plus the
extractions; the timed step is the load task's database work - `warehouse.db.writer` (open,
migration check, views), `sync_sources`, `warehouse.load.load_run` (archive + resolve + load),
COMMIT and the CHECKPOINT on close. Every repeat loads a different night (night after night), so
nothing is loaded twice. Peak RSS is the worker's own, before the loads (imports and the nights
prepared) and after. The nightly's read side, `read_source_state` for the six sources, is timed
on the same warehouses as an extra row: it runs every night before any fetch; the row below it
says what finding the pages to revisit adds.
"""

from __future__ import annotations

from bench.common import Section, Settings, md_table, median, run_worker, spread, verdict

TARGET = 1.5


def run(settings: Settings) -> Section:
    from bench.synthetic import build, working_copy

    sizes = (0, 10_000, 100_000) if settings.quick else (0, 100_000, 1_000_000)
    sec = Section("history", "3. History independence (100 new documents)")
    results = {}
    gen_notes = []
    for n in sizes:
        _, gen_s, cached = build(n)
        gen_notes.append(f"{n:,}: {'cached, ' if cached else ''}generated in {gen_s:.0f} s")
        db = working_copy(n, f"history-{n}")
        data, _wall = run_worker(
            "load", "--db", str(db), "--seed", "40", "--count", "100",
            "--warmup", str(settings.warmup), "--repeats", str(settings.repeats),
            *(["--profile"] if n == sizes[-1] else []),
        )  # fmt: skip
        results[n] = data
        db.unlink(missing_ok=True)
        db.with_suffix(".duckdb.wal").unlink(missing_ok=True)

    base = results[sizes[0]]
    base_t = median([x["total"] for x in base["loads"]])
    base_rss = base["peak_rss_mib"]
    base_grow = base["peak_rss_mib"] - base["rss_before_mib"]
    base_state = median(base["read_source_state"])
    table = []
    for n in sizes:
        d = results[n]
        total = [x["total"] for x in d["loads"]]
        t = median(total)
        parts = {
            k: median([x[k] for x in d["loads"]]) for k in ("open", "load_run", "checkpoint_close")
        }
        grow = d["peak_rss_mib"] - d["rss_before_mib"]
        state = median(d["read_source_state"])
        table.append(
            (
                f"{n:,}",
                f"{t:.3f}",
                spread(total),
                f"{parts['open']:.3f}",
                f"{parts['load_run']:.3f}",
                f"{parts['checkpoint_close']:.3f}",
                f"{d['peak_rss_mib']:.0f}",
                f"{grow:.0f}",
                f"{state:.3f}",
            )
        )
        if n == sizes[0]:
            continue
        ratio = t / base_t
        sec.add(
            f"load 100 docs into {n:,} vs empty",
            f"{t:.3f} s vs {base_t:.3f} s",
            f"{ratio:.2f}",
            f"< {TARGET:g}x" if n == sizes[-1] else "info",
            verdict(ratio < TARGET) if n == sizes[-1] else "info",
        )
        sec.add(
            f"peak RSS of the load process, {n:,} vs empty",
            f"{d['peak_rss_mib']:.0f} MiB vs {base_rss:.0f} MiB (+{grow:.0f} vs +{base_grow:.0f} during loads)",  # noqa: E501
            f"{d['peak_rss_mib'] / base_rss:.2f}",
            "info",
            "info",
        )
        sec.add(
            f"nightly read_source_state (6 sources), {n:,} vs empty",
            f"{state:.3f} s vs {base_state:.3f} s",
            f"{state / base_state:.1f}",
            "info (per-night cost)",
            "info",
        )
        plain = median(d["read_source_state_without_revisits"])
        sec.add(
            f"  of which the revisit window (14 days), {n:,}",
            f"{state - plain:.3f} s ({plain:.3f} s without it)",
            "",
            "info (per-night cost)",
            "info",
        )
    sec.details.append(
        md_table(
            [
                "documents",
                "load s (median)",
                "range",
                "writer open s",
                "load_run s",
                "checkpoint+close s",
                "peak RSS MiB",
                "RSS growth in loads MiB",
                "read_source_state s",
            ],
            table,
        )
    )
    prof = results[sizes[-1]].get("profile")
    if prof:
        sec.details.append(
            f"cProfile of one more load into the {sizes[-1]:,}-document warehouse "
            "(cumulative time; DuckDB's time shows in the carta function that ran the query):"
            "\n\n" + prof
        )
    sec.notes.append(
        f"{settings.warmup} warm-up + {settings.repeats} timed nights per size, each night a "
        "different 100 generated pages (about 2 about a meeting). Synthetic warehouses: "
        + "; ".join(gen_notes)
        + ". The timed step includes the writer's open and the CHECKPOINT on close."
    )
    return sec
