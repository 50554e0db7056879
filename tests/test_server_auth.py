"""A Prefect server bound to 127.0.0.1 with basic auth (issue 12, item 10).

One real `prefect server start` with PREFECT_SERVER_API_AUTH_STRING, shared by the module. API
calls without the credential, or with a wrong one, get 401; with it they work. `carta serve`
without PREFECT_API_AUTH_STRING, or with a wrong one, exits at once with a clear message. With it,
`carta serve` registers the three deployments and runs one, which shows that the flow-run
subprocess gets the credential too.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests import e2e
from tests.conftest import ROOT
from tests.e2e import free_port

DEPLOYMENTS = {"carta-nightly/nightly", "carta-backfill/backfill", "carta-reprocess/reprocess"}
TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}


@dataclass
class Server:
    api: str
    auth: tuple[str, str]
    auth_string: str
    work: Path
    log: Path


def _tail(path: Path) -> str:
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    work = tmp_path_factory.mktemp("auth")
    port = free_port()
    user, password = "carta", secrets.token_urlsafe(24)
    auth_string = f"{user}:{password}"
    env = e2e.base_env(
        work / "server-home",
        PREFECT_SERVER_API_AUTH_STRING=auth_string,
        PREFECT_UI_API_URL=f"http://127.0.0.1:{port}/api",
    )
    with e2e.prefect_server(work, port, env) as (api, log):
        yield Server(api, (user, password), auth_string, work, log)


def _call(server: Server, method: str, path: str, body: Any = None) -> requests.Response:
    """An authenticated API call, retried like Prefect's own client on 503 (which the server
    answers when its SQLite database is busy, e.g. while it schedules a new deployment's runs)."""
    for _ in range(20):
        r = requests.request(method, server.api + path, json=body, auth=server.auth, timeout=10)
        if r.status_code not in (429, 502, 503):
            break
        time.sleep(0.5)
    return r


def _deployments(server: Server) -> list[dict[str, Any]]:
    r = _call(server, "POST", "/deployments/filter", {})
    r.raise_for_status()
    flows = _call(server, "POST", "/flows/filter", {})
    flows.raise_for_status()
    flow_names = {f["id"]: f["name"] for f in flows.json()}
    return [{**d, "full_name": f"{flow_names.get(d['flow_id'])}/{d['name']}"} for d in r.json()]


def test_an_unauthenticated_api_call_is_refused(server: Server) -> None:
    for method, path, body in (
        ("GET", "/admin/version", None),
        ("POST", "/flows/filter", {}),
        ("POST", "/deployments/filter", {}),
    ):
        r = requests.request(method, server.api + path, json=body, timeout=10)
        assert r.status_code == 401, (path, r.status_code, r.text)
        assert r.json() == {"exception_message": "Unauthorized"}
    wrong = requests.get(f"{server.api}/admin/version", auth=("carta", "wrong"), timeout=10)
    assert wrong.status_code == 401
    # only the liveness probe stays open; it reveals nothing
    assert requests.get(f"{server.api}/health", timeout=10).status_code == 200


def test_the_credential_is_accepted(server: Server) -> None:
    version = _call(server, "GET", "/admin/version")
    assert version.status_code == 200, version.text
    assert version.json().startswith("3.")
    flows = _call(server, "POST", "/flows/filter", {})
    assert flows.status_code == 200, flows.text
    assert isinstance(flows.json(), list)


@pytest.mark.parametrize("credential", [None, "carta:wrong"], ids=["none", "wrong"])
def test_carta_serve_without_the_credential_exits_with_a_clear_message(
    server: Server, credential: str | None
) -> None:
    before = {d["full_name"] for d in _deployments(server)}
    extra = {"PREFECT_API_URL": server.api}
    if credential:
        extra["PREFECT_API_AUTH_STRING"] = credential
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "carta", "serve", "--db", str(server.work / "noauth.duckdb")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=e2e.base_env(server.work / "noauth-home", **extra),
        check=False,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 1, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    assert "refused the request (HTTP 401)" in done.stderr, done.stderr[-2000:]
    assert "PREFECT_API_AUTH_STRING" in done.stderr
    assert server.api in done.stderr
    assert "Traceback" not in done.stderr
    assert elapsed < 90
    assert {d["full_name"] for d in _deployments(server)} == before


def test_carta_serve_with_the_credential_registers_and_runs_its_deployments(
    server: Server,
) -> None:
    db_path = server.work / "carta.duckdb"
    env = e2e.base_env(
        server.work / "serve-home",
        PREFECT_API_URL=server.api,
        PREFECT_API_AUTH_STRING=server.auth_string,
        PREFECT_RUNNER_POLL_FREQUENCY="2",
    )
    init = subprocess.run(
        [sys.executable, "-m", "carta", "init", "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert init.returncode == 0, init.stderr[-2000:]
    log = server.work / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "carta", "serve", "--db", str(db_path)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert serve.poll() is None, f"carta serve exited:\n{_tail(log)}"
            found = {d["full_name"]: d for d in _deployments(server)}
            if found.keys() >= DEPLOYMENTS:
                break
            assert time.monotonic() < deadline, f"deployments not registered:\n{_tail(log)}"
            time.sleep(0.5)
        nightly = found["carta-nightly/nightly"]
        assert not nightly["paused"], nightly
        assert [s["schedule"]["cron"] for s in nightly["schedules"]] == ["0 2 * * *"], nightly

        # a run triggered through the API: the runner and the flow-run subprocess it starts
        # both report states, so COMPLETED means the credential reached both
        reprocess = found["carta-reprocess/reprocess"]
        created = _call(server, "POST", f"/deployments/{reprocess['id']}/create_flow_run", {})
        assert created.status_code == 201, created.text
        run_id = created.json()["id"]
        deadline = time.monotonic() + 120
        while True:
            run = _call(server, "GET", f"/flow_runs/{run_id}")
            run.raise_for_status()
            state = (run.json().get("state") or {}).get("type")
            if state in TERMINAL:
                break
            assert serve.poll() is None, f"carta serve exited:\n{_tail(log)}"
            assert time.monotonic() < deadline, f"run still {state}:\n{_tail(log)}"
            time.sleep(0.5)
        assert state == "COMPLETED", (run.json()["state"], _tail(log))
        assert "Unauthorized" not in log.read_text(errors="replace")
    finally:
        e2e.stop(serve)
