"""Rendering query results for people (table) and programs (csv, json)."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMATS = ("table", "csv", "json")


def _plain(value: Any) -> Any:
    """A JSON-safe form that keeps numbers numbers and dates ISO strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    plain = _plain(value)
    if isinstance(plain, list | dict):
        return json.dumps(plain, ensure_ascii=False)
    return str(plain)


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else _cell(v) for v in row])
        return buf.getvalue()
    if fmt == "json":
        records = [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        cells = [[_cell(v) for v in row] for row in rows]
        widths = [len(c) for c in columns]
        for row in cells:
            widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
        line = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()
        rule = "  ".join("-" * w for w in widths)
        body = [
            "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            for row in cells
        ]
        footer = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
        return "\n".join([line, rule, *body, footer]) + "\n"
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render_many(results: Sequence[tuple[list[str], Sequence[Sequence[Any]]]], fmt: str) -> str:
    """Every statement's result in order, a blank line between tables: `select 1; select 2`
    shows both, not only the last."""
    return "\n".join(render(columns, rows, fmt) for columns, rows in results)
