"""Process settings that must be in place before Prefect is imported.

Measured on this kind of machine (shared/research/stack.md): without DO_NOT_TRACK and
PREFECT_SERVER_ANALYTICS_ENABLED=false Prefect tries to reach the internet on every run; its
temporary server needs 15-17 s to start cold, more than the default timeout on 2 busy cores;
and `import prefect` creates ~/.prefect unless PREFECT_HOME says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # A quiet console for `carta run`; the Prefect UI still gets every log line.
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    # Runs triggered from the UI start within seconds rather than the default 10 s poll.
    "PREFECT_RUNNER_POLL_FREQUENCY": "5",
}


def configure_prefect(project_dir: Path | None = None) -> None:
    """Set Prefect's environment defaults for this process (explicit settings win)."""
    from warehouse.db import project_dir as find_project

    home = (project_dir or find_project()) / ".prefect"
    os.environ.setdefault("PREFECT_HOME", str(home))
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
