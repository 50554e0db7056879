"""The `carta` command line: one entry point for analysts, operators and CI.

Each subcommand is a thin shell over a library function, so what the command does can be tested
and reused without the command line. Every failure is one line on standard error, naming the
thing and what to do, with an exit code per kind (carta/exits.py); a traceback only with
`carta --debug`. Parameters are checked before anything slow starts (Prefect's server, a fetch).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from carta import exits
from carta.correct_cmd import register as register_correct
from carta.exits import Refused
from carta.extract_cmd import register as register_extract
from carta.output import FORMATS
from carta.sources_cmd import add_config_option
from carta.sources_cmd import register as register_sources
from warehouse import db

EXIT_OK = exits.OK
EXIT_FAILED = exits.FAILED
EXIT_USAGE = exits.USAGE
EXIT_WAREHOUSE = exits.WAREHOUSE
EXIT_DATA = exits.DATA
EXIT_BUSY = exits.BUSY

Handler = Callable[[argparse.Namespace], int]


class Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line (the full usage is one `--help` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(exits.USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _add_db_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="PATH",
        help="warehouse file (default: $CARTA_DB, else data/carta.duckdb in the project: the "
        "nearest folder up from here with carta's pyproject.toml, or $CARTA_HOME)",
    )
    p.add_argument(
        "--wait",
        metavar="SECONDS",
        type=float,
        default=None,
        help="how long to wait while a load holds the warehouse (default: $CARTA_DB_WAIT or 60)",
    )


def cmd_init(args: argparse.Namespace) -> int:
    from scrapers.config import ConfigError, load_config
    from warehouse.archive import sync_sources
    from warehouse.baseline import initialise

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        raise Refused(str(exc), exits.DATA) from exc
    path = db.resolve_db_path(args.db).absolute()
    db.check_target(path)
    created = not path.exists()
    with db.writer(path, wait_seconds=args.wait) as con:
        counts = initialise(con)
        with db.transaction(con):
            sync_sources(con, config.listings())
        version = db.schema_version(con)
    print(
        f"warehouse {path}{' (created)' if created else ''}: schema version {version}; "
        f"{counts.inserted} row(s) inserted, {counts.updated} updated"
    )
    return EXIT_OK


def _read_query(args: argparse.Namespace) -> str:
    if args.file:
        if args.query:
            raise Refused("give a query or --file FILE, not both", exits.USAGE)
        try:
            return Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise Refused(f"cannot read {args.file}: {why}", exits.DATA) from exc
    if args.query and args.query != "-":
        return str(args.query)
    if args.query == "-" or not sys.stdin.isatty():
        return sys.stdin.read()
    raise Refused("give a query, --file FILE, or a query on standard input", exits.USAGE)


def _refusal(exc: Exception, allow_files: bool) -> str | None:
    """One line for a query that the confined connection refused, or None for any other error."""
    import duckdb

    text = str(exc)
    if isinstance(exc, duckdb.InvalidInputException) and "configuration has been locked" in text:
        return "this query changes a DuckDB setting, which carta sql does not allow"
    if not isinstance(exc, duckdb.PermissionException):
        return None
    if "extension" in text.lower():
        return "this query installs or loads a DuckDB extension, which carta sql does not allow"
    if allow_files or "://" in text:
        return "this query reads a URL or other remote file, which carta sql does not allow"
    return "this query reads or writes files outside the warehouse; use --allow-files to allow it"


def _statements(query: str) -> list[str]:
    """The query's statements, as DuckDB's own parser splits them; bad SQL is left whole for
    DuckDB to name the error when it runs."""
    import duckdb

    try:
        return [s.query for s in duckdb.extract_statements(query)] or [query]
    except duckdb.Error:
        return [query]


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from carta.output import render_many

    query = _read_query(args).strip()
    if not query:
        raise Refused("the query is empty", exits.USAGE)
    statements = _statements(query)
    if len(statements) > 1 and args.format != "table":
        raise Refused(
            f"--format {args.format} prints one result; this query has {len(statements)} "
            "statements (give one, or use the table format to see each result)",
            exits.USAGE,
        )
    results: list[tuple[list[str], list[tuple[Any, ...]]]] = []
    with db.query_reader(args.db, wait_seconds=args.wait, allow_files=args.allow_files) as con:
        for n, statement in enumerate(statements, start=1):
            try:
                rel = con.sql(statement)
                if rel is not None:
                    results.append((list(rel.columns), rel.fetchall()))
            except duckdb.Error as exc:
                sys.stdout.write(render_many(results, args.format))
                message = _refusal(exc, args.allow_files) or str(exc).splitlines()[0]
                where = f"statement {n} of {len(statements)}: " if len(statements) > 1 else ""
                raise Refused(where + message, exits.FAILED) from exc
    sys.stdout.write(render_many(results, args.format))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from warehouse.checks import format_results, run_checks

    with db.reader(args.db, wait_seconds=args.wait) as con:
        results = run_checks(con)
    print(format_results(results))
    return EXIT_OK if all(r.passed for r in results) else EXIT_FAILED


def cmd_status(args: argparse.Namespace) -> int:
    from carta.output import render
    from warehouse.status import warehouse_status

    path = db.resolve_db_path(args.db)
    with db.reader(path, wait_seconds=args.wait) as con:
        status = warehouse_status(con)
    lines = [f"warehouse: {path}", f"schema version: {status.schema_version}", ""]
    lines.append(render(status.counts.columns, status.counts.rows, "table"))
    lines.append("sources:")
    if status.sources.rows:
        lines.append(render(status.sources.columns, status.sources.rows, "table"))
    else:
        lines.append("  none registered yet (carta init loads the source configuration)")
    lines.append("last runs:")
    runs = status.last_runs
    lines.append(render(runs.columns, runs.rows, "table") if runs.rows else "  no run yet")
    print("\n".join(lines))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Back from a damaged warehouse: the newest verified backup, then the loads since it."""
    from carta.loading import load_spooled
    from scrapers.config import load_config
    from warehouse import backup, spool

    path = db.resolve_db_path(args.db)
    done = backup.restore(path, Path(args.backup) if args.backup else None)
    config = load_config(args.config)
    since = done.backup.stat().st_mtime
    files = spool.loaded_since(spool.spool_dir(path), since)
    documents = sum(
        load_spooled(path, spool.read(f), config, by_run="carta restore") for f in files
    )
    kept = f"; the damaged file is kept as {done.set_aside}" if done.set_aside else ""
    print(
        f"restored {path} from {done.backup}{kept}; loaded again {len(files)} night(s) since the "
        f"backup ({documents} document(s)) from their spools"
    )
    return EXIT_OK


