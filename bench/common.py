"""Shared helpers: timing with warm-up and repeats, subprocess workers, machine facts, tables."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "_work"
RESULTS = ROOT / "bench" / "RESULTS.md"


@dataclass
class Row:
    """One line of the results table."""

    metric: str
    value: str
    ratio: str = ""
    target: str = ""
    verdict: str = ""  # met | MISSED | info


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # extra markdown (tables, profiles)

    def add(self, *args: Any, **kwargs: Any) -> Row:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        return row


@dataclass
class Settings:
    quick: bool
    repeats: int
    warmup: int = 1


def schema_tag() -> str:
    """Part of every cached warehouse's file name: a cached input built under an older schema
    would be migrated on first open, inside a measurement, and be measured in its old layout."""
    from warehouse.db import available_migrations

    return f"m{max(m.version for m in available_migrations())}"


def timed(
    fn: Callable[[], Any], *, warmup: int, repeats: int, setup: Callable[[], Any] | None = None
) -> list[float]:
    """Wall seconds of `repeats` calls of `fn` after `warmup` untimed ones (setup untimed)."""
    out = []
    for i in range(warmup + repeats):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        if i >= warmup:
            out.append(dt)
    return out


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float]) -> str:
    return f"{min(values):.3g}-{max(values):.3g}"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def bench_env() -> dict[str, str]:
    """The environment of every child process: carta's Prefect settings, the bench's own home."""
    env = dict(os.environ)
    env.setdefault("PREFECT_HOME", str(WORK / "prefect-home"))
    env.update(
        {
            "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
            "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("PREFECT_API_URL", None)
    return env


def run_worker(*args: str, timeout: float = 3600) -> tuple[dict[str, Any], float]:
    """Run `python -m bench.worker ARGS` in a fresh process; (its JSON answer, its wall time).

    The worker prints one JSON line last; everything it measures about itself (peak RSS, inner
    timings) is in that answer, so nothing of the parent's memory is counted.
    """
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.worker", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=bench_env(),
        timeout=timeout,
        check=False,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(
            f"worker {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
        )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"worker {' '.join(args)} printed no result:\n{proc.stdout[-2000:]}")
    return json.loads(lines[-1]), wall


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def facts() -> list[tuple[str, str]]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    from lxml import etree

    libs = ", ".join(
        f"{n} {_version(n)}"
        for n in (
            "prefect",
            "duckdb",
            "lxml",
            "beautifulsoup4",
            "trafilatura",
            "pandas",
            "requests",
        )
    )
    libxml = ".".join(str(x) for x in etree.LIBXML_VERSION)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        dirty = [
            ln[3:]
            for ln in subprocess.run(
                ["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT
            ).stdout.splitlines()
            if not ln[3:].startswith(("bench/", "tests/test_bench_smoke.py", "README.md"))
        ]
        code = head + (f" + uncommitted changes in {', '.join(dirty)}" if dirty else "")
    except OSError:
        code = "?"
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", f"{cpu}, {os.cpu_count()} logical cores"),
        ("RAM", mem),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("libraries", f"{libs}; libxml2 {libxml}"),
        ("load average at start", load),
        ("carta code", code),
    ]


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def cell(v: Any) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def render(sections: Sequence[Section], machine: Sequence[tuple[str, str]], header: str) -> str:
    """RESULTS.md: machine facts, one table of every result, then each section's details."""
    out = [header, "", "## Machine", "", md_table(["", ""], machine), "", "## Results", ""]
    rows = []
    for s in sections:
        for r in s.rows:
            rows.append([s.title, r.metric, r.value, r.ratio, r.target, r.verdict])
    out.append(md_table(["measure", "metric", "median", "ratio", "target", "verdict"], rows))
    for s in sections:
        if not (s.notes or s.details):
            continue
        out += ["", f"## {s.title}", ""]
        out += [f"- {n}" for n in s.notes]
        for d in s.details:
            out += ["", d]
    return "\n".join(out) + "\n"


def peak_rss_mib() -> float:
    """This process's peak RSS so far, MiB.

    Linux's VmHWM belongs to the process's own address space, which exec replaces. ru_maxrss
    does not do for a worker: it is carried across exec from the parent at the fork, so every
    worker of a bench process holding 1.2 GiB reported 1.2 GiB (seen in an earlier run).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
