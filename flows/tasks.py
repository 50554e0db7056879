"""carta's Prefect tasks: each wraps one stage (read, extract, load, check, report) so a flow
only wires them; the reprocess and the nightly share them.

Tasks follow the failure domains: one task per source reads the network (the HTTP client does
all retrying, by each failure's kind; no Prefect retries on top), extraction is a pure task per
source, and one task loads everything in a single warehouse transaction. A source that is not
read ends its task in a Failed state named for why (Unreachable, Blocked, ...) and never fails
the others.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, StateType
from prefect.events import emit_event
from prefect.exceptions import MissingContextError
from prefect.logging import get_logger
from prefect.runtime import flow_run
from prefect.states import Completed, Failed

from carta import exits
from carta.core.documents import SourceResult, SourceState
from carta.core.extraction import Extraction
from carta.loading import RunLoad, load_results, load_spooled, reprocess_batch
from carta.params import ReprocessParams
from normalise.articles import extract_articles, published_until
from scrapers.config import SourceConfig, SourcesConfig
from scrapers.http import HttpClient
from scrapers.run import read_source
from warehouse import backup, db, spool
from warehouse.archive import (
    count_documents,
    read_source_state,
    sync_sources,
)
from warehouse.baseline import initialise
from warehouse.checks import run_checks
from warehouse.reports import night_report
from warehouse.runs import GOOD, RunSummary, abort_stale_runs, record_run

# How a source's outcome shows in the task graph: a source not read is a red task, named by why.
_STATE_NAMES = {
    "partial": "Partial",
    "blocked": "Blocked",
    "unreachable": "Unreachable",
    "failed": "Failed",
    "robots_forbidden": "Robots forbidden",
    "layout_changed": "Layout changed",
}


class SourceNotRead(Exception):
    """The data of a read-source task run that ended Failed: the source's whole outcome (its fetch
    log and whatever it kept) rides with the state, so the run still records and reports it."""

    def __init__(self, result: SourceResult) -> None:
        super().__init__(result)
        self.result = result

    def __str__(self) -> str:
        return f"{self.result.site}: {self.result.status} ({self.result.reason or 'no reason'})"

    def __repr__(self) -> str:  # Prefect logs the state with its data: one short line
        return f"SourceNotRead({self.result.site!r}, {self.result.status!r})"


class RunFailed(Exception):
    """The data of a run that ended Failed. Prefect wants a failed state's data to be an
    exception (any other value makes its engine raise 'Unexpected result for failed state'),
    so the one-line reason and the run's summary travel in one."""

    def __init__(self, message: str, summary: str, row: dict[str, Any], exit_code: int) -> None:
        super().__init__(message, summary, row, exit_code)
        self.message, self.summary, self.row, self.exit_code = message, summary, row, exit_code

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"RunFailed({self.message!r})"


class _FailedRunSaidOnce(logging.Filter):
    """A failed night says why once: in its state message and one ERROR line. Run from a
    deployment, Prefect's engine raises the failed state's data again and logs it, with its
    traceback, as 'Engine execution exited with unexpected exception'; only that record of a
    RunFailed is dropped. Anything else the engine raises is logged as Prefect logs it."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, RunFailed)


class _OneLineFailures(logging.Filter):
    """Prefect logs a failed task with its traceback. For a failure carta explains in one line
    (a warehouse that is damaged, busy, full or not a warehouse) the line says it all, and a
    task that returned a Failed state has no exception at all (Prefect would print 'NoneType:
    None'): such records keep their line and lose the traceback. Bugs keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and (
            record.exc_info[1] is None or isinstance(record.exc_info[1], db.WarehouseError)
        ):
            record.exc_info = None
        return True


logging.getLogger("prefect.flow_runs").addFilter(_FailedRunSaidOnce())
logging.getLogger("prefect.task_runs").addFilter(_OneLineFailures())


