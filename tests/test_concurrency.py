"""What an analyst sees while a load is running (the README promises exactly this).

A writer process holds one load transaction open for a few seconds. A reader started meanwhile
waits, then sees the whole load; a reader that will not wait long gets a clear 'busy' error and
exit code 75 instead of a half-written warehouse.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.conftest import ROOT, run_carta

HOLD_SECONDS = 4.0

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from warehouse import db
    path, marker, hold = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
    with db.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        for i in range(3):
            con.execute(
                "INSERT INTO trade_figures (figure_id, scope, year, period, period_kind, value,"
                " unit, qualifier, as_quoted, provenance, doc_id) VALUES"
                " (?, 'RU-KZ', 2024, '2024', 'year', 1e9, 'USD', 'exact', 'x', 'baseline', NULL)",
                [f"load-{i}"],
            )
            if i == 0:
                marker.write_text("holding")
                time.sleep(hold)
        con.execute("COMMIT")
    """
)


def start_writer(db_path: Path, marker: Path) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), str(marker), str(HOLD_SECONDS)], cwd=ROOT
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, "writer died before taking the lock"
        assert time.monotonic() < deadline, "writer never took the lock"
        time.sleep(0.05)
    return proc


def test_reader_waits_for_the_load_and_sees_all_of_it(initialised_db: Path, tmp_path: Path) -> None:
    writer = start_writer(initialised_db, tmp_path / "marker")
    started = time.monotonic()
    res = run_carta(
        "sql",
        "--db",
        str(initialised_db),
        "--wait",
        "60",
        "--format",
        "csv",
        "select count(*) from trade_figures where figure_id like 'load-%'",
    )
    waited = time.monotonic() - started
    assert writer.wait(timeout=60) == 0
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[1] == "3"  # the whole load, never part of it
    assert waited >= HOLD_SECONDS * 0.5  # it really waited for the writer


def test_impatient_reader_gets_a_clear_busy_error(initialised_db: Path, tmp_path: Path) -> None:
    writer = start_writer(initialised_db, tmp_path / "marker")
    try:
        res = run_carta("sql", "--db", str(initialised_db), "--wait", "0.5", "select 1")
    finally:
        assert writer.wait(timeout=60) == 0
    assert res.returncode == 75
    assert "being written by another process" in res.stderr
    after = run_carta(
        "sql",
        "--db",
        str(initialised_db),
        "--format",
        "csv",
        "select count(*) from trade_figures where figure_id like 'load-%'",
    )
    assert after.stdout.splitlines()[1] == "3"
