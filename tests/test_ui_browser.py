"""The Prefect UI in a real browser (Debian's Chromium driven by Playwright): open the nightly
deployment, click Run -> Quick run, and see the run complete."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

from tests import e2e

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _nightly_runs(api: str) -> set[str]:
    with e2e.client(api) as c:
        dep = c.read_deployment_by_name("carta-nightly/nightly")
        runs = c.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[dep.id])), limit=50
        )
    # the scheduler creates the nightly's future runs on its own; only count the others
    return {str(r.id) for r in runs if not r.auto_scheduled}


def test_quick_run_from_the_ui_completes(stack: e2e.Stack) -> None:
    before = _nightly_runs(stack.api)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            try:
                # both UIs' deployment lists show the schedule's time zone (the first tag)
                for ui in ("", "/v2"):
                    page.goto(f"{stack.ui}{ui}/deployments", wait_until="networkidle")
                    page.get_by_text("Asia/Almaty", exact=True).wait_for(timeout=20_000)
                page.get_by_role("link", name="nightly", exact=True).click(timeout=20_000)
                page.get_by_role("button", name="Run", exact=True).click()
                # the browser stays open until the UI's request to create the run is answered
                # (a fixed pause lost the request on a busy machine)
                with page.expect_response(
                    lambda r: r.request.method == "POST" and r.url.endswith("/create_flow_run"),
                    timeout=60_000,
                ):
                    page.get_by_role("menuitem", name="Quick run").click()
            except Exception:
                shot = stack.db.parent / "ui-failure.png"
                page.screenshot(path=str(shot))
                print(f"screenshot: {shot}")
                raise
        finally:
            browser.close()
    deadline = time.monotonic() + 60
    new: set[str] = set()
    while not new and time.monotonic() < deadline:
        new = _nightly_runs(stack.api) - before
        time.sleep(0.5)
    assert len(new) == 1, "clicking Quick run created no flow run"
    run = e2e.wait_for_run(stack.api, new.pop())
    assert run.state.type.value == "COMPLETED", stack.serve_log.read_text()[-3000:]


# The chart's own background, read back from the image the browser drew, and every element of
# the report kept inside the report's column (nothing under the side panel, nothing clipped).
_CHECK_REPORT = """
() => {
  const h1 = [...document.querySelectorAll('h1')]
    .find(h => h.textContent.includes('carta nightly run'));
  if (!h1) return {error: 'no report heading'};
  const box = h1.parentElement.getBoundingClientRect();
  const wide = [...h1.parentElement.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > box.right + 1)
    .map(e => e.tagName + ': ' + e.textContent.slice(0, 60));
  const img = [...document.querySelectorAll('img')].find(i => i.src.startsWith('data:image/svg'));
  if (!img || !img.complete || img.naturalWidth === 0) return {error: 'chart not drawn', wide};
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  return {wide, corner: [...g.getImageData(12, 12, 1, 1).data],
          page: getComputedStyle(document.body).backgroundColor};
}
"""


def test_a_failed_night_is_failed_without_a_traceback_and_its_report_reads_in_both_themes(
    stack: e2e.Stack, tmp_path: Path
) -> None:
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterId,
        LogFilter,
        LogFilterFlowRunId,
    )

    down = {s: {"base_url": "http://127.0.0.1:9"} for s in ("mid_ru", "gov_kz")}
    config = stack.sites.write_override(tmp_path / "down.toml", {"sources": down})
    params = {"sources": ["mid_ru", "gov_kz"], "db": str(stack.db), "config": str(config)}
    served_before = stack.serve_log.stat().st_size
    with e2e.client(stack.api) as c:
        dep = c.read_deployment_by_name("carta-nightly/nightly")
        run_id = c.create_flow_run_from_deployment(dep.id, parameters={"params": params}).id
    run = e2e.wait_for_run(stack.api, run_id)
    assert run.state.type.value == "FAILED"
    assert (run.state.message or "").startswith("no source succeeded (mid_ru unreachable")
    with e2e.client(stack.api) as c:
        deadline = time.monotonic() + 30  # the run's logs reach the server in batches
        while True:
            logs = c.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])), limit=200
            )
            if any(m.message.startswith("Finished in state Failed") for m in logs):
                break
            assert time.monotonic() < deadline, [m.message[:80] for m in logs]
            time.sleep(0.5)
        tasks = c.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id])))
        arts = c.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
        )
    messages = [m.message for m in logs]
    assert any("no source succeeded" in m for m in messages)
    assert not [m for m in messages if "Engine execution exited" in m or "Traceback" in m]
    served = stack.serve_log.read_bytes()[served_before:].decode("utf-8", "replace")
    for noise in ("Traceback", "Unexpected result for failed state", "NoneType: None"):
        assert noise not in served, served[-3000:]
    graph = {t.name: (t.state.type.value, t.state.name) for t in tasks if t.state}
    assert graph["read-mid_ru"] == graph["read-gov_kz"] == ("FAILED", "Unreachable")
    assert graph["load"][0] == graph["report"][0] == "COMPLETED"
    report = next(a for a in arts if a.key == "carta-nightly-report")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            backgrounds = {}
            for scheme in ("dark", "light"):
                page = browser.new_page(
                    viewport={"width": 1400, "height": 900}, color_scheme=scheme
                )
                for ui, path in (("v1", ""), ("v2", "/v2")):
                    page.goto(f"{stack.ui}{path}/artifacts/artifact/{report.id}")
                    page.get_by_role("heading", name="carta nightly run — failed").wait_for(
                        timeout=30_000
                    )
                    page.wait_for_timeout(500)
                    shot = stack.db.parent / f"report-{ui}-{scheme}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    seen = page.evaluate(_CHECK_REPORT)
                    assert "error" not in seen, (seen, shot)
                    assert seen["wide"] == [], (ui, scheme, seen["wide"], shot)
                    assert seen["corner"] == [255, 255, 255, 255], (ui, scheme, shot)
                    backgrounds[ui, scheme] = seen["page"]
                page.close()
        finally:
            browser.close()
    # the themes really differed (the v2 UI follows the browser's; v1 is dark in both), so the
    # chart kept its own background on a dark page and on a light one
    assert backgrounds["v2", "dark"] != backgrounds["v2", "light"]
    assert backgrounds["v1", "dark"] == backgrounds["v2", "dark"]
