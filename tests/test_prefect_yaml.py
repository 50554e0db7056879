"""prefect.yaml (the work-pool deployments, `prefect deploy --all`) names flows that load, as
Prefect loads them, and the nightly schedule `carta serve` registers."""

from __future__ import annotations

import yaml
from prefect.flows import load_flow_from_entrypoint

from flows.deploy import DEFAULT_CRON, DEFAULT_TIMEZONE
from tests.conftest import ROOT


def test_every_deployment_entrypoint_loads_its_flow() -> None:
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    names = []
    for dep in spec["deployments"]:
        flow = load_flow_from_entrypoint(str(ROOT / dep["entrypoint"]))
        assert flow.name == f"carta-{dep['name']}", dep["entrypoint"]
        names.append(dep["name"])
    assert names == ["nightly", "backfill", "reprocess"]
    (nightly,) = [d for d in spec["deployments"] if d["name"] == "nightly"]
    (schedule,) = nightly["schedules"]
    assert (schedule["cron"], schedule["timezone"]) == (DEFAULT_CRON, DEFAULT_TIMEZONE)
    assert nightly["tags"][0] == DEFAULT_TIMEZONE
