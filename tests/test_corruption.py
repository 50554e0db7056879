"""A damaged warehouse is found, never written to, and restored without losing what the raw
archive held (issue 12, item 8): real nights from the fixture sites, real flipped bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prefect.testing.utilities import prefect_test_harness

from carta.testing.sites.harness import FixtureSites
from flows.pipeline import RunParams, nightly
from tests.conftest import run_carta
from tests.test_spool import _content, _warehouse
from warehouse import backup, spool


@pytest.fixture(scope="module", autouse=True)
def harness() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=180):
        yield


def _damage(path: Path) -> None:
    """Flip 64 bytes in every 256 KiB block after the header: the blocks fail their checksums."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        for offset in range(12288 + 262144, size, 262144):
            fh.seek(offset + 100)
            data = fh.read(64)
            fh.seek(offset + 100)
            fh.write(bytes(b ^ 0xFF for b in data))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_damaged_warehouse_is_refused_and_restored(
    sites: FixtureSites, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = str(sites.write_override(tmp_path / "override.toml"))
    path = tmp_path / "carta.duckdb"
    _warehouse(path)
    # night one: two sources, then a verified backup
    one: Any = nightly(
        RunParams(db=str(path), config=config, sources=["mid_ru", "mfa_tm"]), return_state=True
    )
    assert one.is_completed(), one.message
    [made] = backup.backups(path)
    assert spool.loaded_since(spool.spool_dir(path), 0) == []  # the backup holds night one
    # night two: every source, but its backup cannot be written
    blocked = tmp_path / "no-backups"
    blocked.write_text("a file where the backup folder should be")
    monkeypatch.setenv("CARTA_BACKUPS", str(blocked))
    state: Any = nightly(RunParams(db=str(path), config=config), return_state=True)
    assert state.is_completed(), state.message
    monkeypatch.delenv("CARTA_BACKUPS")
    assert len(spool.loaded_since(spool.spool_dir(path), made.stat().st_mtime)) == 1
    good = _content(path)

    _damage(path)
    damaged = _sha(path)
    status = run_carta("status", "--db", str(path))
    assert status.returncode == 3, status.stderr
    [line] = status.stderr.strip().splitlines()
    assert "is damaged" in line and "carta restore" in line
    # a night refuses to write to it, and says why in one line
    state = nightly(RunParams(db=str(path), config=config), return_state=True)
    assert state.is_failed() and "is damaged" in (state.message or "")
    assert _sha(path) == damaged

    restored = run_carta("restore", "--db", str(path), "--config", config)
    assert restored.returncode == 0, restored.stderr
    assert f"from {made}" in restored.stdout and "1 night(s)" in restored.stdout
    assert _content(path) == good  # nothing the raw archive held is lost
    assert any(p.name.startswith("carta.duckdb.damaged-") for p in tmp_path.iterdir())
    assert path.stat().st_size > 0
