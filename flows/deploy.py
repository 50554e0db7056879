"""Deployments as code: `carta serve` serves nightly, backfill and reprocess from one process.

The nightly one runs on a cron schedule in an explicit time zone (a cron without one is UTC in
Prefect). Every deployment has a concurrency limit of 1 with the ENQUEUE collision strategy: a
run started while another run of the same deployment is going waits for it (it is not lost,
unlike CANCEL_NEW), and within a run the warehouse is written in one short transaction while any
other writer waits for the file (see warehouse/db.py), so two runs never write at once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.schedules import Cron

from flows.pipeline import RunParams, backfill, nightly, reprocess

DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Almaty"
ONE_AT_A_TIME = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)


def deployments(
    cron: str = DEFAULT_CRON,
    timezone: str = DEFAULT_TIMEZONE,
    params: RunParams | None = None,
) -> list[Any]:
    """The three deployments, ready for `prefect.serve`."""
    base = (params or RunParams()).model_dump(mode="json")
    return [
        nightly.to_deployment(
            name="nightly",
            schedules=[Cron(cron, timezone=timezone)],
            parameters={"params": base},
            concurrency_limit=ONE_AT_A_TIME,
            # the UI's deployment list shows a cron without its time zone, and of the tags only
            # the first (v2) or what fits (v1): the zone comes first, short
            tags=[timezone, "carta"],
            description=f"Read every source's newest items and load them, on the cron "
            f"'{cron}' in the time zone {timezone}.",
        ),
        backfill.to_deployment(
            name="backfill",
            concurrency_limit=ONE_AT_A_TIME,
            tags=["carta"],
            description="Walk sources back to a date where the sites allow it.",
        ),
        reprocess.to_deployment(
            name="reprocess",
            parameters={"params": {"db": base.get("db"), "config": base.get("config")}},
            concurrency_limit=ONE_AT_A_TIME,
            tags=["carta"],
            description="Re-parse and re-extract the archive without fetching.",
        ),
    ]


def serve(
    cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE, params: RunParams | None = None
) -> None:
    from prefect import serve as prefect_serve

    prefect_serve(*deployments(cron, timezone, params))


def source_alert_automation(deployment_id: Any | None = None) -> Any:
    """An example automation: react to a source turning silent, blocked or changing layout.

    As shipped it only records that it fired (DoNothing); attach a notification block
    (SendNotification) or a run of another deployment to make it page someone.
    """
    from prefect.automations import Automation, DoNothing, EventTrigger
    from prefect.events.schemas.automations import Posture

    return Automation(
        name="carta-source-alerts",
        description="A carta source turned silent, got blocked, or its layout changed.",
        trigger=EventTrigger(
            expect={"carta.source.silent", "carta.source.blocked", "carta.source.layout_changed"},
            match={"prefect.resource.id": "carta.source.*"},
            posture=Posture.Reactive,
            threshold=1,
            within=timedelta(0),
        ),
        actions=[DoNothing()],
    )


def install_source_alerts() -> str:
    """Create the example automation on the server, replacing an older copy of it."""
    from prefect import get_client

    automation = source_alert_automation()
    with get_client(sync_client=True) as client:
        for old in client.read_automations_by_name(automation.name):
            client.delete_automation(old.id)
    created = automation.create()
    return str(created.name)
