"""The flows under Prefect's test harness, reading the fixture sites into a real DuckDB file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prefect import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from prefect.events.filters import EventFilter, EventNameFilter
from prefect.testing.utilities import prefect_test_harness

from flows.pipeline import ReprocessParams, RunParams, nightly, reprocess
from tests.test_init import table_fingerprints
from warehouse import db

EXPECTED = {
    "bilateral_talks-KG-RU-2025-11-12": ("held", "Moscow"),
    "bilateral_talks-RU-TM-2026-02-05": ("held", "Ashgabat"),
    "bilateral_talks-RU-TM-2026-03-03": ("held", "Moscow"),
    "bilateral_talks-RU-UZ-2025-10-14": ("held", "Tashkent"),
    "ca_russia_fm-08": ("held", "Almaty"),
    "ca_russia_fm-09": ("announced", "Dushanbe"),
    "phone_call-RU-TJ-2026-01-20": ("held", None),
}
CONTENT_TABLES = (
    "meetings",
    "meeting_mentions",
    "participations",
    "trade_figures",
    "documents",
    "articles",
)


@pytest.fixture(scope="module", autouse=True)
def harness() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=180):
        yield


def _run(params: RunParams) -> Any:
    state = nightly(params, return_state=True)
    return state


def _content(path: Path) -> dict[str, Any]:
    """Every content table; documents without `last_seen_at`, which records each sighting."""
    prints = table_fingerprints(path)
    out: dict[str, Any] = {t: prints[t] for t in CONTENT_TABLES if t != "documents"}
    with db.reader(path) as con:
        out["documents"] = con.execute(
            "SELECT * EXCLUDE (last_seen_at) FROM documents ORDER BY ALL"
        ).fetchall()
    return out


def _task_states(flow_run_id: Any) -> dict[str, tuple[str, str]]:
    """Each task run of a flow run, as the UI's task graph shows it: (state type, state name)."""
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    return {r.name: (r.state.type.value, r.state.name) for r in runs if r.state}


def _artifacts(flow_run_id: Any) -> dict[str, Any]:
    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {a.key: a for a in arts if a.key}


def test_nightly_loads_the_expected_meetings_and_a_second_run_changes_nothing(
    sites: Any, tmp_path: Path
) -> None:
    path = tmp_path / "carta.duckdb"
    config = sites.write_override(tmp_path / "sources.toml")
    params = RunParams(db=str(path), config=str(config))
    first = _run(params)
    assert first.is_completed(), first.message
    with db.reader(path) as con:
        got = {
            mid: (status, city)
            for mid, status, city in con.execute(
                "SELECT meeting_id, status, city FROM meetings WHERE provenance = 'extracted' "
                "OR meeting_id = 'ca_russia_fm-08'"
            ).fetchall()
        }
        runs = con.execute("SELECT status FROM runs").fetchall()
    assert got == EXPECTED
    assert runs == [("completed",)]
    report = _artifacts(first.state_details.flow_run_id)
    assert {"carta-nightly-report", "carta-nightly-meetings", "carta-nightly-review"} <= set(report)
    markdown = report["carta-nightly-report"].data
    assert "ca_russia_fm-09" in markdown and "data:image/svg+xml;base64," in markdown
    changed = markdown.split("## What changed", 1)[1].split("\n## ", 1)[0]
    assert "| ca_russia_fm-09 | meeting | – | created | new_meeting |" in changed
    assert (path.parent / "reports").is_dir()

    before = _content(path)
    second = _run(params)
    assert second.is_completed(), second.message
    assert _content(path) == before
    with db.reader(path) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchall() == [(2,)]
        article_fetches = con.execute(
            "SELECT count(*) FROM fetches f JOIN runs r USING (run_id) "
            "WHERE r.started_at = (SELECT max(started_at) FROM runs) AND f.purpose = 'article' "
            "AND f.outcome = 'ok'"
        ).fetchall()[0][0]
    assert article_fetches == 0


def test_one_site_down_the_others_still_load_and_the_report_names_it(
    sites: Any, tmp_path: Path
) -> None:
    path = tmp_path / "carta.duckdb"
    config = sites.write_override(
        tmp_path / "sources.toml", {"sources": {"mfa_tm": {"base_url": "http://127.0.0.1:9"}}}
    )
    state = _run(RunParams(db=str(path), config=str(config)))
    assert state.is_completed()  # partial: other sources succeeded
    with db.reader(path) as con:
        ids = {r[0] for r in con.execute("SELECT meeting_id FROM meetings").fetchall()}
        (status,) = con.execute("SELECT status FROM runs").fetchall()[0]
    assert "bilateral_talks-RU-TM-2026-02-05" not in ids  # only mfa_tm reports it
    assert "bilateral_talks-RU-UZ-2025-10-14" in ids
    assert status == "partial"
    markdown = _artifacts(state.state_details.flow_run_id)["carta-nightly-report"].data
    line = next(x for x in markdown.splitlines() if x.startswith("| mfa_tm |"))
    assert "unreachable" in line
    reasons = markdown.split("### Reasons", 1)[1]
    assert "- **mfa_tm** (unreachable):" in reasons and "[127.0.0.1:9/tk/news](" in reasons
    # the task graph shows which source was not read, and why; the others are green
    tasks = _task_states(state.state_details.flow_run_id)
    assert tasks["read-mfa_tm"] == ("FAILED", "Unreachable")
    assert tasks["read-mfa_uz"][0] == "COMPLETED"
    assert tasks["load"] == ("COMPLETED", "Completed")


