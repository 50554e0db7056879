"""Verified backups, and the one way back from a damaged warehouse.

After each night that loaded, the warehouse file is copied to `backups/` beside it, the copy is
read in full (every block's checksum checked), and only then named as a backup; the newest few
are kept. The spool files of the loads since the newest backup are kept too (`spool/loaded/`),
so `restore` (the newest backup, then those spools loaded again) gives back everything the raw
archive held, without the network.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse import db

KEEP = 3
SUFFIX = ".duckdb"


@dataclass(frozen=True)
class Restored:
    backup: Path
    set_aside: Path | None
    spools: tuple[Path, ...]


def backup_dir(path: Path) -> Path:
    """`CARTA_BACKUPS`, or `backups/` beside the warehouse file."""
    configured = os.environ.get("CARTA_BACKUPS", "").strip()
    return Path(configured) if configured else path.parent / "backups"


def keep() -> int:
    raw = os.environ.get("CARTA_BACKUPS_KEEP", "").strip()
    try:
        return max(1, int(raw)) if raw else KEEP
    except ValueError as exc:
        raise db.WarehouseError(f"CARTA_BACKUPS_KEEP={raw!r} is not a whole number") from exc


def backups(path: Path) -> list[Path]:
    """The verified backups of the warehouse at `path`, newest first."""
    where = backup_dir(path)
    if not where.is_dir():
        return []
    found = [p for p in where.glob(f"{path.stem}-*{SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def make_backup(path: Path, tag: str) -> Path:
    """Copy the (checkpointed, unlocked) warehouse, verify the copy in full, keep the newest
    few; a copy that does not verify is deleted and `WarehouseCorrupt` raised."""
    where = backup_dir(path)
    where.mkdir(parents=True, exist_ok=True)
    final = where / f"{path.stem}-{tag}{SUFFIX}"
    tmp = where / f".{final.name}.tmp"
    shutil.copyfile(path, tmp)
    try:
        con = duckdb.connect(str(tmp), read_only=True)
        try:
            db.verify(con, path, full=True)
        finally:
            con.close()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(final)
    for old in backups(path)[keep() :]:
        old.unlink(missing_ok=True)
    return final


def restore(path: Path, source: Path | None = None) -> Restored:
    """Put the newest verified backup (or `source`) in place of the warehouse, the damaged file
    set aside beside it (never deleted). The caller then loads the spools of the loads since."""
    chosen = source or next(iter(backups(path)), None)
    if chosen is None or not chosen.is_file():
        raise db.WarehouseError(
            f"no backup of {path} in {backup_dir(path)}: nothing to restore from (rebuild with "
            "`carta init` and `carta backfill`)"
        )
    aside = None
    if path.exists():
        aside = path.with_name(f"{path.name}.damaged-{int(chosen.stat().st_mtime)}")
        path.replace(aside)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.replace(wal.with_name(wal.name + ".damaged"))
    shutil.copyfile(chosen, path)
    return Restored(chosen, aside, ())
