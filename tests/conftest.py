"""Shared test fixtures: real DuckDB files in temporary directories, real subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Fixtures registered once for every test module: the fixture sites (one server set per session)
# and the real Prefect server with `carta serve` (one per module that asks for `stack`).
pytest_plugins = ["tests.fixture_sites", "tests.e2e"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# Prefect must never write to ~ or reach the internet from tests (see shared/research/stack.md).
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect" / "tests"))
Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "carta.duckdb"


@pytest.fixture
def initialised_db(db_path: Path) -> Iterator[Path]:
    from warehouse import db
    from warehouse.baseline import initialise

    with db.writer(db_path) as con:
        initialise(con)
    yield db_path


# The console script `uv run carta` runs, installed beside this interpreter.
CARTA = Path(sys.executable).with_name("carta")


def run_carta(
    *args: str,
    input: str | None = None,
    timeout: float = 120,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """Run the real `carta` console script in a child process, as a user would."""
    command = [str(CARTA)] if CARTA.exists() else [sys.executable, "-m", "carta"]
    return subprocess.run(
        [*command, *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=False,
    )
