"""Process settings that must be in place before Prefect is imported.

Measured on this kind of machine (shared/research/stack.md): without DO_NOT_TRACK and
PREFECT_SERVER_ANALYTICS_ENABLED=false Prefect tries to reach the internet on every run; its
temporary server needs 15-17 s to start cold, more than the default timeout on 2 busy cores;
and `import prefect` creates ~/.prefect unless PREFECT_HOME says otherwise.
"""

from __future__ import annotations

import logging
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


class _SourceOutcomesInTheSummary(logging.Filter):
    """On the console of `carta run`, a source that was not read is said once, in the summary
    printed at the end; Prefect would also print two long ERROR lines for its task's Failed
    state. The UI keeps them (this filters only the console); a read-source task that raised
    (a bug) keeps its lines and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        from_state = not (record.exc_info and record.exc_info[1] is not None)
        return not (getattr(record, "task_name", None) == "read-source" and from_state)


def quiet_console() -> None:
    """Once Prefect has set up its logging: the console filter above."""
    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler):
            handler.addFilter(_SourceOutcomesInTheSummary())