def _sources_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _date(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def _params(model: type[Any], args: argparse.Namespace, **fields: Any) -> Any:
    """The flow's parameters from the options, checked as the flow checks them, and the
    warehouse it will write: all before Prefect's server starts or anything is fetched."""
    from pydantic import ValidationError

    from carta.params import one_line
    from scrapers.config import ConfigError, load_config

    try:
        load_config(args.config)
    except ConfigError as exc:
        raise Refused(str(exc), exits.DATA) from exc
    try:
        params = model(db=args.db, config=args.config, **fields)
    except ValidationError as exc:
        raise Refused(one_line(exc), exits.USAGE) from exc
    path = db.resolve_db_path(args.db).absolute()
    db.check_target(path)
    if not path.exists():
        print(f"{args.prog}: creating the warehouse {path}", file=sys.stderr)
    return params


def _finish_flow(state: object) -> int:
    """Print the run's summary and turn its state into an exit code of its kind."""
    from flows.pipeline import RunFailed

    result = state.result(raise_on_failure=False)  # type: ignore[attr-defined]
    if isinstance(result, dict) and "summary" in result:
        print(result["summary"])
        return EXIT_OK
    if isinstance(result, RunFailed):
        print(result.summary)
        print(f"carta: the run failed: {result.message}", file=sys.stderr)
        return result.exit_code
    print(f"carta: the run failed: {type(result).__name__}: {result}", file=sys.stderr)
    return EXIT_FAILED


def cmd_run(args: argparse.Namespace) -> int:
    from carta.params import BackfillParams, RunParams

    common = {"sources": args.sources or []}
    since = getattr(args, "since", None)
    if since:
        params = _params(
            BackfillParams, args, **common, since=since, until=getattr(args, "until", None)
        )
    else:
        params = _params(RunParams, args, **common)
    from carta.settings import configure_prefect

    configure_prefect()
    from carta.settings import quiet_console
    from flows.pipeline import backfill, nightly

    quiet_console()

    if since:
        return _finish_flow(backfill(params, return_state=True))
    return _finish_flow(nightly(params, return_state=True))


def cmd_reprocess(args: argparse.Namespace) -> int:
    from carta.params import ReprocessParams

    params = _params(
        ReprocessParams,
        args,
        sources=args.sources or [],
        since=args.since,
        batch_size=args.batch_size,
    )
    from carta.settings import configure_prefect

    configure_prefect()
    from flows.pipeline import reprocess

    return _finish_flow(reprocess(params, return_state=True))


def cmd_serve(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from carta.params import RunParams

    try:
        ZoneInfo(args.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise Refused(
            f"unknown time zone {args.timezone!r} (an IANA name, e.g. Asia/Almaty)", exits.USAGE
        ) from exc
    params = _params(RunParams, args, sources=args.sources or [])
    if args.config:
        # the form's choice of sources is the configuration the deployments read
        os.environ["CARTA_SOURCES"] = str(Path(args.config).absolute())
    from carta.settings import configure_prefect

    configure_prefect()
    from prefect.exceptions import PrefectHTTPStatusError
    from prefect.settings import PREFECT_API_URL

    from flows.deploy import install_source_alerts, serve

    try:
        if args.install_automation:
            print(f"automation {install_source_alerts()!r} installed", flush=True)
        serve(args.cron, args.timezone, params)
    except PrefectHTTPStatusError as exc:
        if exc.response.status_code not in (401, 403):
            raise
        print(
            f"carta serve: the Prefect server at {PREFECT_API_URL.value()} refused the request "
            f"(HTTP {exc.response.status_code}): set PREFECT_API_AUTH_STRING to the user:password "
            "in the server's PREFECT_SERVER_API_AUTH_STRING",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--sources",
        type=_sources_list,
        metavar="ID[,ID...]",
        help="only these sources, e.g. mid_ru,mfa_tj (default: every enabled source)",
    )
    add_config_option(p, old_spelling=False)
    p.add_argument(
        "--db",
        metavar="PATH",
        help="warehouse file (default: $CARTA_DB, else data/carta.duckdb in the project)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="carta",
        description=(
            "carta - Central Asia-Russia Tracker & Archive. Reads the foreign ministries' news, "
            "extracts Russia-Central Asia meetings and trade figures, and keeps them in a DuckDB "
            "warehouse you can query with SQL."
        ),
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=bool(os.environ.get("CARTA_DEBUG")),
        help="show the traceback of an unexpected error (or set CARTA_DEBUG=1)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "init",
        help="create or migrate the warehouse and load the registry and the baseline",
        description="Create the warehouse file if needed, apply pending schema migrations, "
        "load the people/places registry and the Almaty 2025 baseline. Safe to run again: "
        "it changes nothing that is already in place.",
    )
    _add_db_options(p)
    add_config_option(p)
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser(
        "sql",
        help="run a read-only SQL query against the warehouse",
        description="Run SQL against a read-only connection. The query comes from the argument, "
        "from --file, or from standard input ('-' or a pipe). While a load holds the file, "
        "the query waits (see --wait) and then sees the whole load or none of it. The query "
        "sees the warehouse and nothing else: writes, other files (COPY ... TO, EXPORT "
        "DATABASE, read_csv, read_text, read_parquet, ATTACH), URLs, extensions (INSTALL, "
        "LOAD) and SET are refused with exit code 1, unless --allow-files lets it use local "
        "files.",
    )
    p.add_argument("query", nargs="?", help="the SQL text ('-' to read standard input)")
    p.add_argument("--file", "-f", metavar="FILE", help="read the SQL from FILE")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")
    p.add_argument(
        "--allow-files",
        action="store_true",
        help="let the query read and write local files, e.g. COPY (...) TO 'out.parquet', "
        "EXPORT DATABASE 'dir', read_csv('x.csv'), ATTACH 'other.duckdb' (read-only); the "
        "warehouse stays read-only, and URLs, extensions and SET stay refused",
    )
    _add_db_options(p)
    p.set_defaults(handler=cmd_sql)

    p = sub.add_parser(
        "check",
        help="run the data contracts in sql/checks and list what fails",
        description="Run every data contract (unique keys, accepted values, referential "
        "integrity, date windows, figures with sources). Exits 1 if any fails.",
    )
    _add_db_options(p)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser(
        "status",
        help="schema version, row counts and the last run of each source",
        description="Show the warehouse's schema version, how many rows each table holds, and "
        "the health of each source.",
    )
    _add_db_options(p)
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser(
        "restore",
        help="replace a damaged warehouse with its last verified backup and the loads since",
        description="Put the newest verified backup (backups/ beside the warehouse, made after "
        "each night that loaded) in place of the warehouse, keep the damaged file beside it, and "
        "load again the spools of the nights since that backup: nothing the raw archive held is "
        "lost.",
    )
    _add_db_options(p)
    p.add_argument("--backup", metavar="FILE", help="restore this backup instead of the newest")
    add_config_option(p, old_spelling=False)
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser(
        "run",
        help="run the nightly job once, now (Prefect's temporary server if none is configured)",
        description="Read every enabled source's newest items, archive, extract and load them in "
        "one transaction, run the data contracts and write the run report. Uses the Prefect "
        "server in $PREFECT_API_URL, or starts a temporary local one. Exits 1 when no source "
        "succeeded or a contract failed. With --since, reads back to that date (a backfill).",
    )
    _add_run_options(p)
    p.add_argument(
        "--since",
        type=_date,
        metavar="YYYY-MM-DD",
        help="read back to this date where the sites allow it",
    )
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser(
        "backfill",
        help="walk sources back to a date where the sites and robots.txt allow it",
        description="Like `carta run`, but each source's listing is walked back to --since "
        "(mid.ru's robots.txt forbids paging: only its first page and feeds are read).",
    )
    _add_run_options(p)
    p.add_argument("--since", type=_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument(
        "--until", type=_date, metavar="YYYY-MM-DD", help="ignore items published after this date"
    )
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser(
        "reprocess",
        help="re-parse and re-extract the archive without fetching, and load the differences",
        description="After a parser, extractor or registry change: read the stored pages back "
        "in batches, parse and extract them again, and load what changed.",
    )
    _add_run_options(p)
    p.add_argument(
        "--since",
        type=_date,
        metavar="YYYY-MM-DD",
        help="only documents published (or first seen) on or after this date",
    )
    p.add_argument(
        "--batch-size", type=int, default=500, help="documents per transaction (10-10000)"
    )
    p.set_defaults(handler=cmd_reprocess)

    p = sub.add_parser(
        "serve",
        help="serve the nightly, backfill and reprocess deployments (Prefect)",
        description="Register the three deployments with the Prefect server in $PREFECT_API_URL "
        "and run them when scheduled or triggered from the UI. The nightly one runs on --cron "
        "in --timezone.",
    )
    _add_run_options(p)
    p.add_argument("--cron", default="0 2 * * *", help="nightly schedule (default 0 2 * * *)")
    p.add_argument(
        "--timezone", default="Asia/Almaty", help="time zone of the schedule (default Asia/Almaty)"
    )
    p.add_argument(
        "--install-automation",
        action="store_true",
        help="also create (or replace) the example automation that reacts to "
        "carta.source.silent / blocked / layout_changed events",
    )
    p.set_defaults(handler=cmd_serve)

    register_extract(sub)
    register_correct(sub, _add_db_options)
    register_sources(sub)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.prog = f"carta {args.command}"
    handler: Handler = args.handler
    try:
        return handler(args)
    except Refused as exc:
        print(f"{args.prog}: {exc}", file=sys.stderr)
        return exc.code
    except db.WarehouseBusy as exc:
        print(f"carta: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except db.WarehouseError as exc:
        print(f"carta: {exc}", file=sys.stderr)
        return EXIT_WAREHOUSE
    except KeyboardInterrupt:
        print(f"{args.prog}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        import duckdb

        # a damaged file found while reading (carta status, check, sql): one line, exit 3
        if isinstance(exc, duckdb.Error) and db.is_corrupt(exc):
            path = db.resolve_db_path(getattr(args, "db", None))
            print(f"carta: {db.corrupt_message(path, exc)}", file=sys.stderr)
            return EXIT_WAREHOUSE
        if args.debug:
            raise
        first = (str(exc).splitlines() or [""])[0][:300]
        print(
            f"{args.prog}: unexpected error {type(exc).__name__}: {first} (a bug in carta; "
            "`carta --debug ...` shows where)",
            file=sys.stderr,
        )
        return exits.INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
