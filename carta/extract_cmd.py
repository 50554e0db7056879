"""`carta extract`: the extractor on one file, or on many in one process (JSON lines).

A page is read as the nightly reads it (carta.reading): the adapter of the site its `--url` is
on, else the generic adapter, then the same article extraction; plain text goes straight to the
extractor. The extractor is imported only when a command needs it, so the rest of `carta`
starts fast.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from carta import exits
from carta.exits import Refused

if TYPE_CHECKING:  # the configuration loads only when a page is read: `carta --help` stays quick
    from scrapers.config import SourcesConfig


def register(sub: Any) -> None:
    p = sub.add_parser(
        "extract",
        help="print the meeting record of one HTML or text file as JSON (or --batch JSONL)",
        description="Run the extractor on one HTML or plain-text file and print its record as "
        "JSON: relevant, language, events (the first is the main one) and trade_figures. A "
        "page is read as the nightly reads it: with the adapter of the configured site its "
        "--url is on, else with the generic reader. With --batch IN.jsonl, read one JSON "
        "object per line ({'text' or 'html', optional 'url', 'published', 'lang'}) and write "
        "exactly one record per line, in order; a bad or blank line gets an 'error' key "
        "instead of stopping the batch, and the exit code is 65 when any line failed.",
    )
    p.add_argument("file", nargs="?", help="the HTML or text file ('-' for standard input)")
    p.add_argument("--url", help="where the page came from (its site's adapter reads it)")
    p.add_argument(
        "--published", metavar="YYYY-MM-DD", help="publication date of the text (or YYYY-MM)"
    )
    p.add_argument("--lang", help="the text's language, if known (en, ru, kk, ky, tg, tk, uz)")
    p.add_argument("--batch", metavar="IN.jsonl", help="extract every line of a JSON-lines file")
    p.add_argument("--output", "-o", metavar="OUT", help="write to OUT instead of stdout")
    p.set_defaults(handler=cmd_extract)


@functools.cache
def _config() -> SourcesConfig:
    from scrapers.config import load_config

    return load_config()


def _check_options(published: Any, lang: Any) -> None:
    """`--published` and `--lang` (or a batch line's) as the extractor will read them."""
    from carta.core.language import LANGUAGES, normalise_code
    from normalise.extract import published_date

    if published:
        published_date(str(published))  # InputError names the value and the forms it takes
    if lang and normalise_code(str(lang)) is None:
        from normalise.text import InputError

        raise InputError(f"unknown language {lang!r} (carta reads {', '.join(LANGUAGES)})")


def extract_line(obj: dict[str, Any]) -> dict[str, Any]:
    """One `--batch` line to its record: the accuracy gate scores through this very function."""
    from carta.reading import extract_input
    from normalise.text import InputError

    content = obj.get("html") if obj.get("html") is not None else obj.get("text")
    if not isinstance(content, str):
        raise InputError("each line needs a 'text' or 'html' string")
    _check_options(obj.get("published"), obj.get("lang"))
    record = extract_input(
        content,
        url=obj.get("url") or None,
        published=obj.get("published") or None,
        lang=obj.get("lang") or None,
        config=_config(),
    )
    return record.to_json()


def cmd_extract(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except Refused as exc:
        print(f"carta extract: {exc}", file=sys.stderr)
        return exc.code


def _run(args: argparse.Namespace) -> int:
    from normalise.text import InputError
    from scrapers.config import ConfigError

    if args.batch and args.file:
        raise Refused("give a FILE or --batch IN.jsonl, not both", exits.USAGE)
    if not args.batch and not args.file:
        raise Refused("give a FILE or --batch IN.jsonl", exits.USAGE)
    try:
        _check_options(args.published, args.lang)
    except InputError as exc:
        raise Refused(str(exc), exits.USAGE) from exc
    source = Path(args.batch) if args.batch else None
    if source is not None and not source.is_file():
        why = "is a folder" if source.is_dir() else "does not exist"
        raise Refused(f"cannot read {source}: it {why}", exits.DATA)
    data = None
    if not args.batch:
        data = sys.stdin.buffer.read() if args.file == "-" else _read(Path(args.file))
    try:
        with _output(args.output) as out:
            if source is not None:
                return _batch(source, out)
            return _one(args, data or b"", out)
    except ConfigError as exc:
        raise Refused(str(exc), exits.DATA) from exc


class _output:
    """Standard output, or OUT opened before any work so an unwritable OUT costs nothing; the
    file is replaced only when the whole output is written."""

    def __init__(self, name: str | None) -> None:
        self.path = Path(name) if name else None
        self.tmp: Path | None = None
        self.fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.path is None:
            return sys.stdout
        self.tmp = self.path.with_name(f".{self.path.name}.partial")
        try:
            self.fh = self.tmp.open("w", encoding="utf-8")
        except OSError as exc:
            raise Refused(f"cannot write {self.path}: {exc.strerror}", exits.DATA) from exc
        return self.fh

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if self.fh is None or self.tmp is None or self.path is None:
            return
        self.fh.close()
        if kind is None:
            try:
                self.tmp.replace(self.path)
            except OSError as err:
                self.tmp.unlink(missing_ok=True)
                raise Refused(f"cannot write {self.path}: {err.strerror}", exits.DATA) from err
            print(f"carta extract: wrote {self.path}", file=sys.stderr)
        else:
            self.tmp.unlink(missing_ok=True)


def _one(args: argparse.Namespace, data: bytes, out: IO[str]) -> int:
    from carta.reading import extract_input
    from normalise.text import InputError

    try:
        record = extract_input(
            data, url=args.url, published=args.published, lang=args.lang, config=_config()
        )
    except InputError as exc:
        raise Refused(f"{args.file}: {exc}", exits.DATA) from exc
    out.write(json.dumps(record.to_json(), ensure_ascii=False, indent=2) + "\n")
    return exits.OK


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise Refused(f"cannot read {path}: {exc.strerror}", exits.DATA) from exc


def _batch(path: Path, out: IO[str]) -> int:
    """Exactly one record per input line, in order, in this one process: a line that fails
    (a blank one too) gets its error in its place, so output line N is always input line N."""
    from normalise.text import InputError

    failed = 0
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise Refused(f"cannot read {path}: {exc.strerror}", exits.DATA) from exc
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                if not raw.strip():
                    raise InputError("the line is blank")
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
            f"carta extract: {failed} line(s) of {path} had errors (see their 'error' key)",
            file=sys.stderr,
        )
        return exits.DATA
    return exits.OK
