"""Measurements that must run in a fresh process: `python -m bench.worker COMMAND ...`.

Each command prints one JSON line last with its timings and this process's peak RSS
(`VmHWM`, bench.common.peak_rss_mib), so the parent's own memory never counts.
Prefect is configured the way carta configures it (`carta.settings.configure_prefect`) before
it is imported.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

T_START = time.perf_counter()


def _rss() -> float:
    from bench.common import peak_rss_mib

    return peak_rss_mib()


def _rss_now() -> float:
    """This process's RSS right now, MiB."""
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def _emit(data: dict[str, Any]) -> None:
    print(json.dumps(data, default=str), flush=True)


def _prefect() -> None:
    from carta.settings import configure_prefect

    configure_prefect(Path.cwd())


# -- 2 and 5: the nightly flow and Prefect alone -------------------------------------------


def cmd_nightly(args: argparse.Namespace) -> None:
    _prefect()
    from flows.pipeline import RunParams, nightly

    t_import = time.perf_counter()
    state = nightly(RunParams(db=args.db, config=args.config), return_state=True)
    t_flow = time.perf_counter()
    _emit(
        {
            "import_s": t_import - T_START,
            "flow_s": t_flow - t_import,
            "completed": state.is_completed(),
            "message": state.message,
            "peak_rss_mib": _rss(),
        }
    )


def cmd_trivial(args: argparse.Namespace) -> None:
    _prefect()
    from prefect import flow

    @flow(name="bench-trivial")
    def trivial() -> int:
        return 1

    t_import = time.perf_counter()
    state = trivial(return_state=True)
    t_flow = time.perf_counter()
    _emit(
        {
            "import_s": t_import - T_START,
            "flow_s": t_flow - t_import,
            "completed": state.is_completed(),
            "peak_rss_mib": _rss(),
        }
    )


# -- 5: a re-process over an archive -------------------------------------------------------


def cmd_reprocess(args: argparse.Namespace) -> None:
    _prefect()
    from flows.pipeline import ReprocessParams, reprocess
    from flows.tasks import reprocess_batch_task
    from scrapers.config import load_config
    from warehouse import db

    params = ReprocessParams(db=args.db, batch_size=args.batch_size)
    with db.reader(args.db) as con:
        archive = con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
    rss_start = _rss_now()
    t0 = time.perf_counter()
    documents = 0
    if args.prefect:
        state = reprocess(params, return_state=True)
        ok = state.is_completed()
        documents = archive
        message = state.message
    else:
        config = load_config()
        after: str | None = ""
        while after is not None:
            after, counts = reprocess_batch_task.fn(after, params, config, "bench-reprocess")
            documents += counts.get("documents", 0)
        ok, message = True, "batch loop without the Prefect engine"
    _emit(
        {
            "seconds": time.perf_counter() - t0,
            "documents": documents,
            "completed": ok,
            "message": message,
            "rss_before_mib": rss_start,
            "peak_rss_mib": _rss(),
        }
    )


def cmd_readbatch(args: argparse.Namespace) -> None:
    """One `read_document_batch` (the re-process's archive read) from the start of the archive."""
    from warehouse import db
    from warehouse.archive import read_document_batch

    before = _rss_now()
    with db.reader(args.db) as con:
        t0 = time.perf_counter()
        batch = read_document_batch(con, after="", batch_size=args.batch_size)
        seconds = time.perf_counter() - t0
    _emit(
        {
            "seconds": seconds,
            "documents": len(batch),
            "rss_before_mib": before,
            "peak_rss_mib": _rss(),
        }
    )


# -- 3: loading one night into a warehouse -------------------------------------------------


