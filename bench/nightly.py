"""2. Nightly cost when nothing changed, against the fixture sites; and the nightly's peak RSS.

The fixture sites (carta/testing/sites/harness.py `serve_sites`) run in this process; the flow
runs in a child process (`python -m bench.worker nightly`, the real `flows.pipeline.nightly` with
its Prefect temporary server) with the harness's override file. A first run fills a fresh warehouse;
then, the same day, no-change runs alternate with a trivial Prefect flow in a fresh process with
the same settings ("the Prefect start-up alone"). Requests are counted on the server side; bytes
are what the server wrote to the socket (status line, headers and body).

Listing endpoints of a site = the distinct listing, feed, sitemap and API requests (target and
POST body) of its first run, apart from page 2+ of a listing. The fixture override sets every
politeness delay to 0 s, so the no-change wall time has no politeness delay to subtract; the row
"with shipped politeness" says what the same requests would wait at least with the shipped
delays.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from bench.common import WORK, Section, Settings, md_table, median, run_worker, verdict

TARGET = 2.0


def _instrument(site: Any, log: list[tuple[str, str, int, int, bool, bytes, bool]]) -> None:
    """Record (path, query, status, bytes written, conditional, request body, could it be
    conditional) of every answer `site` sends. A request can be conditional only when it is a
    GET to a site that sends validators (a fixture's `validators = false` models a site that
    sends neither ETag nor Last-Modified; a GraphQL POST is never conditional)."""
    original = site._send

    def send(req: Any, hit: Any, reply: Any) -> None:
        written = 0
        write = req.wfile.write

        def counting(data: bytes) -> int:
            nonlocal written
            written += len(data)
            return int(write(data) or 0)

        req.wfile.write = counting
        status = {"code": 0}
        send_response = req.send_response

        def remember(code: int, message: str | None = None) -> None:
            status["code"] = code
            send_response(code, message)

        req.send_response = remember
        try:
            original(req, hit, reply)
            req.wfile.flush()
        finally:
            req.wfile.write = write
            req.send_response = send_response
        conditional = any(h.lower() in ("if-none-match", "if-modified-since") for h in hit.headers)
        could = bool(site.validators) and hit.method == "GET"
        log.append((hit.path, hit.query, status["code"], written, conditional, hit.body, could))

    site._send = send


def _kind(site: str, path: str, query: str, config: Any) -> str:
    if path == "/robots.txt":
        return "robots"
    pattern = config.get(site).article_url_pattern
    if pattern and re.search(pattern, path):
        return "article"
    if re.search(r"(^|&)(page|PAGEN_1)=([2-9]|\d\d)", query):
        return "paging"
    return "listing"


def _pages(log: list[Any], site: str, config: Any) -> set[str]:
    """The article pages of a site's first night (what the revisit window holds)."""
    return {x[0] for x in log if _kind(site, x[0], x[1], config) == "article"}


def _a_day_passes(path: Any) -> None:
    """Move every stored time of the warehouse one day back, as if the next night were a day
    later."""
    from warehouse import db

    with db.writer(path) as con, db.transaction(con):
        con.execute(
            "UPDATE documents SET first_seen_at = first_seen_at - INTERVAL 1 DAY, "
            "last_seen_at = last_seen_at - INTERVAL 1 DAY"
        )
        con.execute("UPDATE fetches SET requested_at = requested_at - INTERVAL 1 DAY")
        con.execute("UPDATE robots_txt SET fetched_at = fetched_at - INTERVAL 1 DAY")
        con.execute("UPDATE revisits SET checked_at = checked_at - INTERVAL 1 DAY")