def source_state(result: SourceResult) -> State[Any]:
    """The read-source task's final state: Completed for a source read, Failed (named Blocked,
    Unreachable, ...) for one that was not, with the reason as its message."""
    name = _STATE_NAMES.get(result.status)
    if result.status in GOOD:
        return Completed(name=name or "Completed", message=result.reason, data=result)
    return State(
        type=StateType.FAILED,
        name=name or "Failed",
        message=(result.reason or result.status)[:500],
        data=SourceNotRead(result),
    )


def failure_code(summary: RunSummary, cause: BaseException | None = None) -> int:
    """The exit code of a failed run's kind (carta/exits.py): what stopped it, else why it
    ended failed (a contract, no source read, nothing selected)."""
    if isinstance(cause, db.WarehouseBusy):
        return exits.BUSY
    if isinstance(cause, db.WarehouseError) or (cause is not None and db.is_disk_full(cause)):
        return exits.WAREHOUSE
    if cause is not None:
        return exits.INTERNAL
    if summary.failed_checks:
        return exits.FAILED
    if not summary.sources:
        return exits.USAGE
    return exits.SOURCES


def run_state(
    summary: RunSummary, data: dict[str, Any], cause: BaseException | None = None
) -> State[Any]:
    """The flow's final state: Failed with the one-line reason as its message, or Completed."""
    if summary.status == "failed":
        failed = RunFailed(summary.message, data["summary"], data, failure_code(summary, cause))
        return Failed(message=summary.message, data=failed)
    return Completed(message=summary.message, data=data)


def _logger() -> Any:
    try:
        return get_run_logger()
    except MissingContextError:
        return get_logger("carta")


# No Prefect retries: the HTTP client owns retrying (urllib3 for a request, itself for a body),
# deciding from each failure's kind; a second owner would repeat requests the first already
# repeated, against a fresh client that forgot the host's delay and health.
@task(name="read-source", task_run_name="read-{source.id}", cache_policy=NO_CACHE)
def read_source_task(
    source: SourceConfig,
    state: SourceState | None,
    config: SourcesConfig,
    mode: str,
    since: date | None,
    run_id: str,
) -> State[Any]:
    remembered = state.robots_txt if state is not None else None
    with HttpClient(config.settings, run_id=run_id, robots_cache=remembered) as http:
        result = read_source(source, state, http, mode=mode, since=since)  # type: ignore[arg-type]
    return source_state(result)


@task(name="extract", task_run_name="extract-{result.site}", cache_policy=NO_CACHE)
def extract_task(result: SourceResult) -> dict[str, Extraction]:
    return extract_articles(result.articles)


@task(name="load", task_run_name="load", cache_policy=NO_CACHE)
def load_task(
    results: list[SourceResult],
    extractions: dict[str, Extraction],
    summary: RunSummary,
    db_path: str | None,
    config: SourcesConfig,
    spooled: Path,
) -> dict[str, Any]:
    """Everything the run learnt, in one transaction: a reader sees all of it or none. Its
    spool file is then retired (kept until a verified backup holds it)."""

    def finish(con: duckdb.DuckDBPyConnection, loaded: RunLoad) -> None:
        summary.new_meetings = list(loaded.extraction.new_meeting_ids)
        summary.changed_meetings = list(loaded.extraction.changed_meeting_ids)
        summary.totals = {
            **summary.totals,
            **loaded.archive,
            "mentions": loaded.extraction.mentions,
            "figures": loaded.extraction.figures,
        }
        record_run(con, summary)

    path = db.resolve_db_path(db_path)
    _, note = load_results(path, results, extractions, config, summary.run_id, finish)
    if note:
        summary.notes.append(note)
        _logger().warning(note)
    spool.retire(spooled)
    return summary.totals


