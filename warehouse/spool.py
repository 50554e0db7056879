"""The durable spool: what a run fetched and parsed, kept beside the warehouse until it is loaded.

A load can be stopped by anything (a lock held by an analyst's notebook, a full disk, a kill);
the night's fetching must not be lost with it. Before the load, a run writes everything it read
into one file per run; after its load commits, the file is removed. The next run loads any file
still there before it fetches, so nothing fetched is ever lost and the warehouse ends up as if
the night had not been interrupted (loading is idempotent: a file loaded twice changes nothing).

Format (version 1): a gzip file `<run_id>.spool` of JSON lines - a header (format, version,
run id, kind, when), one line per source result (its fetches, raw documents and parsed
articles), and a trailer with the count and the SHA-256 of the lines before it. It is written
to a temporary name, flushed to disk and renamed, so a file under its real name is whole; one
whose checksum does not match is moved aside to `bad/`, never loaded and never deleted.
Extractions are not stored: they are recomputed from the articles, as a re-process does.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from carta.core.dates import PartialDate
from carta.core.documents import FetchRecord, ParsedArticle, RawDocument, SourceResult

log = logging.getLogger(__name__)

FORMAT = "carta-spool"
VERSION = 1
SUFFIX = ".spool"

_CLASSES: dict[str, type[Any]] = {
    c.__name__: c for c in (SourceResult, FetchRecord, RawDocument, ParsedArticle, PartialDate)
}


class SpoolError(RuntimeError):
    """A spool file that cannot be read: truncated, altered, or of an unknown version."""


@dataclass(frozen=True)
class Spooled:
    """One spool file read back."""

    path: Path
    run_id: str
    kind: str
    created_at: datetime
    results: tuple[SourceResult, ...]


def spool_dir(db_path: Path) -> Path:
    """`CARTA_SPOOL`, or `spool/` beside the warehouse file."""
    configured = os.environ.get("CARTA_SPOOL", "").strip()
    return Path(configured) if configured else db_path.parent / "spool"


def write(directory: Path, run_id: str, kind: str, results: Sequence[SourceResult]) -> Path:
    """Write the run's results durably; return the file. Replaces an older file of the run."""
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{run_id}{SUFFIX}"
    tmp = directory / f".{run_id}{SUFFIX}.tmp"
    digest = hashlib.sha256()
    header = {"format": FORMAT, "version": VERSION, "run_id": run_id, "kind": kind}
    header["created_at"] = datetime.now().astimezone().isoformat()
    with tmp.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        for record in [header, *({"result": _encode(r)} for r in results)]:
            line = json.dumps(record, ensure_ascii=False, sort_keys=True).encode() + b"\n"
            digest.update(line)
            fh.write(line)
        trailer = {"end": True, "results": len(results), "sha256": digest.hexdigest()}
        fh.write(json.dumps(trailer).encode() + b"\n")
        fh.flush()
        raw.flush()
        os.fsync(raw.fileno())
    tmp.replace(final)
    _fsync_dir(directory)
    return final


def pending(directory: Path) -> list[Path]:
    """The spool files waiting to be loaded, oldest first."""
    if not directory.is_dir():
        return []
    return sorted(directory.glob(f"*{SUFFIX}"), key=lambda p: (p.stat().st_mtime, p.name))


def read(path: Path) -> Spooled:
    """Read a spool file back, checking it is whole and unaltered; `SpoolError` if not."""
    digest = hashlib.sha256()
    header: dict[str, Any] | None = None
    results: list[SourceResult] = []
    trailer: dict[str, Any] | None = None
    try:
        with gzip.open(path, "rb") as fh:
            for line in fh:
                record = json.loads(line)
                if trailer is not None:
                    raise SpoolError(f"{path.name}: data after the trailer")
                if record.get("end"):
                    trailer = record
                    continue
                digest.update(line)
                if header is None:
                    header = record
                else:
                    results.append(_decode(record["result"]))
    except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
        raise SpoolError(f"{path.name}: unreadable ({type(exc).__name__}: {exc})") from exc
    if header is None or header.get("format") != FORMAT:
        raise SpoolError(f"{path.name}: not a carta spool file")
    if header.get("version") != VERSION:
        raise SpoolError(f"{path.name}: spool version {header.get('version')} is not {VERSION}")
    if trailer is None:
        raise SpoolError(f"{path.name}: no trailer (the file was cut short)")
    if trailer.get("sha256") != digest.hexdigest() or trailer.get("results") != len(results):
        raise SpoolError(f"{path.name}: checksum does not match (the file was altered)")
    return Spooled(
        path,
        str(header["run_id"]),
        str(header["kind"]),
        datetime.fromisoformat(str(header["created_at"])),
        tuple(results),
    )


def set_aside(path: Path) -> Path:
    """Move a spool file that cannot be read to `bad/`, where a person can look at it."""
    bad = path.parent / "bad"
    bad.mkdir(exist_ok=True)
    target = bad / path.name
    path.replace(target)
    return target


def retire(path: Path) -> Path:
    """Move a spool file whose load has committed to `loaded/`, where it stays until a verified
    backup holds its data (`forget_before`): a restore loads it again."""
    done = path.parent / "loaded"
    done.mkdir(exist_ok=True)
    target = done / path.name
    path.replace(target)
    _fsync_dir(path.parent)
    return target


def loaded_since(directory: Path, moment: float) -> list[Path]:
    """The retired spool files written after `moment` (a backup's time), oldest first."""
    done = directory / "loaded"
    if not done.is_dir():
        return []
    files = [p for p in done.glob(f"*{SUFFIX}") if p.stat().st_mtime > moment]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))


def forget_before(directory: Path, moment: float) -> int:
    """Delete the retired spool files that a backup made at `moment` holds."""
    done = directory / "loaded"
    gone = 0
    for p in done.glob(f"*{SUFFIX}") if done.is_dir() else []:
        if p.stat().st_mtime <= moment:
            p.unlink()
            gone += 1
    return gone


def documents(results: Iterable[SourceResult]) -> int:
    return sum(len(r.documents) for r in results)


# ---------------------------------------------------------------------------- the codec


def _encode(value: Any) -> Any:
    """JSON for the records' values: datetimes, bytes, tuples and the record classes tagged."""
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, tuple):
        return {"$t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"$d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if name not in _CLASSES:
            raise TypeError(f"{name} cannot be spooled")
        return {"$c": name, "f": {f.name: _encode(getattr(value, f.name)) for f in fields(value)}}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"{type(value).__name__} cannot be spooled")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$dt" in value:
        return datetime.fromisoformat(value["$dt"])
    if "$b64" in value:
        return base64.b64decode(value["$b64"])
    if "$t" in value:
        return tuple(_decode(v) for v in value["$t"])
    if "$d" in value:
        return {_decode(k): _decode(v) for k, v in value["$d"]}
    if "$c" in value:
        cls = _CLASSES[value["$c"]]
        return cls(**{k: _decode(v) for k, v in value["f"].items()})
    raise ValueError(f"unknown value {sorted(value)[:3]}")


def _fsync_dir(directory: Path) -> None:
    """Make a rename or a removal in `directory` survive a power cut."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
