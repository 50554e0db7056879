"""The reprocess flow's wiring: archive batches through the parse/extract stages into the load.

Each batch is read with a short read-only connection and written in its own short transaction,
so a re-process of a large archive never holds the warehouse for long and its memory is one
batch whatever the archive's size.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from prefect import task
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State

from normalise.reparse import reparse
from scrapers.config import SourcesConfig, load_config
from warehouse import db
from warehouse.archive import read_document_batch, store_reparsed
from warehouse.load import load_extractions
from warehouse.runs import RunSummary, record_run

if TYPE_CHECKING:
    from carta.params import ReprocessParams


@task(name="reprocess-batch", cache_policy=NO_CACHE)
def reprocess_batch_task(
    after: str, params: ReprocessParams, config: SourcesConfig, run_id: str
) -> tuple[str | None, dict[str, int]]:
    """Read, re-parse, re-extract and load one batch; return the next cursor and counts."""
    with db.reader(params.db) as con:
        batch = read_document_batch(
            con,
            after=after,
            sites=params.sources,
            since=params.since,
            batch_size=params.batch_size,
        )
    if not batch:
        return None, {}
    out = reparse(batch, config)
    with db.writer(params.db) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            articles = store_reparsed(con, out.parsed)
            loaded = load_extractions(con, out.docs, run_id=run_id)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return batch[-1].cursor, {
        "documents": len(batch),
        "articles_changed": articles["updated"] + articles["inserted"],
        "failed": len(out.failed),
        "meetings_new": loaded.meetings_new,
        "meetings_changed": loaded.meetings_changed,
    }


def reprocess_archive(params: ReprocessParams) -> State[Any]:
    from flows.pipeline import _run_id, check_task, report_task, run_state

    config = load_config(params.config)
    run_id = _run_id()
    summary = RunSummary(run_id, "reprocess", datetime.now(UTC), params.model_dump(mode="json"))
    with db.reader(params.db) as con:
        total = con.execute(
            "SELECT count(*) FROM documents WHERE len(?::VARCHAR[]) = 0 "
            "OR list_contains(?::VARCHAR[], site)",
            [params.sources, params.sources],
        ).fetchall()[0][0]
    with db.writer(params.db) as con:
        record_run(con, summary)
    progress: Any = create_progress_artifact(
        progress=0.0, key="carta-reprocess-progress", description="archive documents re-read"
    )
    totals: dict[str, int] = {}
    after: str | None = ""
    done = 0
    while after is not None:
        after, counts = reprocess_batch_task(after, params, config, run_id)
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v
        done += counts.get("documents", 0)
        update_progress_artifact(
            artifact_id=progress, progress=100.0 * done / total if total else 100.0
        )
    summary.totals = totals
    summary.sources = {
        "archive": {
            "status": "ok",
            "listed": done,
            "changed": totals.get("articles_changed", 0),
            "failed": totals.get("failed", 0),
        }
    }
    summary.failed_checks = check_task(params.db)
    summary.status = "failed" if summary.failed_checks else "completed"
    summary.message = (
        f"re-read {done} archived document(s); {totals.get('articles_changed', 0)} changed"
        if not summary.failed_checks
        else f"data contract(s) failed: {', '.join(summary.failed_checks)}"
    )
    summary.finished_at = datetime.now(UTC)
    report_task(summary, params.db)
    return run_state(summary, {**summary.row(), "summary": summary.text()})
