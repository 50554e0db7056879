"""The durable spool (issue 12, item 6): what a run fetched survives a load that cannot finish.

Real things throughout: the fixture sites on 127.0.0.1, real DuckDB files, another process
holding the warehouse's lock, `carta run` killed with SIGKILL, Prefect's test harness."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prefect.testing.utilities import prefect_test_harness

from carta.testing.sites.harness import FixtureSites
from flows.pipeline import RunParams, nightly
from scrapers.run import read_sources
from warehouse import db, spool
from warehouse.baseline import initialise

ROOT = Path(__file__).resolve().parents[1]

# What the warehouse knows, without the columns that say which run or when it was loaded.
CONTENT = {
    "meetings": "SELECT meeting_id, event_type, status, date, city, ordinal, countries "
    "FROM meetings",
    "meeting_mentions": "SELECT mention_id, meeting_id, doc_id, role, status_claimed, "
    "date_claimed, city_claimed, published_date FROM meeting_mentions",
    "documents": "SELECT doc_id, canonical_url, content_hash FROM documents",
    "articles": "SELECT doc_id, title, published_date, md5(body_text), encoding FROM articles",
    "trade_figures": "SELECT figure_id, scope, year, value, unit, change_pct FROM trade_figures",
    "participations": "SELECT * FROM participations",
}


@pytest.fixture(scope="module", autouse=True)
def harness() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=180):
        yield


def _content(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with db.reader(path) as con:
        return {t: sorted(con.execute(q).fetchall(), key=repr) for t, q in CONTENT.items()}


def _warehouse(path: Path) -> None:
    with db.writer(path) as con:
        initialise(con)


class _Holder:
    """Another process that holds the warehouse open for writing until told to stop."""

    def __init__(self, path: Path) -> None:
        code = (
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(path)!r})\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n"
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "locked"

    def release(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def test_a_spool_file_reads_back_what_was_written(sites: FixtureSites, tmp_path: Path) -> None:
    config = sites.config()
    results = read_sources(config.enabled(), config=config)
    file = spool.write(tmp_path, "run-1", "nightly", results)
    back = spool.read(file)
    assert back.run_id == "run-1" and back.results == tuple(results)
    assert spool.documents(back.results) > 20


def test_an_altered_spool_file_is_refused(sites: FixtureSites, tmp_path: Path) -> None:
    config = sites.config({"sources": {n: {"enabled": n == "newsite"} for n in sites.sites}})
    file = spool.write(tmp_path, "run-2", "nightly", read_sources(config.enabled(), config=config))
    lines = gzip.decompress(file.read_bytes()).splitlines(keepends=True)
    lines[1] = lines[1].replace(b"newsite", b"oldsite")
    file.write_bytes(gzip.compress(b"".join(lines)))
    with pytest.raises(spool.SpoolError, match="checksum"):
        spool.read(file)
    file.write_bytes(gzip.compress(b"".join(lines[:-1])))  # cut before its trailer
    with pytest.raises(spool.SpoolError, match="cut short"):
        spool.read(file)


def _calm_history(sites: FixtureSites, tmp_path: Path, name: str) -> tuple[str, Path, Path]:
    """The override, a warehouse with the uninterrupted history (two nights; the sites replay
    the same answers for each), and an empty warehouse `name/carta.duckdb` to interrupt."""
    config = str(sites.write_override(tmp_path / "override.toml"))
    calm, other = tmp_path / "calm.duckdb", tmp_path / name / "carta.duckdb"
    other.parent.mkdir()
    for p in (calm, other):
        _warehouse(p)
    sites.reset()
    for _ in range(2):
        assert nightly(RunParams(db=str(calm), config=config), return_state=True).is_completed()
    return config, calm, other


def test_a_load_blocked_past_its_wait_loses_nothing(
    sites: FixtureSites, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, calm, blocked = _calm_history(sites, tmp_path, "blocked")
    # night one: while it fetches, an analyst's notebook opens the file, and holds it for
    # longer than the load waits
    monkeypatch.setenv("CARTA_DB_WAIT", "1")
    sites.reset()
    outcome: dict[str, Any] = {}
    night = threading.Thread(
        target=lambda: outcome.update(
            state=nightly(RunParams(db=str(blocked), config=config), return_state=True)
        )
    )
    night.start()
    deadline = time.monotonic() + 120
    while not sites["mid_ru"].hits:  # fetching has begun: the warehouse is free
        assert time.monotonic() < deadline, "the night never started fetching"
        time.sleep(0.05)
    holder = _Holder(blocked)
    try:
        night.join(timeout=300)
    finally:
        holder.release()
    state = outcome["state"]
    assert state.is_failed()
    assert "being written by another process" in (state.message or "")
    assert f"held by process {holder.proc.pid}" in (state.message or "")  # who, as DuckDB says
    assert len(spool.pending(spool.spool_dir(blocked))) == 1  # what it fetched is kept
    # night two loads what night one fetched, before it fetches
    state = nightly(RunParams(db=str(blocked), config=config), return_state=True)
    assert state.is_completed(), state.message
    assert spool.pending(spool.spool_dir(blocked)) == []
    data = state.data if isinstance(state.data, dict) else state.result()
    assert "whose load had not finished" in data["summary"]
    assert _content(blocked) == _content(calm)


def test_a_run_killed_after_fetching_loses_nothing(sites: FixtureSites, tmp_path: Path) -> None:
    config, calm, killed = _calm_history(sites, tmp_path, "killed")
    sites.reset()
    env = {**os.environ, "CARTA_DB_WAIT": "120", "PREFECT_HOME": str(tmp_path / "prefect")}
    run = subprocess.Popen(
        [sys.executable, "-m", "carta", "run", "--db", str(killed), "--config", config],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    holder = None
    try:
        deadline = time.monotonic() + 150
        while not sites["mid_ru"].hits:  # fetching has begun: the warehouse is free
            assert run.poll() is None, "carta run ended before it fetched"
            assert time.monotonic() < deadline, "carta run never started fetching"
            time.sleep(0.05)
        holder = _Holder(killed)  # the load waits for the lock: the moment to kill it
        while not spool.pending(spool.spool_dir(killed)):
            assert run.poll() is None, "carta run ended before it spooled"
            assert time.monotonic() < deadline, "no spool file within 150 s"
            time.sleep(0.2)
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        if holder is not None:
            holder.release()
    state = nightly(RunParams(db=str(killed), config=config), return_state=True)
    assert state.is_completed(), state.message
    assert spool.pending(spool.spool_dir(killed)) == []
    assert _content(killed) == _content(calm)
    with db.reader(killed) as con:
        statuses = dict(con.execute("SELECT run_id, status FROM runs").fetchall())
    assert "running" not in statuses.values()  # the killed run's row is aborted
