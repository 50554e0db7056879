"""Opening the warehouse: paths, the single-writer discipline, migrations and views.

DuckDB lets one process hold a file for writing *or* many processes read it, never both, and a
refused open fails at once (measured: 8-12 ms). carta therefore keeps the write lock only for one
short load transaction (all fetching, parsing and extraction happen before it), and every open -
reader or writer - retries with backoff for a bounded time before it gives up with
`WarehouseBusy`. A reader thus waits at most for one load transaction and never sees half of one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import random
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

DEFAULT_DB = Path("data") / "carta.duckdb"
DEFAULT_WAIT_SECONDS = 60.0

_MIGRATION_RE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class WarehouseError(RuntimeError):
    """Base class of the errors a user of the warehouse sees, each with a readable message."""


class WarehouseBusy(WarehouseError):
    """Another process held the file for longer than we were willing to wait."""


class WarehouseTooNew(WarehouseError):
    """The file was migrated by a newer carta than this one; writing it could corrupt it."""


class WarehouseNotInitialised(WarehouseError):
    """A read was asked of a file that does not exist or was never migrated."""


class MigrationError(WarehouseError):
    """A migration file is missing, renamed, edited after being applied, or failed."""


class WarehouseCorrupt(WarehouseError):
    """The file's blocks fail DuckDB's checksums: it is read no further and never written."""


# DuckDB has no error class of its own for a damaged file, only these messages: a block that
# fails its checksum, and a file cut short (a copy interrupted, a disk that filled mid-write).
_DAMAGED = ("Corrupt database file", "Could not read enough bytes from file")


def is_corrupt(exc: BaseException) -> bool:
    """A damaged warehouse file, as DuckDB reports one."""
    return isinstance(exc, duckdb.Error) and any(m in str(exc) for m in _DAMAGED)


def corrupt_message(path: Path, exc: BaseException) -> str:
    detail = str(exc).split("\n")[0]
    return (
        f"the warehouse {path} is damaged ({detail}); carta will not write to it. "
        "Restore the last verified backup with `carta restore` (README: When the warehouse is "
        "damaged)"
    )


# Tables checked on every open for writing: all but the append-only archive, whose bodies are
# large (they are checked in full when a backup is made, and read as the load needs them).
_ARCHIVE_TABLES = frozenset({"documents", "articles", "fetches"})


def verify(con: duckdb.DuckDBPyConnection, path: Path, *, full: bool = False) -> None:
    """Read every column of every table (`full`), or of all but the archive, so DuckDB checks
    each block's checksum; `WarehouseCorrupt` at the first that fails."""
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_schema = 'main' ORDER BY table_name"
        ).fetchall()
    ]
    try:
        for table in tables:
            if not full and table in _ARCHIVE_TABLES:
                continue
            # identifiers from the catalog, not values: quoted, never user input
            con.execute(f'SELECT count(*), sum(hash(COLUMNS(*))) FROM "{table}"').fetchall()
    except duckdb.Error as exc:
        if is_corrupt(exc):
            raise WarehouseCorrupt(corrupt_message(path, exc)) from exc
        raise


class DiskFull(WarehouseError):
    """No room left where the warehouse lives; the message says where, how much, and whether
    the run's data was loaded."""


# A load is not started with less free space than this beside the warehouse: DuckDB needs room
# for its write-ahead log and the checkpoint that follows the commit.
MIN_FREE_BYTES = 64 * 1024 * 1024


def free_bytes(path: Path) -> int:
    """Free space on the file system that holds `path` (or would)."""
    where = path if path.exists() else path.parent
    while not where.exists() and where != where.parent:
        where = where.parent
    return shutil.disk_usage(where).free


def is_disk_full(exc: BaseException) -> bool:
    """An error that says the disk is full: an OSError with ENOSPC, or DuckDB's IO error (it
    carries no errno, only the operating system's message)."""
    for e in (exc, exc.__cause__, exc.__context__):
        if isinstance(e, OSError) and e.errno == errno.ENOSPC:
            return True
        if isinstance(e, duckdb.Error) and "No space left on device" in str(e):
            return True
    return False