def test_no_source_succeeding_fails_the_run_and_keeps_the_warehouse(
    sites: Any, tmp_path: Path
) -> None:
    path = tmp_path / "carta.duckdb"
    down = {s: {"base_url": "http://127.0.0.1:9"} for s in ("mid_ru", "gov_kz")}
    config = sites.write_override(tmp_path / "sources.toml", {"sources": down})
    state = _run(RunParams(db=str(path), config=str(config), sources=["mid_ru", "gov_kz"]))
    assert state.is_failed()
    assert "no source succeeded" in (state.message or "")
    # a failed night is a Failed state whose data Prefect's engine can raise (an exception
    # carrying the summary), not a dict it chokes on ("Unexpected result for failed state")
    from flows.pipeline import RunFailed

    with pytest.raises(RunFailed, match="no source succeeded") as raised:
        state.result()
    assert "mid_ru" in raised.value.summary and "gov_kz" in raised.value.summary
    tasks = _task_states(state.state_details.flow_run_id)
    assert {tasks["read-mid_ru"][0], tasks["read-gov_kz"][0]} == {"FAILED"}
    with db.reader(path) as con:
        assert con.execute("SELECT count(*) FROM meetings").fetchall() == [(3,)]  # the baseline
        assert con.execute("SELECT status FROM runs").fetchall() == [("failed",)]


def test_blocked_source_emits_an_event(sites: Any, tmp_path: Path) -> None:
    from carta.testing.sites.messages import Scripted

    stub = (
        b'<html><head><script>window["bobcmn"] = 1;</script></head>'
        b"<body>Data processing... Please, wait.</body></html>"
    )
    for target in (
        "/ru/rss.php",
        "/en/rss.php",
        "/ru/foreign_policy/news/",
        "/en/foreign_policy/news/",
    ):
        sites["mid_ru"].script(target, Scripted(200, {"Content-Type": "text/html"}, stub, 50))
    path = tmp_path / "carta.duckdb"
    config = sites.write_override(tmp_path / "sources.toml")
    started = time.time()
    state = _run(RunParams(db=str(path), config=str(config), sources=["mid_ru", "mfa_tj"]))
    assert state.is_completed()
    found: list[Any] = []
    deadline = time.time() + 30
    while not found and time.time() < deadline:
        with get_client(sync_client=True) as client:
            page = client.read_events(
                filter=EventFilter(event=EventNameFilter(name=["carta.source.blocked"])), limit=50
            )
        found = [
            e
            for e in page.events
            if e.occurred.timestamp() >= started - 5 and e.resource.id == "carta.source.mid_ru"
        ]
        if not found:
            time.sleep(1)
    assert found, "no carta.source.blocked event for mid_ru"
    assert "bobcmn" in found[0].payload["reason"] or "F5" in found[0].payload["reason"]


def test_reprocess_reads_the_archive_back_and_changes_nothing(sites: Any, tmp_path: Path) -> None:
    path = tmp_path / "carta.duckdb"
    config = sites.write_override(tmp_path / "sources.toml")
    assert _run(RunParams(db=str(path), config=str(config))).is_completed()
    before = _content(path)
    sites.reset()
    state = reprocess(
        ReprocessParams(db=str(path), config=str(config), batch_size=10), return_state=True
    )
    assert state.is_completed(), state.message
    assert _content(path) == before
    assert all(not s.hits for s in sites.sites.values())  # no fetching at all
    again = reprocess(ReprocessParams(db=str(path), config=str(config)), return_state=True)
    assert again.is_completed()
    assert _content(path) == before


def test_backfill_walks_back_and_reports_progress(sites: Any, tmp_path: Path) -> None:
    from flows.pipeline import BackfillParams, backfill

    path = tmp_path / "carta.duckdb"
    config = sites.write_override(tmp_path / "sources.toml")
    state = backfill(
        BackfillParams(
            db=str(path),
            config=str(config),
            sources=["mfa_tm", "mid_ru"],
            since="2025-01-01",
            until="2026-02-28",
        ),
        return_state=True,
    )
    assert state.is_completed(), state.message
    with db.reader(path) as con:
        ids = {
            r[0]
            for r in con.execute(
                "SELECT meeting_id FROM meetings WHERE provenance = 'extracted'"
            ).fetchall()
        }
        (kind,) = con.execute("SELECT kind FROM runs").fetchall()[0]
    assert kind == "backfill"
    assert "bilateral_talks-RU-TM-2026-02-05" in ids
    assert "bilateral_talks-RU-TM-2026-03-03" not in ids  # published after --until
    arts = _artifacts(state.state_details.flow_run_id)
    assert "carta-backfill-progress" in arts
    assert float(arts["carta-backfill-progress"].data) == 100.0
    report = arts["carta-backfill-report"].data
    assert "mid_ru" in report
