"""The Prefect UI in a real browser (Debian's Chromium driven by Playwright): open the nightly
deployment, click Run -> Quick run, and see the run complete."""

from __future__ import annotations

import time

from playwright.sync_api import sync_playwright
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

from tests import e2e

stack = e2e.stack

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
            page.goto(f"{stack.ui}/v2/deployments", wait_until="networkidle")
            try:
                page.get_by_role("link", name="nightly", exact=True).click(timeout=20_000)
                page.get_by_role("button", name="Run", exact=True).click()
                page.get_by_role("menuitem", name="Quick run").click()
                page.wait_for_timeout(500)
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