def night(seed: int, count: int) -> tuple[list[Any], dict[str, Any]]:
    """One night's `count` new documents as the read stage hands them to the load: source
    results with their fetch records, documents and parsed articles, and the extractions."""
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from bench.pages import generate
    from carta.core.documents import FetchRecord, SourceResult
    from carta.core.keys import stable_hash
    from normalise.articles import extract_articles
    from scrapers.adapters import parse_document
    from scrapers.config import load_config

    config = load_config()
    now = datetime.now(UTC)
    per_site: dict[str, dict[str, list[Any]]] = {}
    for k, page in enumerate(generate(count, seed=seed)):
        raw = replace(page.raw, fetched_at=now + timedelta(seconds=k))
        article = parse_document(raw, config)
        bucket = per_site.setdefault(raw.site, {"docs": [], "articles": [], "fetches": []})
        bucket["docs"].append(raw)
        bucket["articles"].append(article)
        bucket["fetches"].append(
            FetchRecord(
                fetch_id=stable_hash("bench-fetch", raw.canonical_url, seed),
                run_id=None,
                site=raw.site,
                source_id=raw.source_id,
                url=raw.canonical_url,
                final_url=raw.canonical_url,
                purpose="article",
                requested_at=raw.fetched_at,
                status_code=200,
                outcome="ok",
                reason=None,
                etag='"' + raw.content_hash[:20] + '"',
                last_modified="Tue, 14 Apr 2026 08:00:00 GMT",
                content_type=raw.content_type,
                bytes=len(raw.body),
                content_hash=raw.content_hash,
                elapsed_ms=150.0,
                error=None,
            )
        )
    results = []
    for site, b in per_site.items():
        source = config.get(site)
        listing = [
            FetchRecord(
                fetch_id=stable_hash("bench-listing", site, lang, seed, purpose),
                run_id=None,
                site=site,
                source_id=source.source_id(lang) if purpose != "robots" else None,
                url=f"{source.canonical}/{lang}/{purpose}",
                final_url=None,
                purpose=purpose,
                requested_at=now,
                status_code=200,
                outcome="ok",
                reason=None,
                etag=None,
                last_modified=None,
                content_type="text/html",
                bytes=60000,
                content_hash=stable_hash(site, lang, seed, length=64),
                elapsed_ms=200.0,
                error=None,
            )
            for lang in source.languages
            for purpose in ("listing", "robots")
        ]
        results.append(
            SourceResult(
                site,
                "ok",
                None,
                fetches=tuple(listing + b["fetches"]),
                documents=tuple(b["docs"]),
                articles=tuple(b["articles"]),
                counts={"listed": len(b["docs"]), "new": len(b["docs"])},
            )
        )
    articles = [a for r in results for a in r.articles]
    return results, extract_articles(articles)


