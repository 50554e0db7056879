"""The reprocess flow: archive batches through parse and extract into the load, no fetching.

Each batch is read with a short read-only connection and written in its own short transaction
(flows/tasks.py), so a re-process of a large archive never holds the warehouse for long and its
memory is one batch whatever the archive's size.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from prefect import flow
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.client.schemas.objects import State

from carta.params import ReprocessParams
from flows import tasks as t
from scrapers.config import load_config
from warehouse import db
from warehouse.runs import RunSummary, conclude_reprocess


@flow(name="carta-reprocess")
def reprocess(params: ReprocessParams = ReprocessParams()) -> State[Any]:  # noqa: B008
    """Reprocess: re-parse and re-extract the archive, no fetching; load the differences."""
    config = load_config(params.config)
    summary = RunSummary(t.run_id(), "reprocess", datetime.now(UTC), params.model_dump(mode="json"))
    path = db.resolve_db_path(params.db)
    try:
        total = t.count_archive_task(params)
        t.register_run_task(summary, params.db)
        progress: Any = create_progress_artifact(
            progress=0.0, key="carta-reprocess-progress", description="archive documents re-read"
        )
        totals: dict[str, int] = {}
        after: str | None = ""
        while after is not None:
            after, counts = t.reprocess_batch_task(after, params, config, summary.run_id)
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + v
            done = totals.get("documents", 0)
            update_progress_artifact(
                artifact_id=progress, progress=100.0 * done / total if total else 100.0
            )
        summary.failed_checks = t.check_task(params.db)
        conclude_reprocess(summary, totals)
        t.report_task(summary, params.db)
        return t.run_state(summary, {**summary.row(), "summary": summary.text()})
    except Exception as exc:  # noqa: BLE001 - logged with its traceback and closed in run_stopped
        return t.run_stopped(summary, params.db, path, exc)
