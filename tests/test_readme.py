"""The README is true: its example queries run, and every option it names for a command is one
that command takes (each through the real console script)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.conftest import ROOT, run_carta

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = ("init", "sql", "check", "status", "restore", "run", "backfill", "reprocess", "serve",
            "extract")  # fmt: skip


def test_the_readmes_example_queries_run(initialised_db: Path) -> None:
    queries = re.findall(r'`carta sql "([^"`]+)"`', README)
    assert len(queries) >= 4  # one per public view
    for query in queries:
        res = run_carta("sql", "--db", str(initialised_db), query)
        assert res.returncode == 0, (query, res.stderr)


def test_every_option_the_readme_names_is_one_the_command_takes() -> None:
    named: dict[str, set[str]] = {}
    for command, rest in re.findall(r"\bcarta (\w+)((?: +(?:--?[\w-]+|[^\s`]+))*)", README):
        if command in COMMANDS:
            named.setdefault(command, set()).update(re.findall(r"(--[a-z][\w-]*)", rest))
    assert {"sql", "run", "backfill", "serve", "extract"} <= set(named), named
    for command, options in named.items():
        helptext = run_carta(command, "--help").stdout
        missing = sorted(o for o in options if o not in helptext)
        assert not missing, (command, missing)


def test_the_readmes_shell_examples_parse_as_commands() -> None:
    """Each indented `uv run carta ...` line is a command line the parser accepts (its --help
    answers, so the words before any value are a real subcommand)."""
    lines = [ln.strip() for ln in README.splitlines() if ln.startswith("    uv run carta ")]
    assert lines
    for line in lines:
        words = shlex.split(line.split("#")[0])[2:]
        res = run_carta(words[1], "--help")
        assert res.returncode == 0, (line, res.stderr)
