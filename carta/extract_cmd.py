"""`carta extract`: the extractor on one file, or on many in one process (JSON lines).

A page is read as the nightly reads it (carta.reading): the adapter of the site its `--url` is
on, else the generic adapter, then the same article extraction; plain text goes straight to the
extractor.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path
from typing import Any

from normalise.text import InputError
from scrapers.config import ConfigError, SourcesConfig, load_config

EXIT_OK = 0
EXIT_DATA = 65


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "extract",
        help="print the meeting record of one HTML or text file as JSON (or --batch JSONL)",
        description="Run the extractor on one HTML or plain-text file and print its record as "
        "JSON: relevant, language, events (the first is the main one) and trade_figures. A "
        "page is read as the nightly reads it: with the adapter of the configured site its "
        "--url is on, else with the generic reader. With --batch IN.jsonl, read one JSON "
        "object per line ({'text' or 'html', optional 'url', 'published', 'lang'}) and write "
        "one record per line, in order; a bad line gets an 'error' key instead of stopping the "
        "batch.",
    )
    p.add_argument("file", nargs="?", help="the HTML or text file ('-' for standard input)")
    p.add_argument("--url", help="where the page came from (its site's adapter reads it)")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date of the text")
    p.add_argument("--lang", help="the text's language, if known (ISO 639-1)")
    p.add_argument("--batch", metavar="IN.jsonl", help="extract every line of a JSON-lines file")
    p.add_argument("--output", "-o", metavar="OUT", help="write to OUT instead of stdout")
    p.set_defaults(handler=cmd_extract)


@functools.cache
def _config() -> SourcesConfig:
    return load_config()


def extract_line(obj: dict[str, Any]) -> dict[str, Any]:
    """One `--batch` line to its record: the accuracy gate scores through this very function."""
    from carta.reading import extract_input

    content = obj.get("html") if obj.get("html") is not None else obj.get("text")
    if not isinstance(content, str):
        raise InputError("each line needs a 'text' or 'html' string")
    record = extract_input(
        content,
        url=obj.get("url") or None,
        published=obj.get("published") or None,
        lang=obj.get("lang") or None,
        config=_config(),
    )
    return record.to_json()


def cmd_extract(args: argparse.Namespace) -> int:
    if args.output:
        with Path(args.output).open("w", encoding="utf-8") as out:
            return _extract(args, out)
    return _extract(args, sys.stdout)


def _extract(args: argparse.Namespace, out: Any) -> int:
    if args.batch:
        return _batch(Path(args.batch), out)
    if not args.file:
        print("carta extract: give a FILE or --batch IN.jsonl", file=sys.stderr)
        return 2
    data = sys.stdin.buffer.read() if args.file == "-" else _read(Path(args.file))
    from carta.reading import extract_input

    try:
        record = extract_input(
            data, url=args.url, published=args.published, lang=args.lang, config=_config()
        )
    except InputError as exc:
        print(f"carta extract: {args.file}: {exc}", file=sys.stderr)
        return EXIT_DATA
    except ConfigError as exc:
        print(f"carta extract: {exc}", file=sys.stderr)
        return 2
    out.write(json.dumps(record.to_json(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SystemExit(f"carta extract: cannot read {path}: {exc.strerror}") from exc


def _batch(path: Path, out: Any) -> int:
    """One record per input line, in order, in this one process; errors stay on their line."""
    failed = 0
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
                if not isinstance(obj, dict):
                    raise InputError("each line must be a JSON object")
                result = extract_line(obj)
            except (InputError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                failed += 1
                result = {"line": lineno, "error": f"{type(exc).__name__}: {exc}"}
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    if failed:
        print(
            f"carta extract: {failed} line(s) had errors (see their 'error' key)", file=sys.stderr
        )
    return EXIT_OK