def cmd_load(args: argparse.Namespace) -> None:
    import cProfile
    import pstats

    from carta.loading import load_run
    from scrapers.config import load_config
    from warehouse import db
    from warehouse.archive import read_source_state, sync_sources

    config = load_config()
    nights = [night(args.seed + i, args.count) for i in range(args.warmup + args.repeats + 1)]
    rss_before = _rss_now()

    def load(results: list[Any], extractions: dict[str, Any], run_id: str) -> dict[str, Any]:
        t0 = time.perf_counter()
        with db.writer(args.db) as con:
            t1 = time.perf_counter()
            con.execute("BEGIN TRANSACTION")
            sync_sources(con, config.listings())
            t2 = time.perf_counter()
            loaded = load_run(con, results, extractions, run_id)
            t3 = time.perf_counter()
            con.execute("COMMIT")
            t4 = time.perf_counter()
        t5 = time.perf_counter()
        return {
            "total": t5 - t0,
            "open": t1 - t0,
            "load_run": t3 - t2,
            "commit": t4 - t3,
            "checkpoint_close": t5 - t4,
            "documents": loaded.archive["documents"],
            "mentions": loaded.extraction.mentions,
        }

    timings = []
    for i, (results, extractions) in enumerate(nights[:-1]):
        t = load(results, extractions, f"bench-night-{args.seed}-{i}")
        if i >= args.warmup:
            timings.append(t)
    rss_after = _rss()

    profile = ""
    if args.profile:
        import warehouse.archive
        import warehouse.load
        from warehouse import upsert

        per_table: dict[str, float] = {}

        def timed_merge(con: Any, table: str, rows: Any, *a: Any, **k: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return upsert.merge_rows(con, table, rows, *a, **k)
            finally:
                per_table[table] = per_table.get(table, 0.0) + time.perf_counter() - t0

        warehouse.archive.merge_rows = timed_merge  # type: ignore[assignment]
        warehouse.load.merge_rows = timed_merge  # type: ignore[assignment]
        prof = cProfile.Profile()
        results, extractions = nights[-1]
        prof.enable()
        load(results, extractions, f"bench-night-{args.seed}-profiled")
        prof.disable()
        profile = _top(pstats.Stats(prof), ("warehouse/", "normalise/", "duckdb"), 14)
        profile += "\n\nmerge_rows (one MERGE per table) by table, same profiled load:\n\n"
        from bench.common import md_table

        profile += md_table(
            ["table", "s"],
            [(t, f"{v:.3f}") for t, v in sorted(per_table.items(), key=lambda kv: -kv[1])],
        )

    # as the nightly reads it (flows.tasks.source_states), and without the revisit window
    state_times: list[float] = []
    plain_times: list[float] = []
    with db.reader(args.db) as con:
        for i in range(args.warmup + args.repeats):
            for revisits, times in ((True, state_times), (False, plain_times)):
                t0 = time.perf_counter()
                for src in config.sources.values():
                    inc = src.incremental
                    read_source_state(
                        con,
                        src.id,
                        overlap_days=inc.overlap_days,
                        window_days=inc.state_window_days,
                        revisit_days=inc.revisit_days if revisits else 0,
                        revisit_every_hours=inc.revisit_every_hours,
                    )
                if i >= args.warmup:
                    times.append(time.perf_counter() - t0)
        documents = con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
    _emit(
        {
            "loads": timings,
            "read_source_state": state_times,
            "read_source_state_without_revisits": plain_times,
            "rss_before_mib": rss_before,
            "peak_rss_mib": rss_after,
            "documents_after": documents,
            "profile": profile,
        }
    )


def _top(stats: Any, keep: tuple[str, ...], n: int) -> str:
    """The `n` functions with the most cumulative time among carta's own and DuckDB's calls."""
    from bench.common import md_table

    raw = stats.stats
    total = max((v[3] for v in raw.values()), default=0.0)
    rows = []
    for (file, line, name), (_cc, nc, _tt, ct, _callers) in raw.items():
        label = f"{file}:{line}({name})"
        if not any(k in label for k in keep) or "bench/" in file:
            continue
        where = file.split("/work/main/")[-1].split("site-packages/")[-1]
        rows.append((ct, f"{where}:{line}({name})", nc))
    rows.sort(reverse=True)
    return md_table(
        ["function", "calls", "cumulative s", "share of the load"],
        [(label, nc, f"{ct:.3f}", f"{100 * ct / total:.0f}%") for ct, label, nc in rows[:n]],
    )


# -- 4: view latency ----------------------------------------------------------------------


def cmd_view(args: argparse.Namespace) -> None:
    from bench.views import QUERIES
    from warehouse import db

    if args.warm:
        out: dict[str, list[float]] = {}
        with db.reader(args.db) as con:
            for name, sql in QUERIES:
                times = []
                for i in range(args.warmup + args.repeats):
                    t0 = time.perf_counter()
                    con.execute(sql).fetchall()
                    if i >= args.warmup:
                        times.append(time.perf_counter() - t0)
                out[name] = times
        _emit({"warm": out})
        return
    name, sql = QUERIES[args.query]
    t0 = time.perf_counter()
    with db.reader(args.db) as con:
        t1 = time.perf_counter()
        rows = con.execute(sql).fetchall()
        t2 = time.perf_counter()
    _emit({"name": name, "connect_s": t1 - t0, "query_s": t2 - t1, "rows": len(rows)})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("nightly")
    p.add_argument("--db", required=True)
    p.add_argument("--config", required=True)
    sub.add_parser("trivial")
    p = sub.add_parser("reprocess")
    p.add_argument("--db", required=True)
    p.add_argument("--batch-size", type=int, default=500)
    p.add_argument("--prefect", action="store_true")
    p = sub.add_parser("readbatch")
    p.add_argument("--db", required=True)
    p.add_argument("--batch-size", type=int, default=500)
    p = sub.add_parser("load")
    p.add_argument("--db", required=True)
    p.add_argument("--seed", type=int, default=20)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--profile", action="store_true")
    p = sub.add_parser("view")
    p.add_argument("--db", required=True)
    p.add_argument("--query", type=int, default=0)
    p.add_argument("--warm", action="store_true")
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    {
        "nightly": cmd_nightly,
        "trivial": cmd_trivial,
        "reprocess": cmd_reprocess,
        "load": cmd_load,
        "readbatch": cmd_readbatch,
        "view": cmd_view,
    }[args.cmd](args)


if __name__ == "__main__":
    main(sys.argv[1:])
