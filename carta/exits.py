"""carta's exit codes, one per kind of failure, so a scheduler or a script can tell "try again
later" from "fix the command" from "fix the data" without reading the message.

The codes above 2 follow BSD's sysexits where one fits. The README lists them (Errors).
"""

from __future__ import annotations

OK = 0
FAILED = 1  # what was asked ran and failed: a data contract, a query DuckDB refused
USAGE = 2  # the command line is wrong: an option, a parameter, a combination
WAREHOUSE = 3  # no warehouse, not a warehouse, damaged, not writable, disk full
DATA = 65  # a file named on the command line cannot be read or written, or its content is bad
SOURCES = 69  # no source could be read: the sites are unreachable, blocked or refused
INTERNAL = 70  # a bug in carta: one line, and `carta --debug ...` shows the traceback
BUSY = 75  # the warehouse stayed busy longer than the wait: run again later


class Refused(Exception):
    """A command that cannot go on: its one line, and the exit code of its kind."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code
