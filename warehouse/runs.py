"""The `runs` table: one row per flow run, so SQL can answer "which run loaded this row"."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb

from warehouse import queries
from warehouse.upsert import merge_rows

GOOD = frozenset({"ok", "partial"})  # the source statuses that count as read


@dataclass
class RunSummary:
    """What a run did, per source and in total; written to `runs` and shown in the report."""

    run_id: str
    kind: str
    started_at: datetime
    params: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    new_meetings: list[str] = field(default_factory=list)
    changed_meetings: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a user should know (a late disk full)
    status: str = "running"
    message: str = ""
    finished_at: datetime | None = None
    prefect_flow_run_id: str | None = None
    pid: int = field(default_factory=os.getpid)
    host: str = field(default_factory=socket.gethostname)

    def counts(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "totals": self.totals,
            "new_meetings": self.new_meetings,
            "changed_meetings": self.changed_meetings,
            "failed_checks": self.failed_checks,
            "notes": self.notes,
        }

    def row(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "kind": self.kind,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "status": self.status,
            "params": json.dumps(self.params, default=str, sort_keys=True),
            "counts": json.dumps(self.counts(), default=str, sort_keys=True),
            "summary": self.message,
            "prefect_flow_run_id": self.prefect_flow_run_id,
            "pid": self.pid,
            "host": self.host,
        }

    def text(self) -> str:
        """The plain-text summary `carta run` prints."""
        lines = [f"carta {self.kind} run {self.run_id}: {self.status.upper()} - {self.message}"]
        for site, s in sorted(self.sources.items()):
            counts = " ".join(
                f"{k}={s.get(k, 0)}"
                for k in ("listed", "new", "changed", "unchanged", "failed", "blocked")
            )
            why = str(s.get("reason") or "")
            if s.get("failure"):
                why = f"{s['failure']}: {why}" if why else str(s["failure"])
            reason = f" ({why[:160]}{'…' if len(why) > 160 else ''})" if why else ""
            lines.append(f"  {site:10s} {s.get('status', '?'):16s} {counts}{reason}")
        if self.new_meetings or self.changed_meetings:
            lines.append(
                f"  meetings: {len(self.new_meetings)} new, {len(self.changed_meetings)} updated"
            )
        if self.failed_checks:
            lines.append(f"  failed contracts: {', '.join(self.failed_checks)}")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


def conclude(summary: RunSummary, statuses: dict[str, str]) -> None:
    """The run's status and its one-line message from each source's status (site -> status)
    and the contracts: failed when nothing was selected, a contract failed or no source was
    read; partial when some were not read; completed otherwise."""
    good = [site for site, status in statuses.items() if status in GOOD]
    bad = [f"{site} {status}" for site, status in statuses.items() if status not in GOOD]
    if not statuses:
        summary.status, summary.message = "failed", "no source selected"
    elif summary.failed_checks:
        summary.status = "failed"
        summary.message = f"data contract(s) failed: {', '.join(summary.failed_checks)}"
    elif not good:
        summary.status = "failed"
        summary.message = f"no source succeeded ({'; '.join(bad)})"
    elif bad:
        summary.status = "partial"
        summary.message = f"{len(good)} of {len(statuses)} sources read; failed: {'; '.join(bad)}"
    else:
        summary.status = "completed"
        summary.message = f"all {len(statuses)} sources read"
    summary.finished_at = datetime.now(UTC)


def conclude_reprocess(summary: RunSummary, totals: dict[str, int]) -> None:
    """A reprocess's status and message from its batch totals and the contracts."""
    done, changed = totals.get("documents", 0), totals.get("articles_changed", 0)
    summary.totals = totals
    summary.sources = {
        "archive": {"status": "ok", "listed": done, "changed": changed,
                    "failed": totals.get("failed", 0)}
    }  # fmt: skip
    conclude(summary, {"archive": "ok"})
    if summary.status == "completed":
        summary.message = f"re-read {done} archived document(s); {changed} changed"


def record_run(con: duckdb.DuckDBPyConnection, summary: RunSummary) -> None:
    """Insert or update the run's row (called at the start and at the end of a run)."""
    merge_rows(con, "runs", [summary.row()], ["run_id"])


# A run whose process is on another machine cannot be checked; after this long it is not running.
STALE_ELSEWHERE = timedelta(days=2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def abort_stale_runs(con: duckdb.DuckDBPyConnection, current_run_id: str) -> list[str]:
    """Close the `running` rows of runs whose process is gone (killed, crashed, machine
    rebooted) as `aborted`, so no row stays `running` for ever; return their ids. A run of a
    live process, here or on another machine within two days, is left alone."""
    here = socket.gethostname()
    now = datetime.now(UTC)
    rows = queries.run(con, "runs_running_others", run_id=current_run_id).fetchall()
    aborted = []
    for run_id, pid, host, started_at in rows:
        if host == here and pid is not None:
            gone = not _alive(int(pid))
            why = f"process {pid} on {host} ended before the run finished (killed or crashed)"
        else:
            gone = started_at is not None and now - started_at > STALE_ELSEWHERE
            why = f"still 'running' after {STALE_ELSEWHERE.days} days; its process is gone"
        if gone:
            queries.run(con, "runs_abort", now=now, summary=f"aborted: {why}", run_id=run_id)
            aborted.append(str(run_id))
    return aborted


def close_from_spool(con: duckdb.DuckDBPyConnection, run_id: str, by_run: str) -> None:
    """Close the row of a run whose load did not finish, once its spool has been loaded."""
    note = f"its load did not finish; its data was loaded from its spool by {by_run}"
    queries.run(
        con, "runs_close_from_spool", now=datetime.now().astimezone(), note=note, run_id=run_id
    )
