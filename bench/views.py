"""4. View latency: every public view on the 1M-document warehouse, cold and warm.

Cold: a new process opens the file read-only (`warehouse.db.reader`, as `carta sql` does) and
runs the query once; timed inside that process (connect and query apart), one process per
repeat. Warm: one connection runs each query after a warm-up. The OS page cache is not dropped
(that needs privileges a shared machine does not give), so "cold" is a cold DuckDB, not a cold
disk. Queries: `SELECT *` of each view and the README's example of it.
"""

from __future__ import annotations

from bench.common import Section, Settings, md_table, median, run_worker, verdict

TARGET_S = 1.0

QUERIES: list[tuple[str, str]] = [
    ("trade_trend *", "SELECT * FROM trade_trend"),
    (
        "trade_trend (README)",
        "SELECT * FROM trade_trend WHERE scope = 'RU-CA' ORDER BY year",
    ),
    ("meeting_timeline *", "SELECT * FROM meeting_timeline"),
    (
        "meeting_timeline (README)",
        "SELECT date, event_type, ordinal, city, n_participants FROM meeting_timeline "
        "ORDER BY year, month, date",
    ),
    ("participation *", "SELECT * FROM participation"),
    (
        "participation (README)",
        "SELECT person, country, title FROM participation WHERE meeting_id = 'ca_russia_fm-08'",
    ),
    ("source_health *", "SELECT * FROM source_health"),
    (
        "source_health (README)",
        "SELECT source, state, last_success_at, errors_7d FROM source_health",
    ),
]


def run(settings: Settings, size: int | None = None) -> Section:
    from bench.synthetic import build

    n = size or (100_000 if settings.quick else 1_000_000)
    path, gen_s, cached = build(n)
    sec = Section("views", f"4. View latency ({n:,} documents)")
    cold: dict[str, list[tuple[float, float, int]]] = {name: [] for name, _ in QUERIES}
    for _ in range(settings.repeats):
        for i, (name, _sql) in enumerate(QUERIES):
            data, _wall = run_worker("view", "--db", str(path), "--query", str(i))
            cold[name].append((data["connect_s"], data["query_s"], data["rows"]))
    warm, _ = run_worker(
        "view", "--db", str(path), "--warm", "--repeats", str(settings.repeats),
        "--warmup", str(settings.warmup),
    )  # fmt: skip
    table = []
    for name, _sql in QUERIES:
        c_query = median([q for _, q, _ in cold[name]])
        c_conn = median([c for c, _, _ in cold[name]])
        w = median(warm["warm"][name])
        rows = cold[name][0][2]
        worst = max(c_query + c_conn, w)
        sec.add(
            f"{name}: cold (connect + query) / warm",
            f"{c_conn + c_query:.3f} s / {w:.3f} s",
            f"cold/warm {(c_conn + c_query) / w:.1f}",
            f"< {TARGET_S:g} s",
            verdict(worst < TARGET_S),
        )
        table.append((name, rows, f"{c_conn:.3f}", f"{c_query:.3f}", f"{w:.4f}"))
    sec.details.append(
        md_table(["query", "rows", "cold connect s", "cold query s", "warm query s"], table)
    )
    sec.notes.append(
        f"Warehouse {path.name}: {n:,} documents, "
        + ("cached; " if cached else "")
        + f"generated in {gen_s:.0f} s by bench/synthetic.py. Cold = a new process per query "
        f"({settings.repeats} each), warm = one connection, {settings.warmup} warm-up + "
        f"{settings.repeats} repeats; medians. Page cache not dropped."
    )
    return sec
