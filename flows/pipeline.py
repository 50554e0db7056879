"""carta's nightly and backfill flows: they only wire the tasks of flows/tasks.py together.

read every source (in parallel) -> keep what falls before `until` -> extract -> spool -> load
-> check -> back up -> report. Whatever stops a run closes its row in one line; a run ends
Failed only when no source was read or a data contract failed, and says why.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from prefect import flow
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from carta.core.extraction import Extraction
from carta.params import BackfillParams, ReprocessParams, RunParams
from flows import tasks as t
from flows.reprocess import reprocess
from scrapers.config import load_config
from warehouse import db
from warehouse.runs import RunSummary, conclude

__all__ = [
    "BackfillParams",
    "ReprocessParams",
    "RunFailed",
    "RunParams",
    "backfill",
    "nightly",
    "reprocess",
]

RunFailed = t.RunFailed


def _workers() -> int:
    """The task runner's threads: `settings.max_workers` of the configuration in force."""
    return load_config().settings.max_workers


def _pipeline(kind: str, params: RunParams, mode: str, since: date | None) -> State[Any]:
    config = load_config(params.config)
    path = db.resolve_db_path(params.db)
    summary = RunSummary(
        t.run_id(),
        kind,
        datetime.now(UTC),
        params.model_dump(mode="json"),
        prefect_flow_run_id=str(flow_run.get_id() or "") or None,
    )
    try:
        t.prepare_task(summary, params.db, config)
        # what an interrupted load left behind is loaded first, before anything new is fetched
        t.load_spools_task(summary, path, config)
        sources = t.select_sources(config, params.sources)
        states = t.source_states(path, sources, mode)
        reads = [
            t.read_source_task.submit(s, states.get(s.id), config, mode, since, summary.run_id)
            for s in sources
        ]
        progress: Any = (
            create_progress_artifact(0.0, key="carta-backfill-progress", description="sources read")
            if kind == "backfill"
            else None
        )
        results = []
        for i, (source, read) in enumerate(zip(sources, reads, strict=True), start=1):
            read.wait()
            results.append(t.outcome_of(source, read.state))
            if progress is not None:
                update_progress_artifact(artifact_id=progress, progress=100.0 * i / len(sources))
        until = getattr(params, "until", None)
        if until is not None:
            results = t.keep_until_task(results, until)
        summary.sources = {
            r.site: {"status": r.status, "failure": r.failure, "reason": r.reason, **r.counts}
            for r in results
        }
        extractions: dict[str, Extraction] = {}
        for fut in [t.extract_task.submit(r) for r in results if r.articles]:
            extractions.update(fut.result())
        spooled = t.spool_task(summary, path, results)
        t.load_task(results, extractions, summary, params.db, config, spooled)
        summary.failed_checks = t.check_task(params.db)
        conclude(summary, {r.site: r.status for r in results})
        if summary.status != "failed":
            t.backup_task(summary, path)
        t.report_task(summary, params.db)
        t.log_summary(summary)
        return t.run_state(summary, {**summary.row(), "summary": summary.text()})
    except Exception as exc:  # noqa: BLE001 - logged with its traceback and closed in run_stopped
        return t.run_stopped(summary, params.db, path, exc)


@flow(name="carta-nightly", task_runner=ThreadPoolTaskRunner(max_workers=_workers()))  # type: ignore[arg-type]
def nightly(params: RunParams = RunParams()) -> State[Any]:  # noqa: B008 - pydantic default
    """Nightly: read every source's newest items, archive, extract and load them."""
    return _pipeline("nightly", params, "nightly", None)


@flow(name="carta-backfill", task_runner=ThreadPoolTaskRunner(max_workers=_workers()))  # type: ignore[arg-type]
def backfill(params: BackfillParams) -> State[Any]:
    """Backfill: walk each source back to `since` where the site allows, then load."""
    return _pipeline("backfill", params, "backfill", params.since)