@task(name="load-spools", task_run_name="load-spools", cache_policy=NO_CACHE)
def load_spools_task(summary: RunSummary, path: Path, config: SourcesConfig) -> int:
    """Load every spool file an interrupted run left (oldest first), each in one transaction
    under its own run id; return the documents loaded."""
    loaded = 0
    for file in spool.pending(spool.spool_dir(path)):
        try:
            left = spool.read(file)
        except spool.SpoolError as exc:
            moved = spool.set_aside(file)
            summary.notes.append(f"spool {file.name} could not be read ({exc}); moved to {moved}")
            _logger().warning(summary.notes[-1])
            continue
        if left.run_id == summary.run_id:
            continue
        n = load_spooled(path, left, config, by_run=summary.run_id)
        spool.retire(file)
        loaded += n
        summary.notes.append(
            f"loaded {n} document(s) fetched by run {left.run_id}, whose load had not finished "
            "(from its spool)"
        )
        _logger().info(summary.notes[-1])
    summary.totals["spooled_documents_loaded"] = loaded
    return loaded


@task(name="backup", task_run_name="backup", cache_policy=NO_CACHE)
def backup_task(summary: RunSummary, path: Path) -> None:
    """A verified copy of the warehouse after a night that loaded; the spools it now holds are
    let go. A backup that cannot be made is a note, not a failed night."""
    try:
        made = backup.make_backup(path, f"{summary.started_at:%Y%m%dT%H%M%S}-{summary.run_id[:8]}")
    except (db.WarehouseError, duckdb.Error, OSError) as exc:
        summary.notes.append(f"no backup was made: {exc}")
        _logger().warning(summary.notes[-1])
        return
    spool.forget_before(spool.spool_dir(path), made.stat().st_mtime)
    summary.notes.append(f"verified backup {made}")


@task(name="prepare", task_run_name="prepare", cache_policy=NO_CACHE)
def prepare_task(summary: RunSummary, db_path: str | None, config: SourcesConfig) -> None:
    """Migrate and seed the warehouse if needed, register the sources and the run."""
    with db.writer(db_path) as con:
        initialise(con)
        with db.transaction(con):
            sync_sources(con, config.listings())
            for run_id in abort_stale_runs(con, summary.run_id):
                _logger().warning(
                    "run %s was left running by a process that is gone: aborted", run_id
                )
            record_run(con, summary)


@task(name="check", task_run_name="check", cache_policy=NO_CACHE)
def check_task(db_path: str | None) -> list[str]:
    with db.reader(db_path) as con:
        return [r.name for r in run_checks(con) if not r.passed]


@task(name="report", task_run_name="report", cache_policy=NO_CACHE)
def report_task(summary: RunSummary, db_path: str | None) -> str:
    """Artifacts with stable keys, alert events, and the run's final row."""
    path = db.resolve_db_path(db_path)
    with db.reader(path) as con:
        report = night_report(con, summary, path.parent / "reports")
    summary.notes.append(f"trade chart written to {report.chart_file}")
    create_markdown_artifact(
        markdown=report.markdown, key=f"carta-{summary.kind}-report", description=summary.message
    )
    create_table_artifact(
        table=report.meetings,
        key=f"carta-{summary.kind}-meetings",
        description="Meetings new or updated in this run, with their sources",
    )
    create_table_artifact(
        table=report.review,
        key=f"carta-{summary.kind}-review",
        description="What deserves a human look (carta review), most important first",
    )
    for a in report.alerts:
        emit_event(
            event=f"carta.source.{a.kind}",
            resource={
                "prefect.resource.id": f"carta.source.{a.site}",
                "prefect.resource.name": a.site,
            },
            payload={
                "source": a.site,
                "source_id": a.source_id,
                "reason": a.reason,
                "run_id": summary.run_id,
            },
        )
    with db.writer(path) as con:
        record_run(con, summary)
    return report.markdown


@task(name="reprocess-batch", cache_policy=NO_CACHE)
def reprocess_batch_task(
    after: str, params: ReprocessParams, config: SourcesConfig, run_id: str
) -> tuple[str | None, dict[str, int]]:
    """Read, re-parse, re-extract and load one batch; return the next cursor and counts."""
    return reprocess_batch(
        params.db, after, params.sources, params.since, params.batch_size, config, run_id
    )


def run_id() -> str:
    fid = flow_run.get_id()
    return str(fid) if fid else str(uuid.uuid4())