def run(settings: Settings) -> Section:
    from carta.testing.sites.harness import serve_sites

    sec = Section("nightly", "2. Nightly cost when nothing changed")
    repeats = min(settings.repeats, 3)
    db = WORK / "nightly.duckdb"
    for p in (db, WORK / "nightly.duckdb.wal"):
        p.unlink(missing_ok=True)
    logs: dict[str, list[tuple[str, str, int, int, bool, bytes, bool]]] = {}
    with serve_sites() as fx:
        for name, site in fx.sites.items():
            logs[name] = []
            _instrument(site, logs[name])
        config = fx.config()
        override = fx.write_override(WORK / "nightly-sources.toml")

        def clear() -> None:
            fx.reset()
            for log in logs.values():
                log.clear()

        run_worker("trivial")  # warms Prefect's database in the bench's PREFECT_HOME
        first, first_wall = run_worker("nightly", "--db", str(db), "--config", str(override))
        if not first["completed"]:
            raise RuntimeError(f"first nightly did not complete: {first['message']}")
        first_log = {k: list(v) for k, v in logs.items()}
        endpoints = {
            name: {
                (p, q, body)
                for p, q, _, _, _, body, _ in log
                if _kind(name, p, q, config) == "listing"
            }
            for name, log in first_log.items()
        }
        trivial: list[dict[str, Any]] = []
        again: list[dict[str, Any]] = []
        walls: dict[str, list[float]] = {"trivial": [], "nightly": []}
        last_log: dict[str, list[Any]] = {}
        for i in range(settings.warmup + repeats):
            t, t_wall = run_worker("trivial")
            clear()
            n, n_wall = run_worker("nightly", "--db", str(db), "--config", str(override))
            if not n["completed"]:
                raise RuntimeError(f"no-change nightly did not complete: {n['message']}")
            if i >= settings.warmup:
                trivial.append(t)
                again.append(n)
                walls["trivial"].append(t_wall)
                walls["nightly"].append(n_wall)
                last_log = {k: list(v) for k, v in logs.items()}
        # A day later, nothing changed still: the pages of the revisit window are asked about
        # again (once a day at most), conditionally where the site allows it.
        _a_day_passes(db)
        clear()
        later, later_wall = run_worker("nightly", "--db", str(db), "--config", str(override))
        if not later["completed"]:
            raise RuntimeError(f"next-day nightly did not complete: {later['message']}")
        later_log = {k: list(v) for k, v in logs.items()}
    budget = sum(
        min(config.get(name).incremental.revisit_max, len(_pages(first_log[name], name, config)))
        for name in later_log
    )
    revisits = [
        x
        for name, log in later_log.items()
        for x in log
        if _kind(name, x[0], x[1], config) == "article"
    ]
    later_listing = sum(
        1
        for name, log in later_log.items()
        for x in log
        if _kind(name, x[0], x[1], config) in ("listing", "paging")
    )

    rows = []
    total = Counter[str]()
    for name in sorted(last_log):
        log = last_log[name]
        kinds = Counter(_kind(name, x[0], x[1], config) for x in log)
        listing = [x for x in log if _kind(name, x[0], x[1], config) in ("listing", "paging")]
        cond = sum(1 for x in listing if x[4])
        could = sum(1 for x in listing if x[6])
        n304 = sum(1 for x in log if x[2] == 304)
        sent = sum(x[3] for x in log)
        allowed = len(endpoints[name])
        rows.append(
            (
                name,
                len(log),
                allowed,
                kinds["listing"],
                kinds["paging"],
                f"{cond}/{could}/{len(listing)}",
                n304,
                kinds["robots"],
                kinds["article"],
                f"{sent / 1024:.1f}",
                f"{sum(x[3] for x in first_log[name]) / 1024:.1f}",
            )
        )
        total.update(
            requests=len(log),
            allowed=allowed,
            robots=kinds["robots"],
            article=kinds["article"],
            listing=len(listing),
            conditional=cond,
            could=could,
            n304=n304,
            sent=sent,
            first_sent=sum(x[3] for x in first_log[name]),
            first_requests=len(first_log[name]),
        )
    sec.add(
        "requests in a no-change night vs listing endpoints",
        f"{total['requests']} vs {total['allowed']}",
        f"{total['requests'] / max(total['allowed'], 1):.2f}",
        "<= endpoints (+ robots at most daily)",
        verdict(total["requests"] <= total["allowed"]),
    )
    sec.add(
        "conditional listing requests / those that can be (of all; 304 answers)",
        f"{total['conditional']}/{total['could']} (of {total['listing']}; {total['n304']})",
        "",
        "all that can be",
        verdict(total["conditional"] == total["could"]),
    )
    sec.add(
        "robots.txt requests on a second run the same day",
        str(total["robots"]),
        "",
        "0 (at most daily)",
        verdict(total["robots"] == 0),
    )
    sec.add("article fetches", str(total["article"]), "", "0", verdict(total["article"] == 0))
    sec.add(
        "a day later: listing requests + revisits vs listing endpoints + revisit budget",
        f"{later_listing} + {len(revisits)} vs {total['allowed']} + {budget}",
        f"{(later_listing + len(revisits)) / max(total['allowed'] + budget, 1):.2f}",
        "<= endpoints + budget",
        verdict(later_listing <= total["allowed"] and len(revisits) <= budget),
    )
    cond_r = sum(1 for x in revisits if x[4])
    could_r = sum(1 for x in revisits if x[6])
    sec.add(
        "  revisits sent conditionally / those that can be (304 answers)",
        f"{cond_r}/{could_r} ({sum(1 for x in revisits if x[2] == 304)})",
        "",
        "all that can be",
        verdict(cond_r == could_r),
    )
    sec.add(
        "  a day later: bytes served and wall time",
        f"{sum(x[3] for x in revisits) / 1024:.0f} KiB by revisits; {later_wall:.1f} s",
        "",
        "info",
        "info",
    )
    sec.add(
        "bytes served, no-change night vs first night",
        f"{total['sent'] / 1024:.0f} KiB vs {total['first_sent'] / 1024:.0f} KiB",
        f"{total['sent'] / max(total['first_sent'], 1):.2f}",
        "info",
        "info",
    )
    w_n, w_t = median(walls["nightly"]), median(walls["trivial"])
    ratio = median([n / t for n, t in zip(walls["nightly"], walls["trivial"], strict=True)])
    sec.add(
        "no-change nightly wall (minus 0 s politeness) vs Prefect start-up alone",
        f"{w_n:.1f} s vs {w_t:.1f} s",
        f"{ratio:.2f}",
        f"< {TARGET:g}x",
        verdict(ratio < TARGET),
    )
    f_n = median([x["flow_s"] for x in again])
    f_t = median([x["flow_s"] for x in trivial])
    sec.add(
        "  in-process: nightly flow call vs trivial flow call",
        f"{f_n:.1f} s vs {f_t:.1f} s",
        f"{f_n / f_t:.2f}",
        "info",
        "info",
    )
    shipped = _shipped_wait(last_log)
    sec.add(
        "with shipped politeness: least waiting for these requests",
        f"{shipped:.0f} s",
        "",
        "info",
        "info",
    )
    rss_first = first["peak_rss_mib"]
    rss_again = median([x["peak_rss_mib"] for x in again])
    sec.add(
        "peak RSS of the nightly process: first night / no-change night",
        f"{rss_first:.0f} MiB / {rss_again:.0f} MiB",
        "",
        "info (see 5.)",
        "info",
    )
    sec.details.append(
        "Requests of one no-change night per site (server side):\n\n"
        + md_table(
            [
                "site",
                "requests",
                "listing endpoints",
                "listing",
                "page 2+",
                "conditional / can be / all",
                "304",
                "robots.txt",
                "articles",
                "KiB served",
                "KiB first night",
            ],
            rows,
        )
    )
    sec.notes += [
        f"First (filling) night: {total['first_requests']} requests, {first_wall:.1f} s wall, "
        f"peak RSS {rss_first:.0f} MiB. Then {settings.warmup} warm-up + {repeats} timed "
        "no-change nights, each after a trivial flow in a fresh process; medians of process "
        "wall times (spawn to exit, imports and Prefect's temporary server included) and of "
        "the per-pair ratios.",
        "Wall times (s): nightly "
        + ", ".join(f"{x:.1f}" for x in walls["nightly"])
        + "; trivial flow "
        + ", ".join(f"{x:.1f}" for x in walls["trivial"])
        + ".",
        "Robots: robots.txt is kept in the warehouse (robots_txt) and reused for a day "
        "(scrapers/http.py), so a second run the same day asks for none. Listings, feeds, "
        "sitemaps and REST API pages carry the validators of their last answer; a request "
        "cannot be conditional when the site sends no validators (the mfa_tm fixture models "
        "a page with a view counter and no ETag/Last-Modified: a guess, not known of the real "
        "site) or when it is a GraphQL POST (gov_kz).",
    ]
    return sec


def _shipped_wait(log: dict[str, list[Any]]) -> float:
    """Hosts are read in parallel, each at most once per its min_delay: the longest chain."""
    from scrapers.config import load_config

    shipped = load_config()
    waits = []
    for name, hits in log.items():
        if name not in shipped.sources or not hits:
            continue
        waits.append((len(hits) - 1) * shipped.get(name).politeness.min_delay_seconds)
    return max(waits, default=0.0)
