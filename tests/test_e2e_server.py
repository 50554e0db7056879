"""End to end: a real `prefect server`, `carta serve`, runs triggered through the API as the UI's
Run button does, and the rows and artifacts they leave behind."""

from __future__ import annotations

import threading
from typing import Any

from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

from tests import e2e
from warehouse import db


def _trigger(api: str, name: str, parameters: dict[str, Any] | None = None) -> Any:
    with e2e.client(api) as c:
        dep = c.read_deployment_by_name(name)
        return c.create_flow_run_from_deployment(dep.id, parameters=parameters or {}).id


def test_serve_registers_three_deployments_with_the_nightly_schedule(stack: e2e.Stack) -> None:
    with e2e.client(stack.api) as c:
        nightly = c.read_deployment_by_name("carta-nightly/nightly")
        backfill = c.read_deployment_by_name("carta-backfill/backfill")
        reprocess = c.read_deployment_by_name("carta-reprocess/reprocess")
    (schedule,) = nightly.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 2 * * *", "Asia/Almaty")
    assert schedule.active
    for dep in (nightly, backfill, reprocess):
        assert dep.global_concurrency_limit is not None
        assert dep.global_concurrency_limit.limit == 1
        assert str(dep.concurrency_options.collision_strategy.value) == "ENQUEUE"
    # the parameters are typed: the UI renders them as a form
    props = nightly.parameter_openapi_schema["properties"]
    assert "params" in props
    # the schedule's time zone, which the UI's deployment list leaves out, is in a tag
    assert nightly.tags[0] == "Asia/Almaty" and "carta" in nightly.tags
    # source ids are a choice: those of the configuration `carta serve --config` was given
    for dep in (nightly, backfill, reprocess):
        defs = dep.parameter_openapi_schema["definitions"]
        (model,) = [d for d in defs.values() if "sources" in d.get("properties", {})]
        choice = model["properties"]["sources"]["items"]["enum"]
        assert {"mid_ru", "gov_kz", "newsite"} <= set(choice), choice


def test_bad_parameters_from_the_ui_are_refused_in_one_line(stack: e2e.Stack) -> None:
    """A source id outside the choice is refused when the run is created; a date the schema
    cannot judge (in the future) fails the run at its start with carta's own line."""
    import pytest
    from prefect.exceptions import PrefectHTTPStatusError

    with e2e.client(stack.api) as c:
        dep = c.read_deployment_by_name("carta-backfill/backfill")
        with pytest.raises(PrefectHTTPStatusError) as refused:
            c.create_flow_run_from_deployment(
                dep.id, parameters={"params": {"since": "2025-01-01", "sources": ["bogus"]}}
            )
    assert refused.value.response.status_code in (409, 422)
    assert "bogus" in refused.value.response.text
    future = "2999-01-01"
    run_id = _trigger(stack.api, "carta-backfill/backfill", {"params": {"since": future}})
    run = e2e.wait_for_run(stack.api, run_id)
    assert run.state.type.value == "FAILED"
    assert f"since {future} is in the future" in (run.state.message or ""), run.state.message


def test_nightly_triggered_through_the_api_completes_and_loads(stack: e2e.Stack) -> None:
    run_id = _trigger(stack.api, "carta-nightly/nightly")
    run = e2e.wait_for_run(stack.api, run_id)
    assert run.state.type.value == "COMPLETED", stack.serve_log.read_text()[-3000:]
    with db.reader(stack.db) as con:
        meetings = {
            r[0]
            for r in con.execute(
                "SELECT meeting_id FROM meetings WHERE provenance = 'extracted'"
            ).fetchall()
        }
        (prefect_id,) = con.execute(
            "SELECT prefect_flow_run_id FROM runs ORDER BY started_at DESC LIMIT 1"
        ).fetchall()[0]
    assert "ca_russia_fm-09" in meetings and "phone_call-RU-TJ-2026-01-20" in meetings
    assert prefect_id == str(run_id)
    with e2e.client(stack.api) as c:
        arts = c.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
        )
    keys = {a.key for a in arts}
    assert {"carta-nightly-report", "carta-nightly-meetings"} <= keys


def test_two_runs_triggered_at_once_do_not_both_write(stack: e2e.Stack) -> None:
    ids: list[Any] = []

    def fire() -> None:
        ids.append(_trigger(stack.api, "carta-nightly/nightly"))

    threads = [threading.Thread(target=fire) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seen_waiting = False
    runs = []
    for rid in ids:
        runs.append(e2e.wait_for_run(stack.api, rid, timeout=300))
    with e2e.client(stack.api) as c:
        for rid in ids:
            history = c.read_flow_run_states(rid)
            seen_waiting |= any(s.name == "AwaitingConcurrencySlot" for s in history)
    assert all(r.state.type.value == "COMPLETED" for r in runs)
    first, second = sorted(runs, key=lambda r: r.start_time)
    assert first.end_time <= second.start_time, "the two runs overlapped"
    assert seen_waiting, "the second run never waited for the first"


def test_example_automation_fires_on_a_source_event(stack: e2e.Stack, tmp_path: Any) -> None:
    import os
    import subprocess
    import sys
    import time

    from prefect.events.filters import EventFilter, EventNameFilter

    with e2e.client(stack.api) as c:
        (automation,) = c.read_automations_by_name("carta-source-alerts")
    assert "carta.source.silent" in automation.trigger.expect
    env = {**os.environ, "PREFECT_API_URL": stack.api, "PREFECT_HOME": str(tmp_path)}
    emitted = subprocess.run(
        [
            sys.executable,
            "-m",
            "prefect",
            "event",
            "emit",
            "carta.source.silent",
            "--resource-id",
            "carta.source.mfa_kg",
            "--payload",
            '{"source": "mfa_kg"}',
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert emitted.returncode == 0, emitted.stderr
    deadline = time.monotonic() + 45
    fired = []
    while not fired and time.monotonic() < deadline:
        with e2e.client(stack.api) as c:
            page = c.read_events(
                filter=EventFilter(event=EventNameFilter(name=["prefect.automation.triggered"])),
                limit=50,
            )
        fired = [e for e in page.events if e.resource.id == f"prefect.automation.{automation.id}"]
        time.sleep(1)
    assert fired, "the automation did not fire"
