"""`carta sources list | check | capture`: see each source, test it against the live site, and
save what the live site serves as regression fixtures.

The sites cannot be reached from where carta is developed, so the configuration is built to
second-hand evidence; these commands are how a user with internet proves or fixes it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carta import exits
from scrapers.config import ConfigError, SourcesConfig, load_config

if TYPE_CHECKING:  # the records pull in the date reader; `carta --help` must not wait for it
    from carta.core.documents import FetchRecord, SourceResult


_LABELS = {
    "ok": "ok",
    "partial": "partial",
    "unreachable": "unreachable",
    "blocked": "blocked",
    "layout_changed": "layout changed",
    "robots_forbidden": "robots forbids",
    "failed": "failed",
}


def _config(args: argparse.Namespace) -> SourcesConfig:
    return load_config(args.config)


class _OldConfigSpelling(argparse.Action):
    """`--sources FILE`, the old name of the override where it meant a file: it still works and
    says once that it is now `--config` (for `carta run`, `--sources` names source ids)."""

    def __call__(
        self, parser: argparse.ArgumentParser, ns: argparse.Namespace, value: Any, flag: Any = None
    ) -> None:
        print(
            f"{parser.prog}: --sources FILE is now --config FILE (the old spelling still works)",
            file=sys.stderr,
        )
        setattr(ns, self.dest, value)


def add_config_option(p: argparse.ArgumentParser, *, old_spelling: bool = True) -> None:
    """The source configuration override, named `--config` on every command."""
    p.add_argument(
        "--config",
        metavar="FILE",
        help="TOML file deep-merged over the shipped configuration (default: $CARTA_SOURCES)",
    )
    if old_spelling:
        p.add_argument(
            "--sources",
            dest="config",
            metavar="FILE",
            action=_OldConfigSpelling,
            help=argparse.SUPPRESS,
        )


def _add_sources_option(p: argparse.ArgumentParser) -> None:
    add_config_option(p)


def cmd_list(args: argparse.Namespace) -> int:
    from carta.output import render

    config = _config(args)
    health: dict[str, tuple[Any, ...]] = {}
    note = ""
    import duckdb

    from warehouse import db
    from warehouse.status import source_states

    try:
        path = db.resolve_db_path(args.db)
        if path.exists():
            with db.reader(path, wait_seconds=args.wait if args.wait is not None else 5) as con:
                for row in source_states(con).rows:
                    health[str(row[0])] = row[1:]
        else:
            note = f"(no warehouse at {path}: state not shown)"
    except (db.WarehouseError, duckdb.Error) as exc:  # state is a bonus; the list still prints
        note = f"(warehouse state not shown: {exc})"
    rows = []
    for src in config.sources.values():
        for lang in src.languages:
            state = health.get(src.source_id(lang), ("-", None, None, None))
            rows.append(
                (
                    src.source_id(lang),
                    src.strategy,
                    src.confidence + ("" if src.verified else " (unverified)"),
                    "yes" if src.enabled else "no",
                    src.listing_url(lang) or (src.api.graphql_path if src.api else ""),
                    state[0],
                    state[1],
                    state[2],
                )
            )
    sys.stdout.write(
        render(
            [
                "source",
                "strategy",
                "confidence",
                "enabled",
                "listing",
                "state",
                "last_success_at",
                "last_new_article_at",
            ],
            rows,
            "table",
        )
    )
    if note:
        print(note)
    return exits.OK


def _selected(config: SourcesConfig, names: list[str]) -> list[Any]:
    if not names:
        return config.enabled()
    return [config.get(n) for n in names]


def format_check(results: list[SourceResult]) -> str:
    lines = []
    width = max((len(r.site) for r in results), default=6)
    for r in results:
        label = _LABELS.get(r.status, r.status)
        lines.append(f"{r.site.ljust(width)}  {label}")
        if r.reason:
            for part in r.reason.split("; "):
                lines.append(f"{' ' * width}    {part}")
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace) -> int:
    from scrapers.run import read_sources

    config = _config(args)
    chosen = _selected(config, args.source)
    started = time.monotonic()
    results = read_sources(chosen, config=config, mode="check", check_articles=args.articles)
    print(format_check(results))
    bad = [r.site for r in results if r.status != "ok"]
    print(
        f"\n{len(results) - len(bad)} of {len(results)} source(s) ok "
        f"in {time.monotonic() - started:.1f} s" + (f"; not ok: {', '.join(bad)}" if bad else "")
    )
    return exits.OK if not bad else exits.FAILED


class Capture:
    """Saves every body carta reads, and a manifest a test can be written from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries: list[dict[str, Any]] = []
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, record: FetchRecord, body: bytes | None) -> None:
        entry: dict[str, Any] = {
            "url": record.url,
            "final_url": record.final_url,
            "purpose": record.purpose,
            "source_id": record.source_id,
            "status_code": record.status_code,
            "outcome": record.outcome,
            "reason": record.reason,
            "content_type": record.content_type,
            "etag": record.etag,
            "last_modified": record.last_modified,
            "requested_at": record.requested_at.isoformat(),
            "sha256": record.content_hash,
            "file": None,
        }
        if body is not None:
            name = f"{len(self.entries) + 1:03d}-{record.purpose}-{_slug(record.url)}{_ext(record)}"
            (self.folder / name).write_bytes(body)
            entry["file"] = name
        self.entries.append(entry)

    def write_manifest(self, extra: dict[str, Any]) -> Path:
        path = self.folder / "manifest.json"
        path.write_text(
            json.dumps({**extra, "pages": self.entries}, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        return path


def _slug(url: str) -> str:
    tail = re.sub(r"^https?://", "", url)
    return re.sub(r"[^A-Za-z0-9]+", "_", tail).strip("_")[:80]


def _ext(record: FetchRecord) -> str:
    ctype = (record.content_type or "").lower()
    if "json" in ctype:
        return ".json"
    if "xml" in ctype or "rss" in ctype or "atom" in ctype:
        return ".xml"
    if "text/plain" in ctype:
        return ".txt"
    return ".html"


def cmd_capture(args: argparse.Namespace) -> int:
    from scrapers.run import read_sources

    config = _config(args)
    source = config.get(args.source)
    capture = Capture(Path(args.dir))
    results = read_sources(
        [source], config=config, mode="check", check_articles=args.articles, on_fetch=capture
    )
    result = results[0]
    manifest = capture.write_manifest(
        {
            "source": source.id,
            "base_url": source.base_url,
            "status": result.status,
            "reason": result.reason,
        }
    )
    saved = sum(1 for e in capture.entries if e["file"])
    print(format_check(results))
    print(f"\nsaved {saved} page(s) and {manifest}")
    return exits.OK if result.status == "ok" else exits.FAILED


def _db_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", help="warehouse file (default: $CARTA_DB)")
    p.add_argument("--wait", metavar="SECONDS", type=float, default=None, help=argparse.SUPPRESS)


def register(subparsers: Any) -> None:
    """Add `carta sources ...` to the main parser's subcommands."""
    p = subparsers.add_parser(
        "sources",
        help="list the ministry sources, check them against the live sites, capture fixtures",
        description="The ministry news sources carta reads (scrapers/sources.toml, overridable "
        "with --config FILE or $CARTA_SOURCES). See docs/sources.md.",
    )
    sub = p.add_subparsers(dest="sources_command", metavar="ACTION", required=True)

    q = sub.add_parser("list", help="each source and language, its strategy, confidence and state")
    _add_sources_option(q)
    _db_options(q)
    q.set_defaults(handler=_wrap(cmd_list))

    q = sub.add_parser(
        "check",
        help="fetch one listing and one article per source and language; exit 1 unless all ok",
        description="For each source (or only those named), read page 1 of each language's "
        "listing and its first article, and say per source: ok / unreachable / blocked (why) "
        "/ layout changed (which selector found nothing) / robots forbids.",
    )
    q.add_argument("source", nargs="*", help="source ids (default: every enabled source)")
    q.add_argument("--articles", type=int, default=1, help="articles per language (default 1)")
    _add_sources_option(q)
    q.set_defaults(handler=_wrap(cmd_check))

    q = sub.add_parser(
        "capture",
        help="save the live pages one source serves into DIR, with a manifest",
        description="Read a source as `check` does and save every page it fetched (robots.txt, "
        "feeds, listings, API answers, articles) into DIR with manifest.json, to turn real "
        "pages into regression fixtures.",
    )
    q.add_argument("source", help="source id, e.g. mfa_tj")
    q.add_argument("dir", help="folder to write into (created if needed)")
    q.add_argument("--articles", type=int, default=2, help="articles per language (default 2)")
    _add_sources_option(q)
    q.set_defaults(handler=_wrap(cmd_capture))


def _wrap(fn: Any) -> Any:
    def handler(args: argparse.Namespace) -> int:
        try:
            return int(fn(args))
        except ConfigError as exc:
            print(f"carta sources: {exc}", file=sys.stderr)
            return exits.DATA

    return handler
