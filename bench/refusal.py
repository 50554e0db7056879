"""6. Refusal: how long a mistaken `carta run` takes to say so (issue 13: under 1 s).

Each case runs the real `carta` console script in a fresh process with a parameter the command
refuses. It must answer before Prefect is imported (which alone takes ~2 s) or its temporary
server starts (~15 s here); the ratio is against the interpreter starting and doing nothing, in
the same run, so a slow machine moves both.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.common import ROOT, Section, Settings, bench_env, md_table, median, timed, verdict

TARGET_SECONDS = 1.0
CARTA = Path(sys.executable).with_name("carta")


def cases(work: Path) -> list[tuple[str, list[str], int]]:
    future = (date.today() + timedelta(days=7)).isoformat()
    return [
        ("unknown source", ["run", "--sources", "bogus"], 2),
        ("future --since", ["run", "--since", future], 2),
        (
            "--until before --since",
            ["backfill", "--since", "2025-02-01", "--until", "2025-01-01"],
            2,
        ),
        ("--batch-size 0", ["reprocess", "--batch-size", "0"], 2),
        ("--db is a folder", ["run", "--db", str(work)], 3),
    ]


def _call(args: list[str], code: int, env: dict[str, str]) -> None:
    proc = subprocess.run(
        [str(CARTA), *args], capture_output=True, text=True, cwd=ROOT, env=env, check=False
    )
    if proc.returncode != code:
        raise RuntimeError(f"carta {' '.join(args)} exited {proc.returncode}: {proc.stderr}")


def run(settings: Settings) -> Section:
    sec = Section("refusal", "6. Refusal: a mistaken `carta run` says so before anything starts")
    env = bench_env()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env["CARTA_DB"] = str(work / "never.duckdb")
        floor = median(
            timed(
                lambda: subprocess.run([sys.executable, "-c", "pass"], check=True),
                warmup=settings.warmup,
                repeats=settings.repeats,
            )
        )
        rows = []
        worst = 0.0
        for name, args, code in cases(work):
            t = median(
                timed(
                    lambda a=args, c=code: _call(a, c, env),
                    warmup=settings.warmup,  # type: ignore[misc]
                    repeats=settings.repeats,
                )
            )
            worst = max(worst, t)
            rows.append((name, f"carta {' '.join(args)}", f"{t:.2f} s", f"{t / floor:.1f}x"))
        made = (work / "never.duckdb").exists()
    sec.add(
        "slowest refusal (median wall, console script)",
        f"{worst:.2f} s",
        f"{worst / floor:.1f}x python -c pass ({floor:.2f} s)",
        f"< {TARGET_SECONDS:.0f} s",
        verdict(worst < TARGET_SECONDS and not made),
    )
    sec.details.append(md_table(["case", "command", "median", "vs. python -c pass"], rows))
    sec.notes.append(
        "No case created a warehouse or started Prefect."
        if not made
        else "A case created a warehouse: the refusal came too late."
    )
    return sec
