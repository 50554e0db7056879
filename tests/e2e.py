"""A real Prefect server and a real `carta serve` for end-to-end tests.

Import the fixtures into a test module (`prefect_api = e2e.prefect_api`, ...). The server runs
on a free 127.0.0.1 port with its own PREFECT_HOME; `carta serve` reads the fixture sites into a
temporary warehouse. Both are stopped at the end of the module.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from carta.testing.sites.harness import FixtureSites, serve_sites
from tests.conftest import ROOT

TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_env(home: Path, **extra: str) -> dict[str, str]:
    """No PREFECT_* from the caller, an own PREFECT_HOME, Prefect's telemetry off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
        PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL="WARNING",
    )
    env.update(extra)
    return env


@dataclass
class Stack:
    api: str
    ui: str
    db: Path
    sites: FixtureSites
    serve_log: Path


def _wait_http(url: str, timeout: float, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited early:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process started with start_new_session=True, and its whole group."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # children left behind in the group


@contextlib.contextmanager
def prefect_server(work: Path, port: int, env: dict[str, str]) -> Iterator[tuple[str, Path]]:
    """A real `prefect server start` on 127.0.0.1:`port`, healthy: (its API URL, its log)."""
    log = work / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
             "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=work,
            start_new_session=True,
        )  # fmt: skip
    api = f"http://127.0.0.1:{port}/api"
    try:
        # /api/health is the one route Prefect leaves open even with basic auth on
        _wait_http(f"{api}/health", 180, proc, log)
        yield api, log
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    work = tmp_path_factory.mktemp("e2e")
    port = free_port()
    # ENQUEUE'd runs retry their slot every 3 s instead of 30 s, so tests do not idle; the UI's
    # scripts call the API at this address (the default assumes port 4200).
    server_env = base_env(
        work / "server-home",
        PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS="3",
        PREFECT_UI_API_URL=f"http://127.0.0.1:{port}/api",
    )
    with prefect_server(work, port, server_env) as (api, _), serve_sites() as sites:
        config = sites.write_override(work / "sources.toml")
        db_path = work / "carta.duckdb"
        serve_env = base_env(
            work / "serve-home", PREFECT_API_URL=api, PREFECT_RUNNER_POLL_FREQUENCY="2"
        )
        serve_log = work / "serve.log"
        with serve_log.open("wb") as out:
            serve = subprocess.Popen(
                [sys.executable, "-m", "carta", "serve", "--db", str(db_path), "--config",
                 str(config), "--install-automation"],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=serve_env,
                cwd=ROOT,
                start_new_session=True,
            )  # fmt: skip
        try:
            stack = Stack(api, f"http://127.0.0.1:{port}", db_path, sites, serve_log)
            wait_for_deployments(stack, serve, timeout=120)
            yield stack
        finally:
            stop(serve)


def client(api: str) -> Any:
    from prefect.client.orchestration import SyncPrefectClient

    return SyncPrefectClient(api)


def wait_for_deployments(stack: Stack, serve: subprocess.Popen[bytes], timeout: float) -> None:
    names = ("carta-nightly/nightly", "carta-backfill/backfill", "carta-reprocess/reprocess")
    deadline = time.monotonic() + timeout
    with client(stack.api) as c:
        while True:
            if serve.poll() is not None:
                raise RuntimeError(f"carta serve exited:\n{stack.serve_log.read_text()[-3000:]}")
            found = 0
            for n in names:
                with contextlib.suppress(Exception):
                    c.read_deployment_by_name(n)
                    found += 1
            if found == len(names):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"deployments not registered:\n{stack.serve_log.read_text()[-3000:]}"
                )
            time.sleep(0.5)


def wait_for_run(api: str, flow_run_id: Any, timeout: float = 240) -> Any:
    deadline = time.monotonic() + timeout
    with client(api) as c:
        while True:
            run = c.read_flow_run(flow_run_id)
            if run.state and run.state.type.value in TERMINAL:
                return run
            if time.monotonic() > deadline:
                raise AssertionError(f"run {flow_run_id} still {run.state} after {timeout} s")
            time.sleep(0.5)
