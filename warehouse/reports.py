"""What a person reads after a run: a markdown report, the changed meetings, the trade trend.

Built from the warehouse (not from the run's memory), so the report shows what an analyst's
SQL would show. The chart is a small hand-written SVG: one bar per year, implied years hatched;
no plotting library is worth its weight for that.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from warehouse import queries
from warehouse.runs import RunSummary


@dataclass(frozen=True)
class Alert:
    """A source that needs a person: silent, blocked, or with a layout that changed."""

    kind: str  # silent | blocked | layout_changed
    site: str
    source_id: str | None
    reason: str


def meeting_rows(
    con: duckdb.DuckDBPyConnection, meeting_ids: Sequence[str]
) -> list[dict[str, Any]]:
    if not meeting_ids:
        return []
    rel = queries.run(con, "report_meetings", ids=list(meeting_ids))
    cols = [c[0] for c in rel.description]
    return [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]


def trend_rows(con: duckdb.DuckDBPyConnection, scope: str = "RU-CA") -> list[dict[str, Any]]:
    rel = queries.run(con, "report_trend", scope=scope)
    cols = [c[0] for c in rel.description]
    return [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]


CHART_BACKGROUND = "#ffffff"
CHART_INK = "#1f2328"
_URL = re.compile(r"https?://\S+")


def trend_svg(rows: Sequence[dict[str, Any]], title: str = "Russia – Central Asia trade") -> str:
    """A bar chart of full-year trade in billions of USD; implied years are hatched."""
    width, height, pad, top = 520, 260, 48, 36
    # Its own background and text colours: the Prefect UI may be dark or light, and an SVG with
    # neither is black text on whatever the page is.
    if not rows:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="80">'
            f'<rect width="{width}" height="80" rx="6" fill="{CHART_BACKGROUND}"/>'
            f'<text x="10" y="40" font-family="sans-serif" font-size="14" fill="{CHART_INK}">'
            f"{html.escape(title)}: no full-year figures yet</text></svg>"
        )
    peak = max(float(r["value_usd"] or 0) for r in rows) or 1.0
    n = len(rows)
    slot = (width - 2 * pad) / n
    bar = slot * 0.6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" fill="{CHART_INK}">',
        f'<rect width="{width}" height="{height}" rx="6" fill="{CHART_BACKGROUND}"/>',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#dbe7f3"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#4a78a8" stroke-width="2"/></pattern></defs>',
        f'<text x="{pad}" y="22" font-size="15">{html.escape(title)}, USD bn</text>',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#333"/>',
    ]
    for i, r in enumerate(rows):
        value = float(r["value_usd"] or 0)
        h = (height - pad - top) * value / peak
        x = pad + i * slot + (slot - bar) / 2
        y = height - pad - h
        fill = "url(#hatch)" if r.get("basis") == "implied" else "#4a78a8"
        label = f"{value / 1e9:.1f}"
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{fill}">'
            f"<title>{r['year']}: {label} bn ({html.escape(str(r.get('basis')))})</title></rect>"
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{y - 6:.1f}" font-size="12" '
            f'text-anchor="middle">{label}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - pad + 18}" font-size="12" '
            f'text-anchor="middle">{r["year"]}</text>'
        )
    parts.append(
        f'<text x="{pad}" y="{height - 8}" font-size="11" fill="#4b5563">hatched: implied from '
        "the next year's reported change</text></svg>"
    )
    return "".join(parts)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return " ".join(f"[{i + 1}]({u})" for i, u in enumerate(value)) or "–"
    return str(value).replace("|", "\\|")


def _reason_parts(reason: str) -> list[str]:
    """A source's reason, one part per language or step: the reader names join them with '; '
    and ' | '."""
    return [p.strip() for p in re.split(r"; | \| ", reason) if p.strip()]


def _linked(text: str) -> str:
    """URLs as links with a short label: a long unbroken URL would push the page sideways."""

    def link(m: re.Match[str]) -> str:
        url = m.group(0).rstrip(").,")
        tail = m.group(0)[len(url) :]
        label = re.sub(r"^https?://", "", url).split("?")[0]
        if len(label) > 40:
            label = label[:18] + "…" + label[-18:]
        return f"[{label}]({url}){tail}"

    return _URL.sub(link, text.replace("|", "\\|"))


def run_report(
    summary: RunSummary,
    meetings: Sequence[dict[str, Any]],
    trend: Sequence[dict[str, Any]],
    chart_markdown: str,
    alerts: Sequence[Alert] = (),
    changes: Sequence[dict[str, Any]] = (),
    review: Sequence[dict[str, Any]] = (),
) -> str:
    """The markdown a person reads in the Prefect UI after a run."""
    lines = [
        f"# carta {summary.kind} run — {summary.status}",
        "",
        f"{summary.message}",
        "",
        f"Run `{summary.run_id}`, started {summary.started_at:%Y-%m-%d %H:%M:%S %Z}"
        + (f", finished {summary.finished_at:%H:%M:%S}" if summary.finished_at else ""),
        "",
        "## Sources",
        "",
        # the reasons follow the table, where they can wrap: in a cell they widen the table
        # past the report's column in the Prefect UI
        "| source | status | listed | new | changed | unchanged | failed | blocked |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for site, s in sorted(summary.sources.items()):
        lines.append(
            f"| {site} | {s.get('status')} | "
            + " | ".join(
                str(s.get(k, 0))
                for k in ("listed", "new", "changed", "unchanged", "failed", "blocked")
            )
            + " |"
        )
    reasons = [(site, s) for site, s in sorted(summary.sources.items()) if s.get("reason")]
    if reasons:
        lines += ["", "### Reasons", ""]
        for site, s in reasons:
            lines.append(f"- **{site}** ({s.get('status')}):")
            lines += [f"  - {_linked(part)}" for part in _reason_parts(str(s["reason"]))]
    lines += ["", "## New and updated meetings", ""]
    if meetings:
        lines += [
            "| meeting | date | type | status | city | mentions | sources |",
            "|---|---|---|---|---|---:|---|",
        ]
        for m in meetings:
            lines.append(
                "| "
                + " | ".join(
                    _cell(m.get(k))
                    for k in (
                        "meeting_id",
                        "date",
                        "event_type",
                        "status",
                        "city",
                        "n_mentions",
                        "sources",
                    )
                )
                + " |"
            )
    else:
        lines.append("None in this run.")
    lines += ["", "## What changed", ""]
    if changes:
        lines += ["| meeting | field | before | after | why |", "|---|---|---|---|---|"]
        lines += [
            "| "
            + " | ".join(
                _cell(c.get(k)) for k in ("meeting_id", "field", "old_value", "new_value", "why")
            )
            + " |"
            for c in changes
        ]
    else:
        lines.append("No meeting changed in this run.")
    lines += ["", "## To review", ""]
    if review:
        lines.append(f"The first {len(review)} of `carta review` (most important first):")
        lines.append("")
        lines += [f"- {r['priority']} · `{r['meeting_id']}`: {r['reason']}" for r in review]
    else:
        lines.append("Nothing to review.")
    lines += ["", "## Trade trend (Russia – Central Asia)", "", chart_markdown, ""]
    if trend:
        lines += [
            "| year | USD bn | basis | reported change % | conflict |",
            "|---|---:|---|---:|---|",
        ]
        for r in trend:
            lines.append(
                f"| {r['year']} | {float(r['value_usd']) / 1e9:.2f} | {r['basis']} | "
                f"{_cell(r['reported_change_pct'])} | {r['conflict']} |"
            )
    if alerts:
        lines += ["", "## Alerts", ""]
        lines += [f"- **{a.kind}** {a.source_id or a.site}: {a.reason}" for a in alerts]
    lines += ["", "## Data contracts", ""]
    if summary.failed_checks:
        lines += [f"- FAILED: {name}" for name in summary.failed_checks]
    else:
        lines.append("All passed.")
    return "\n".join(lines) + "\n"


def source_alerts(con: duckdb.DuckDBPyConnection, results: Sequence[dict[str, Any]]) -> list[Alert]:
    """Sources to alert on: blocked or redesigned in this run, or silent for too long."""
    alerts = []
    for r in results:
        if r.get("status") in ("blocked", "layout_changed"):
            alerts.append(Alert(str(r["status"]), str(r["site"]), None, str(r.get("reason") or "")))
    for source, site, days in queries.run(con, "report_silent_sources").fetchall():
        alerts.append(
            Alert("silent", str(site), str(source), f"no new document for over {days} days")
        )
    return alerts


@dataclass(frozen=True)
class NightReport:
    """What a run shows its reader: the markdown report, the meetings table, the alerts to
    emit, and the chart written beside the warehouse."""

    markdown: str
    meetings: list[dict[str, Any]]
    alerts: list[Alert]
    chart_file: Path
    review: list[dict[str, Any]]


def night_report(
    con: duckdb.DuckDBPyConnection, summary: RunSummary, reports_dir: Path
) -> NightReport:
    """The run's report from the warehouse as loaded; the trade chart is written to
    `reports_dir/<run id>/trade-trend.svg` and embedded in the markdown (the Prefect UI shows
    no local file)."""
    meetings = meeting_rows(con, summary.new_meetings + summary.changed_meetings)
    trend = trend_rows(con)
    alerts = source_alerts(con, [{"site": k, **v} for k, v in summary.sources.items()])
    svg = trend_svg(trend)
    chart_dir = reports_dir / summary.run_id
    chart_dir.mkdir(parents=True, exist_ok=True)
    chart_file = chart_dir / "trade-trend.svg"
    chart_file.write_text(svg, encoding="utf-8")
    data_uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    chart_md = f"![Russia – Central Asia trade]({data_uri})\n\nChart file: `{chart_file}`"
    table = [
        {k: (", ".join(v) if isinstance(v, list) else v) for k, v in m.items()} for m in meetings
    ] or [{"meeting_id": "none", "status": "no new or updated meetings"}]
    changes = _dicts(queries.run(con, "report_changes", run_id=summary.run_id))
    review = _dicts(queries.run(con, "review", limit=REVIEW_ROWS))
    markdown = run_report(summary, meetings, trend, chart_md, alerts, changes, review)
    review_table = [{k: _plain(v) for k, v in r.items()} for r in review] or [
        {"priority": None, "reason": "nothing to review"}
    ]
    return NightReport(markdown, table, alerts, chart_file, review_table)


REVIEW_ROWS = 20


def _plain(value: Any) -> Any:
    """A value a Prefect table artifact can hold (JSON): lists joined, times as ISO text."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _dicts(result: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [c[0] for c in result.description or ()]
    return [dict(zip(cols, r, strict=True)) for r in result.fetchall()]