def min_free_bytes() -> int:
    """MIN_FREE_BYTES, or CARTA_MIN_FREE_MB for a machine whose disk is small on purpose."""
    raw = os.environ.get("CARTA_MIN_FREE_MB", "").strip()
    if not raw:
        return MIN_FREE_BYTES
    try:
        return max(0, int(float(raw) * 1024 * 1024))
    except ValueError as exc:
        raise WarehouseError(f"CARTA_MIN_FREE_MB={raw!r} is not a number of MiB") from exc


def check_free_space(path: Path, need: int = 0) -> None:
    """Refuse to start a load that the disk cannot hold, before anything is written."""
    free = free_bytes(path)
    want = max(min_free_bytes(), need)
    if free < want:
        raise DiskFull(
            f"disk full at {path.parent}: {_mib(free)} free, a load needs at least {_mib(want)}; "
            "nothing of this run was loaded (free space, then run again)"
        )


def _mib(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


def disk_full_message(path: Path, committed: bool) -> str:
    """What happened, in one line, when the disk filled during a load."""
    free = _mib(free_bytes(path))
    if committed:
        return (
            f"disk full at {path.parent} ({free} free) after the load was committed: the run's "
            "data is in the warehouse (its write-ahead log); DuckDB finishes the checkpoint at the "
            "next open once there is room"
        )
    return (
        f"disk full at {path.parent} ({free} free) during the load: nothing of this run was "
        "loaded, the warehouse is as it was before (free space, then run again)"
    )


def sql_dir() -> Path:
    """Where the SQL lives: the repository's `sql/`, or its copy inside an installed wheel."""
    packaged = Path(__file__).with_name("_sql")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "sql"


_PROJECT_NAME = re.compile(r'^name\s*=\s*"carta"\s*$', re.MULTILINE)


def project_dir(start: Path | None = None) -> Path:
    """The carta project the command runs in, found as git finds its repository: `CARTA_HOME`,
    else the nearest folder at or above `start` (the working directory) that holds carta's
    `pyproject.toml` or a `data/carta.duckdb`, else the working directory itself. So `carta sql`
    from a subfolder reads the project's warehouse, and `carta init` there makes no second one."""
    home = os.environ.get("CARTA_HOME")
    if home:
        return Path(home).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DEFAULT_DB).is_file():
            return folder
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                text = pyproject.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if _PROJECT_NAME.search(text):
                return folder
    return here


def resolve_db_path(db: str | os.PathLike[str] | None = None) -> Path:
    """`--db`, else `CARTA_DB`, else `data/carta.duckdb` in the project (`project_dir`)."""
    if db:
        return Path(db)
    env = os.environ.get("CARTA_DB")
    if env:
        return Path(env)
    return project_dir() / DEFAULT_DB


