"""`carta correct` and `carta corrections`: an analyst's fixes, kept as rows that every load and
re-process applies again, and a reviewable file a team keeps in git."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carta import exits
from carta.exits import Refused

_ACTIONS = ("set", "not_relevant", "merge", "split", "add_participant")


def register(sub: Any, add_db_options: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser(
        "correct",
        help="correct one meeting; the correction stays through every load and re-process",
        description="Correct a meeting: set a field (--set city=Ashgabat, date=2025-04-11 or "
        "2025-04, status, host_country, ordinal, event_type), mark it --not-relevant, --merge "
        "it into another meeting, --split one story out of it, or --add-participant a person "
        "of the registry. The correction is stored with its author, time and reason, applied "
        "now, and applied again after every load and `carta reprocess`; the views show the "
        "corrected meeting with provenance 'analyst'.",
    )
    p.add_argument("meeting", help="the meeting_id (see meeting_timeline)")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    p.add_argument("--not-relevant", action="store_true", help="it is not a Russia-CA meeting")
    p.add_argument("--merge", metavar="MEETING_ID", help="it is the same meeting as this one")
    p.add_argument("--split", metavar="STORY_ID", help="this story reports another meeting")
    p.add_argument("--add-participant", metavar="PERSON_ID", help="a person of the registry")
    p.add_argument("--why", required=True, help="the reason, for whoever reads it later")
    p.add_argument("--author", help="who corrects (default: $CARTA_AUTHOR, else the user name)")
    add_db_options(p)
    p.set_defaults(handler=cmd_correct)

    r = sub.add_parser(
        "review",
        help="list what deserves a human look, most important first",
        description="Print the review queue (the review_queue view): sources that disagree on "
        "a meeting's day or city, corrections whose meeting is gone, status changes and "
        "withdrawn meetings of the last 30 days, held meetings whose day is unknown; each "
        "with its reason, the sources' snippets and URLs. Fix what is wrong with `carta "
        "correct`.",
    )
    r.add_argument("--limit", type=int, default=50, help="at most this many rows (default 50)")
    r.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_db_options(r)
    r.set_defaults(handler=cmd_review)

    q = sub.add_parser(
        "corrections",
        help="list, export or import the analysts' corrections",
        description="List the corrections (stale ones: their meeting is gone), write them to "
        "a TOML file for review and git, or read such a file into a warehouse (each applied "
        "as `carta correct` applies it; one already there is left as it is).",
    )
    qsub = q.add_subparsers(dest="corrections_command", metavar="ACTION", required=True)
    for name, handler, helptext in (
        ("list", cmd_list, "every correction, oldest first, with its state"),
        ("export", cmd_export, "write every correction to FILE (TOML)"),
        ("import", cmd_import, "apply the corrections of FILE (TOML)"),
    ):
        r = qsub.add_parser(name, help=helptext)
        if name != "list":
            r.add_argument("file", help="the TOML file")
        add_db_options(r)
        r.set_defaults(handler=handler)


def _author(args: argparse.Namespace) -> str:
    return str(args.author or os.environ.get("CARTA_AUTHOR") or getpass.getuser())


def _wanted(args: argparse.Namespace) -> list[tuple[str, str | None, str | None]]:
    out: list[tuple[str, str | None, str | None]] = []
    for item in args.set:
        field, sep, value = item.partition("=")
        if not sep or not field:
            raise Refused(f"--set {item!r}: write FIELD=VALUE, e.g. city=Ashgabat", exits.USAGE)
        out.append(("set", field.strip(), value.strip()))
    if args.not_relevant:
        out.append(("not_relevant", None, None))
    for action, value in (
        ("merge", args.merge),
        ("split", args.split),
        ("add_participant", args.add_participant),
    ):
        if value:
            out.append((action, None, value))
    if not out:
        raise Refused(
            "say what to correct: --set, --not-relevant, --merge, --split or --add-participant",
            exits.USAGE,
        )
    return out


def cmd_correct(args: argparse.Namespace) -> int:
    from carta.core.meetings import Correction
    from carta.loading import make_correction
    from warehouse import db

    now = datetime.now(UTC)
    author = _author(args)
    made = [
        Correction(
            _id(args.meeting, a, f, v, now, author), args.meeting, a, f, v, args.why, author, now
        )
        for a, f, v in _wanted(args)
    ]
    with db.writer(args.db, wait_seconds=args.wait) as con, db.transaction(con):
        for c in made:
            _check(con, c)
            make_correction(con, c, now)
    for c in made:
        print(f"corrected {c.meeting_id}: {_describe(c)} ({c.correction_id})")
    return exits.OK


def _id(
    meeting: str, action: str, field: str | None, value: str | None, at: datetime, author: str
) -> str:
    from carta.core.keys import stable_hash

    return "cx-" + stable_hash(meeting, action, field, value, at.isoformat(), author)


def _describe(c: Any) -> str:
    if c.action == "set":
        return f"{c.field} = {c.value}"
    if c.action == "not_relevant":
        return "not relevant"
    return f"{c.action.replace('_', ' ')} {c.value}"


def _check(con: Any, c: Any) -> None:
    """Refuse, in one line, a correction that cannot be made as written."""
    from carta.core.registry import default_registry
    from normalise.corrections import CorrectionError, parse_value
    from warehouse.corrections import stories_of
    from warehouse.load import known_meetings

    known = {m.meeting_id: m for m in known_meetings(con, ids=[c.meeting_id, c.value or ""])}
    if c.meeting_id not in known:
        raise Refused(
            f"no meeting {c.meeting_id!r} in the warehouse (see meeting_timeline)", exits.DATA
        )
    try:
        if c.action == "set":
            parse_value(c.field, c.value)
    except CorrectionError as exc:
        raise Refused(str(exc), exits.USAGE) from exc
    if c.action == "merge" and (c.value == c.meeting_id or c.value not in known):
        raise Refused(
            f"cannot merge {c.meeting_id} into {c.value!r}: no such other meeting", exits.DATA
        )
    if c.action == "split":
        stories = set(stories_of(con, c.meeting_id))
        if c.value not in stories or len(stories) < 2:
            raise Refused(
                f"cannot split story {c.value!r} out of {c.meeting_id}: its stories "
                f"are {', '.join(sorted(stories)) or 'none'}",
                exits.DATA,
            )
    if c.action == "add_participant":
        try:
            default_registry().person(c.value)
        except KeyError:
            raise Refused(
                f"no person {c.value!r} in the registry (normalise/data/people.toml)", exits.DATA
            ) from None


def cmd_list(args: argparse.Namespace) -> int:
    from carta.output import render
    from warehouse import db
    from warehouse.corrections import listing

    with db.reader(args.db, wait_seconds=args.wait) as con:
        cols, rows = listing(con)
    sys.stdout.write(render(cols, rows, "table") + "\n")
    return exits.OK


def cmd_review(args: argparse.Namespace) -> int:
    from carta.output import render
    from warehouse import db
    from warehouse.corrections import review

    if args.limit < 1:
        raise Refused("--limit must be at least 1", exits.USAGE)
    with db.reader(args.db, wait_seconds=args.wait) as con:
        cols, rows = review(con, args.limit)
    if not rows and args.format == "table":
        print("nothing to review")
        return exits.OK
    sys.stdout.write(render(cols, rows, args.format) + "\n")
    return exits.OK


_HEADER = """# carta corrections: what analysts fixed, with who, when and why. Keep it in git;
# `carta corrections import FILE` applies it to a warehouse (a correction already there is left
# as it is). Fields: id, meeting, action (set | not_relevant | merge | split | add_participant),
# field and value (set), value (merge: the meeting kept; split: the story; add_participant: the
# person), why, author, made_at.
"""
_KEYS = {
    "id": "correction_id",
    "meeting": "meeting_id",
    "action": "action",
    "field": "field",
    "value": "value",
    "why": "why",
    "author": "author",
    "made_at": "made_at",
}


def cmd_export(args: argparse.Namespace) -> int:
    from warehouse import db
    from warehouse.corrections import all_corrections

    with db.reader(args.db, wait_seconds=args.wait) as con:
        found = all_corrections(con)
    lines = [_HEADER]
    for c in found:
        lines.append("[[correction]]")
        for key, attr in _KEYS.items():
            value = getattr(c, attr)
            if value is None:
                continue
            if isinstance(value, datetime):
                lines.append(f"{key} = {value.astimezone(UTC).isoformat().replace('+00:00', 'Z')}")
            else:
                lines.append(f"{key} = {json.dumps(str(value), ensure_ascii=False)}")
        lines.append("")
    out = Path(args.file)
    try:
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text("\n".join(lines), encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        raise Refused(f"cannot write {out}: {exc.strerror or exc}", exits.DATA) from exc
    print(f"wrote {len(found)} correction(s) to {out}")
    return exits.OK


def _read(path: Path) -> list[Any]:
    import tomllib

    from carta.core import codes
    from carta.core.meetings import Correction

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise Refused(f"cannot read {path}: {exc.strerror or exc}", exits.DATA) from exc
    except tomllib.TOMLDecodeError as exc:
        raise Refused(f"{path}: not valid TOML: {exc}", exits.DATA) from exc
    out = []
    for i, entry in enumerate(data.get("correction", []), start=1):
        where = f"{path}: correction {i}"
        unknown = sorted(set(entry) - set(_KEYS))
        missing = sorted({"id", "meeting", "action", "why", "author", "made_at"} - set(entry))
        if unknown or missing:
            what = f"unknown key(s) {', '.join(unknown)}" if unknown else ""
            what += ("; " if what else "") + (f"missing {', '.join(missing)}" if missing else "")
            raise Refused(f"{where}: {what}", exits.DATA)
        if entry["action"] not in codes.values(codes.CorrectionAction):
            raise Refused(f"{where}: unknown action {entry['action']!r}", exits.DATA)
        made = entry["made_at"]
        if not isinstance(made, datetime) or made.tzinfo is None:
            raise Refused(f"{where}: made_at must be a date and time with its zone", exits.DATA)
        out.append(
            Correction(
                str(entry["id"]),
                str(entry["meeting"]),
                entry["action"],
                entry.get("field"),
                entry.get("value"),
                str(entry["why"]),
                str(entry["author"]),
                made,
            )
        )
    return sorted(out, key=lambda c: (c.made_at, c.correction_id))


def cmd_import(args: argparse.Namespace) -> int:
    from carta.loading import make_correction
    from warehouse import db

    found = _read(Path(args.file))
    now = datetime.now(UTC)
    stale = 0
    with db.writer(args.db, wait_seconds=args.wait) as con, db.transaction(con):
        for c in found:
            stale += not make_correction(con, c, now)
    print(
        f"imported {len(found)} correction(s) from {args.file}"
        + (f"; {stale} name a meeting not in this warehouse (kept as stale)" if stale else "")
    )
    return exits.OK