def source_states(path: Path, sources: Sequence[SourceConfig], mode: str) -> dict[str, SourceState]:
    """What the warehouse knows of each source, as its configuration asks: the days of known
    URLs a nightly remembers (`incremental.state_window_days`; a backfill remembers all) and
    how far past the newest known item a read goes (`incremental.overlap_days`)."""
    if not path.exists():
        return {}
    try:
        with db.reader(path) as con:
            return {
                s.id: read_source_state(
                    con,
                    s.id,
                    overlap_days=s.incremental.overlap_days,
                    window_days=None if mode == "backfill" else s.incremental.state_window_days,
                    revisit_days=s.incremental.revisit_days if mode == "nightly" else 0,
                    revisit_every_hours=s.incremental.revisit_every_hours,
                )
                for s in sources
            }
    except db.WarehouseNotInitialised:
        return {}


def one_line(exc: BaseException, path: Path) -> str:
    if isinstance(exc, db.WarehouseError):
        return str(exc)
    if db.is_disk_full(exc):
        return db.disk_full_message(path, committed=False)
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:500]


def close_run(summary: RunSummary, db_path: str | None) -> None:
    """Write the failed run's final row if the warehouse can take it; if not (the disk is
    full, the file is held), the next start marks the row aborted."""
    try:
        with db.writer(db_path, wait_seconds=5) as con:
            record_run(con, summary)
    except (db.WarehouseError, duckdb.Error, OSError) as exc:
        _logger().warning("could not close run %s in the warehouse: %s", summary.run_id, exc)


def outcome_of(source: SourceConfig, state: State[Any]) -> SourceResult:
    """A read-source task's SourceResult from its final state, whichever way it ended."""
    outcome = state.result(raise_on_failure=False)
    if isinstance(outcome, SourceResult):
        return outcome
    if isinstance(outcome, SourceNotRead):
        return outcome.result
    # the task itself broke (a bug): the source failed, the others go on
    return SourceResult(source.id, "failed", f"{type(outcome).__name__}: {outcome}")


def select_sources(config: SourcesConfig, wanted: Sequence[str]) -> list[SourceConfig]:
    """The sources to read: the parameters have checked that each one is configured."""
    return [config.get(w) for w in wanted] if wanted else config.enabled()


@task(name="spool", task_run_name="spool", cache_policy=NO_CACHE)
def spool_task(summary: RunSummary, path: Path, results: list[SourceResult]) -> Path:
    """What the run fetched and parsed, on disk before the load: whatever stops the load, the
    next run loads it from here."""
    return spool.write(spool.spool_dir(path), summary.run_id, summary.kind, results)


@task(name="keep-until", task_run_name="keep-until-{until}", cache_policy=NO_CACHE)
def keep_until_task(results: list[SourceResult], until: date) -> list[SourceResult]:
    return [published_until(r, until) for r in results]


def log_summary(summary: RunSummary) -> None:
    _logger().info(summary.text())


def run_stopped(
    summary: RunSummary, db_path: str | None, path: Path, exc: BaseException
) -> State[Any]:
    """Whatever stopped a run (reported, never swallowed): its row closed with one line, and
    the Failed state of its kind."""
    log = _logger()
    log.debug("run %s stopped", summary.run_id, exc_info=True)
    summary.status = "failed"
    summary.message = one_line(exc, path)
    summary.finished_at = datetime.now(UTC)
    close_run(summary, db_path)
    log.error("carta %s run %s failed: %s", summary.kind, summary.run_id, summary.message)
    return run_state(summary, {**summary.row(), "summary": summary.text()}, exc)


@task(name="count-archive", task_run_name="count-archive", cache_policy=NO_CACHE)
def count_archive_task(params: ReprocessParams) -> int:
    """How many archived documents a reprocess will re-read (for its progress bar)."""
    with db.reader(params.db) as con:
        return count_documents(con, params.sources)


@task(name="register-run", task_run_name="register-run", cache_policy=NO_CACHE)
def register_run_task(summary: RunSummary, db_path: str | None) -> None:
    with db.writer(db_path) as con:
        record_run(con, summary)