def check_target(path: Path) -> None:
    """Before a run starts anything slow: `path` is a warehouse carta can open for writing, or a
    place where one can be made. Raises `WarehouseError` with one line; a file that another
    process holds is fine here (the run waits for it)."""
    if path.is_dir():
        raise WarehouseError(_unopenable(path, RuntimeError("a folder")))
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise WarehouseError(f"{path} cannot be written by this user; carta will not run")
        try:
            con = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise WarehouseError(_unopenable(path, exc)) from exc
            return
        try:
            verify(con, path)  # a damaged file is said now, not from inside a task
        finally:
            con.close()
        return
    ancestor = path.parent.absolute()
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise WarehouseError(f"cannot create the warehouse {path}: {ancestor} is not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise WarehouseError(f"cannot create the warehouse {path}: {ancestor} is not writable")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def available_migrations() -> list[Migration]:
    """The migrations shipped with this code, in order; gaps and duplicates are refused."""
    found: list[Migration] = []
    for path in sorted((sql_dir() / "migrations").glob("*.sql")):
        m = _MIGRATION_RE.match(path.name)
        if not m:
            raise MigrationError(f"migration file name must be NNN_name.sql: {path.name}")
        found.append(Migration(int(m.group(1)), m.group(2), path))
    for expected, mig in enumerate(found, start=1):
        if mig.version != expected:
            raise MigrationError(
                f"migrations must be numbered 001, 002, ... without gaps; found {mig.path.name}"
            )
    return found


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def connect(
    path: Path,
    *,
    read_only: bool,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> duckdb.DuckDBPyConnection:
    """Open `path`, retrying while another process holds a conflicting lock.

    Backoff starts at 50 ms and doubles to 1 s, with jitter, so many waiting readers do not
    retry in lock-step; after `wait_seconds` the caller gets `WarehouseBusy`.
    """
    if read_only and not path.exists():
        raise WarehouseNotInitialised(
            f"no warehouse at {path}: run `carta init` (or pass --db / set CARTA_DB)"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise WarehouseError(_unopenable(path, exc)) from exc
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                mode = "read" if read_only else "write"
                raise WarehouseBusy(
                    f"{path} is being written by another process ({_holder(exc)}); gave up "
                    f"waiting to {mode} after {wait_seconds:.0f} s. "
                    f"Retry, or raise the wait with --wait / CARTA_DB_WAIT."
                ) from exc
            time.sleep(min(remaining, delay * (0.5 + random.random())))
            delay = min(delay * 2, 1.0)


def _unopenable(path: Path, exc: BaseException) -> str:
    """Why `path` cannot be opened as a warehouse, in one line: a folder, a file that is not a
    DuckDB database (or is cut short), a place carta may not write."""
    if path.is_dir():
        return f"{path} is a folder, not a warehouse file (pass --db FILE.duckdb)"
    detail = str(exc).splitlines()[0]
    if not path.exists() or os.access(path, os.R_OK):
        return f"{path} cannot be opened as a carta warehouse ({detail})"
    return f"{path} cannot be read ({detail})"


_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


def _holder(exc: BaseException) -> str:
    """Who holds the lock, as DuckDB names it ("held in /usr/bin/python3 (PID 4242)"): the
    program and its process id, so a user can find the notebook or job that keeps the file."""
    m = _HOLDER.search(str(exc))
    if m is None:
        return "a carta load holds it for one transaction, or another program keeps it open"
    return f"held by process {m.group('pid')}, {m.group('program')}"


def default_wait() -> float:
    raw = os.environ.get("CARTA_DB_WAIT")
    if not raw:
        return DEFAULT_WAIT_SECONDS
    try:
        return float(raw)
    except ValueError as exc:
        raise WarehouseError(f"CARTA_DB_WAIT must be a number of seconds, got {raw!r}") from exc


def applied_versions(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """Version -> checksum of each migration recorded in the file (empty for a new file)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchall()
    if exists[0][0] == 0:
        return {}
    rows = con.execute("SELECT version, checksum FROM schema_migrations").fetchall()
    return {int(v): str(c) for v, c in rows}


def check_compatible(con: duckdb.DuckDBPyConnection, path: Path) -> list[Migration]:
    """Refuse a file migrated by newer code or with edited migrations; return what is pending."""
    shipped = available_migrations()
    applied = applied_versions(con)
    newest_known = shipped[-1].version if shipped else 0
    too_new = sorted(v for v in applied if v > newest_known)
    if too_new:
        raise WarehouseTooNew(
            f"{path} has schema version {max(too_new)}, newer than this carta knows "
            f"({newest_known}); upgrade carta before writing to it"
        )
    for mig in shipped:
        if mig.version in applied and applied[mig.version] != mig.checksum:
            raise MigrationError(
                f"migration {mig.path.name} was changed after it was applied to {path}; "
                "add a new migration instead of editing an applied one"
            )
    return [m for m in shipped if m.version not in applied]


def migrate(con: duckdb.DuckDBPyConnection, path: Path) -> list[Migration]:
    """Apply pending migrations, each in its own transaction with its bookkeeping row."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, checksum VARCHAR NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL)"
    )
    pending = check_compatible(con, path)
    for mig in pending:
        try:
            with transaction(con):
                con.execute(mig.path.read_text(encoding="utf-8"))
                con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?, now())",
                    [mig.version, mig.name, mig.checksum],
                )
        except duckdb.Error as exc:
            raise MigrationError(f"migration {mig.path.name} failed: {exc}") from exc
    return pending


def view_files() -> list[Path]:
    return sorted((sql_dir() / "views").glob("*.sql"))


def apply_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every view from `sql/views/`; views follow the code, tables follow migrations."""
    for path in view_files():
        con.execute(path.read_text(encoding="utf-8"))


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    applied = applied_versions(con)
    return max(applied) if applied else 0


@contextlib.contextmanager
def reader(
    db: str | os.PathLike[str] | None = None, *, wait_seconds: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, held only as long as the `with` block."""
    path = resolve_db_path(db)
    con = connect(path, read_only=True, wait_seconds=_wait(wait_seconds))
    try:
        pending = check_compatible(con, path)
        if applied_versions(con) == {}:
            raise WarehouseNotInitialised(f"{path} holds no carta schema: run `carta init`")
        if pending:
            raise WarehouseNotInitialised(
                f"{path} is at schema version {schema_version(con)}, this carta expects "
                f"{pending[-1].version}: run `carta init` to migrate it"
            )
        yield con
    finally:
        con.close()


def confine(con: duckdb.DuckDBPyConnection, *, allow_files: bool = False) -> None:
    """Shut a read-only connection in with its warehouse file, for SQL that a person typed.

    `enable_external_access = false` refuses every path but the warehouse's own: COPY ... TO,
    EXPORT / IMPORT DATABASE, read_csv / read_text / read_parquet / read_json / glob, ATTACH,
    secrets, URLs, and INSTALL / LOAD of extensions (the ones the views use - icu, json, parquet -
    are built in and already loaded). `allow_files` lets the query read and write local files
    (the whole file system is an allowed directory) and still refuses URLs and extension loading;
    ATTACHed files open read-only like the warehouse. `lock_configuration` then refuses every
    later SET, so the query cannot turn any of this back on (DuckDB also refuses re-enabling
    external access by itself).
    """
    if allow_files:
        root = Path(os.sep).resolve().anchor.replace("'", "''")
        con.execute(f"SET allowed_directories = ['{root}']")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


@contextlib.contextmanager
def query_reader(
    db: str | os.PathLike[str] | None = None,
    *,
    wait_seconds: float | None = None,
    allow_files: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for user SQL (`carta sql`): the warehouse and nothing else.

    See `confine`; `allow_files=True` is the explicit opt-in to local files, for exports.
    """
    with reader(db, wait_seconds=wait_seconds) as con:
        confine(con, allow_files=allow_files)
        yield con


@contextlib.contextmanager
def writer(
    db: str | os.PathLike[str] | None = None, *, wait_seconds: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one read-write connection: migrates and refreshes views on open, checkpoints on close.

    Keep the block short - readers wait for it. Do the slow work before entering.
    """
    path = resolve_db_path(db)
    con = connect(path, read_only=False, wait_seconds=_wait(wait_seconds))
    try:
        # a damaged file is refused before anything is written to it
        verify(con, path)
        migrate(con, path)
        apply_views(con)
        yield con
        con.execute("CHECKPOINT")
    except duckdb.Error as exc:
        if is_corrupt(exc):
            raise WarehouseCorrupt(corrupt_message(path, exc)) from exc
        raise
    finally:
        con.close()


def _wait(wait_seconds: float | None) -> float:
    return default_wait() if wait_seconds is None else wait_seconds


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN, then COMMIT, or ROLLBACK on any error. DuckDB may have aborted the transaction
    itself (a full disk), so a ROLLBACK that fails is a note on the error that caused it, never
    a new error hiding it."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException as exc:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error as failed:
            exc.add_note(f"the rollback after it failed too: {failed}")
        raise
