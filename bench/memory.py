"""5. Memory: peak RSS of a re-process over 10k archived pages vs over 1k (it must stream).

Archives of generated full-size pages (bench/pages.py, 30-150 KiB) are built once through
carta's own `load_archive` into a fresh warehouse and cached in bench/_work/. Each measurement
runs the real `flows.pipeline.reprocess` flow (Prefect temporary server, batches of 500) in a
fresh process on a fresh copy of the archive; the process reports its own peak RSS
(VmHWM) and its RSS after the imports. The nightly's peak RSS is in section 2.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from bench.common import WORK, Section, Settings, md_table, median, run_worker, schema_tag, verdict

ARCHIVE_VERSION = 1
TARGET = 1.2
CHUNK = 500


def archive(n: int) -> tuple[Path, float, bool]:
    """The cached warehouse holding `n` generated pages: (path, build seconds, cached)."""
    from bench.pages import GENERATOR_VERSION, generate
    from carta.core.documents import SourceResult
    from scrapers.config import load_config
    from warehouse import db
    from warehouse.archive import load_archive, sync_sources
    from warehouse.baseline import initialise

    path = WORK / f"archive-p{GENERATOR_VERSION}-a{ARCHIVE_VERSION}-{schema_tag()}-{n}.duckdb"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists() and not os.environ.get("CARTA_BENCH_FRESH"):
        return path, float(json.loads(meta.read_text())["seconds"]), True
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with db.writer(tmp) as con:
        initialise(con)
        con.execute("BEGIN TRANSACTION")
        sync_sources(con, load_config().listings())
        con.execute("COMMIT")
        pages = generate(n, seed=7)
        done = 0
        while done < n:
            chunk = [next(pages).raw for _ in range(min(CHUNK, n - done))]
            done += len(chunk)
            by_site: dict[str, list[object]] = {}
            for raw in chunk:
                by_site.setdefault(raw.site, []).append(raw)
            results = [
                SourceResult(site, "ok", None, documents=tuple(docs))  # type: ignore[arg-type]
                for site, docs in by_site.items()
            ]
            con.execute("BEGIN TRANSACTION")
            load_archive(con, results, "bench-archive")
            con.execute("COMMIT")
    seconds = time.perf_counter() - t0
    tmp.replace(path)
    meta.write_text(json.dumps({"seconds": seconds, "documents": n}))
    return path, seconds, False


def _measure(n: int) -> dict[str, float]:
    src, _, _ = archive(n)
    dst = WORK / f"reprocess-{n}.duckdb"
    shutil.copyfile(src, dst)
    try:
        data, wall = run_worker("reprocess", "--db", str(dst), "--prefect", "--batch-size", "500")
    finally:
        dst.unlink(missing_ok=True)
    if not data["completed"]:
        raise RuntimeError(f"reprocess of {n} pages did not complete: {data['message']}")
    return {
        "peak": data["peak_rss_mib"],
        "before": data["rss_before_mib"],
        "seconds": data["seconds"],
        "wall": wall,
        "documents": data["documents"],
    }


def run(settings: Settings) -> Section:
    small, large = (200, 2000) if settings.quick else (1000, 10_000)
    sec = Section("memory", f"5. Re-process memory ({large:,} vs {small:,} pages)")
    builds = {n: archive(n) for n in (small, large)}
    repeats = {small: min(settings.repeats, 3), large: min(settings.repeats, 2)}
    for _ in range(settings.warmup):
        _measure(small)
    got: dict[int, list[dict[str, float]]] = {small: [], large: []}
    for i in range(max(repeats.values())):
        for n in (small, large):
            if i < repeats[n]:
                got[n].append(_measure(n))
    peak = {n: median([x["peak"] for x in v]) for n, v in got.items()}
    grow = {n: median([x["peak"] - x["before"] for x in v]) for n, v in got.items()}
    rate = {n: median([x["documents"] / x["seconds"] for x in v]) for n, v in got.items()}
    ratio = peak[large] / peak[small]
    sec.add(
        f"peak RSS of a re-process, {large:,} vs {small:,} pages",
        f"{peak[large]:.0f} MiB vs {peak[small]:.0f} MiB",
        f"{ratio:.2f}",
        f"<= {TARGET:g}x",
        verdict(ratio <= TARGET),
    )
    sec.add(
        "  RSS growth after imports",
        f"+{grow[large]:.0f} MiB vs +{grow[small]:.0f} MiB",
        f"{grow[large] / max(grow[small], 1):.2f}",
        "info",
        "info",
    )
    sec.add(
        "  end-to-end re-process rate (flow, DuckDB read + write)",
        f"{rate[large]:.0f} vs {rate[small]:.0f} pages/s",
        "",
        "info",
        "info",
    )
    reads = {
        n: [run_worker("readbatch", "--db", str(builds[n][0]))[0] for _ in range(settings.repeats)]
        for n in (small, large)
    }
    r_t = {n: median([x["seconds"] for x in v]) for n, v in reads.items()}
    r_g = {
        n: median([x["peak_rss_mib"] - x["rss_before_mib"] for x in v]) for n, v in reads.items()
    }
    sec.add(
        "  one read_document_batch(500), RSS growth",
        f"+{r_g[large]:.0f} MiB vs +{r_g[small]:.0f} MiB",
        f"{r_g[large] / max(r_g[small], 1):.2f}",
        "info (should be 1)",
        "info",
    )
    sec.add(
        "  one read_document_batch(500), time",
        f"{r_t[large]:.3f} s vs {r_t[small]:.3f} s",
        f"{r_t[large] / r_t[small]:.2f}",
        "info (should be 1)",
        "info",
    )
    sec.notes.append(
        "read_document_batch is measured alone in a fresh process per repeat "
        f"({settings.repeats} each): the first batch of 500 documents of each archive. Its query "
        "(warehouse/archive.py) picks the next stories in storage order and reads only their "
        "pages by row id; the pages are stored without DuckDB's own compression (migration "
        "005), which unpacked 2,048 rows at a time, so its time and memory should not depend "
        "on the archive's size."
    )
    sec.details.append(
        md_table(
            ["pages", "runs", "peak RSS MiB", "RSS after imports MiB", "flow s", "process wall s"],
            [
                (
                    f"{n:,}",
                    len(v),
                    ", ".join(f"{x['peak']:.0f}" for x in v),
                    ", ".join(f"{x['before']:.0f}" for x in v),
                    ", ".join(f"{x['seconds']:.1f}" for x in v),
                    ", ".join(f"{x['wall']:.1f}" for x in v),
                )
                for n, v in got.items()
            ],
        )
    )
    sec.notes.append(
        f"{settings.warmup} warm-up run ({small:,} pages), then {repeats[small]} runs of "
        f"{small:,} and {repeats[large]} of {large:,} pages (a {large:,}-page re-process takes "
        "minutes, so fewer repeats). Archives: "
        + "; ".join(
            f"{n:,} pages {'cached, ' if c else ''}built in {s:.0f} s"
            for n, (_, s, c) in builds.items()
        )
        + "."
    )
    return sec
