"""Runs that end badly still end plainly (issue 12, item 7): a full disk said in one line with
where and how much, nothing half-loaded, and no `runs` row left `running` for ever. The full disk
is a real tmpfs mounted for the test; the flows run under Prefect's test harness."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from prefect.testing.utilities import prefect_test_harness

from carta.testing.sites.harness import FixtureSites
from flows.pipeline import RunParams, nightly
from tests.test_init import table_fingerprints
from warehouse import db
from warehouse.baseline import initialise


@pytest.fixture(scope="module", autouse=True)
def harness() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 96 MiB tmpfs: a disk that really fills."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", str(mnt)], check=True)
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill(disk: Path, leave: int) -> Path:
    """Write a ballast file until only `leave` bytes are free."""
    ballast = disk / "ballast"
    with ballast.open("wb") as fh:
        block = b"\0" * (1 << 20)
        while shutil.disk_usage(disk).free - len(block) > leave:
            fh.write(block)
            fh.flush()
        rest = shutil.disk_usage(disk).free - leave
        if rest > 0:
            fh.write(b"\0" * rest)
    return ballast


def _warehouse(path: Path) -> None:
    with db.writer(path) as con:
        initialise(con)


def _runs(path: Path) -> list[tuple[Any, ...]]:
    with db.reader(path) as con:
        return con.execute(
            "SELECT run_id, status, summary FROM runs ORDER BY started_at"
        ).fetchall()


def test_too_little_room_for_a_load_is_said_plainly_and_nothing_is_loaded(
    sites: FixtureSites, small_disk: Path
) -> None:
    path = small_disk / "carta.duckdb"
    _warehouse(path)
    before = table_fingerprints(path)
    config = sites.write_override(small_disk.parent / "override.toml")
    _fill(small_disk, leave=24 * 1024 * 1024)
    state = nightly(RunParams(db=str(path), config=str(config)), return_state=True)
    assert state.is_failed()
    message = state.message or ""
    assert message.startswith(f"disk full at {small_disk}:"), message
    assert "MiB free" in message and "nothing of this run was loaded" in message
    after = table_fingerprints(path)
    for table in ("meetings", "meeting_mentions", "documents", "articles", "trade_figures"):
        assert after[table] == before[table], table
    [(_, status, summary)] = _runs(path)
    assert status == "failed" and summary == message  # the row is closed, not left running


def test_a_full_disk_during_writing_is_recognised_by_what_the_system_said(
    small_disk: Path,
) -> None:
    path = small_disk / "full.duckdb"
    _warehouse(path)
    _fill(small_disk, leave=64 * 1024)
    with pytest.raises(duckdb.Error) as caught, db.writer(path) as con:
        con.execute(
            "CREATE TABLE big AS SELECT repeat('x', 1000) || i AS t FROM range(200000) r(i)"
        )
    assert db.is_disk_full(caught.value)
    message = db.disk_full_message(path, committed=False)
    assert message.startswith(f"disk full at {small_disk} (") and "nothing of this run" in message


def test_a_run_left_running_by_a_killed_process_is_aborted_at_the_next_start(
    sites: FixtureSites, tmp_path: Path
) -> None:
    path = tmp_path / "carta.duckdb"
    _warehouse(path)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    with db.writer(path) as con:
        con.execute(
            "INSERT INTO runs (run_id, kind, started_at, status, pid, host) "
            "VALUES ('killed-run', 'nightly', ?, 'running', ?, ?)",
            [datetime.now(UTC), gone.pid, socket.gethostname()],
        )
        con.execute(
            "INSERT INTO runs (run_id, kind, started_at, status, pid, host) "
            "VALUES ('live-run', 'nightly', ?, 'running', ?, ?)",
            [datetime.now(UTC), os.getpid(), socket.gethostname()],
        )
    config = sites.write_override(tmp_path / "override.toml")
    state = nightly(RunParams(db=str(path), config=str(config)), return_state=True)
    assert not state.is_failed(), state.message
    rows = {r[0]: r[1:] for r in _runs(path)}
    status, summary = rows["killed-run"]
    assert status == "aborted"
    assert f"process {gone.pid} on {socket.gethostname()} ended" in summary
    assert rows["live-run"][0] == "running"  # a run whose process lives is left alone
