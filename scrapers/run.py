"""Reading sources, testable without Prefect: plain functions that never raise for the network.

A site that is down, blocked or redesigned is an outcome, not an exception: it becomes the
result's status and reason. A bug while reading one language marks that language failed and the
others go on; a source that fails never stops the other sources, which run in parallel (one thread
per source; the HTTP layer keeps any one host sequential).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from carta.core.codes import FailureKind
from carta.core.documents import (
    FetchRecord,
    SourceResult,
    SourceState,
    Status,
    empty_counts,
)
from scrapers.adapters import get_adapter
from scrapers.adapters.base import Context, LanguageOutcome, Mode
from scrapers.config import SourceConfig, SourcesConfig
from scrapers.http import FetchHook, HttpClient

log = logging.getLogger(__name__)

# When languages end differently and none is ok, the most telling status names the source.
_PRIORITY: tuple[Status, ...] = (
    "blocked",
    "robots_forbidden",
    "layout_changed",
    "unreachable",
    "failed",
)


def aggregate(
    languages: Mapping[str, LanguageOutcome], failed_articles: int
) -> tuple[Status, str | None]:
    statuses = {o.status for o in languages.values()}
    reason = "; ".join(
        f"{lang}: {o.status}" + (f" - {' | '.join(o.notes)}" if o.notes else "")
        for lang, o in languages.items()
        if o.status != "ok" or o.notes
    )
    if not statuses:
        return "failed", "no language configured"
    if statuses == {"ok"}:
        return ("partial" if failed_articles else "ok"), reason or None
    if len(statuses) == 1:
        return next(iter(statuses)), reason or None
    if statuses & {"ok", "partial"}:
        return "partial", reason or None
    for status in _PRIORITY:
        if status in statuses:
            return status, reason or None
    return "failed", reason or None


def read_source(
    source: SourceConfig,
    state: SourceState | None,
    http: HttpClient,
    *,
    mode: Mode = "nightly",
    since: date | None = None,
    now: datetime | None = None,
    check_articles: int = 1,
) -> SourceResult:
    """Read one source once. `mode`: nightly (stop at what is known), backfill (walk back to
    `since` where the site and robots.txt allow) or check (one listing and `check_articles`
    articles per language, state ignored)."""
    if mode == "backfill" and since is None:
        raise ValueError("a backfill needs `since`, the date to walk back to")
    state = state if state is not None and mode != "check" else SourceState(site=source.id)
    sh = http.for_source(source)
    ctx = Context(
        source=source,
        http=sh,
        state=state,
        mode=mode,
        since=since,
        now=now or datetime.now(UTC),
        check_articles=check_articles,
        counts=empty_counts(),
    )
    adapter = get_adapter(source)
    for language in source.languages:
        try:
            adapter.read_language(ctx, language)
        except Exception as exc:  # a parser bug must not cost the other languages
            log.exception("reading %s:%s failed", source.id, language)
            out = ctx.lang(language)
            out.status = "failed"
            out.notes.append(f"internal error: {type(exc).__name__}: {exc}")
            ctx.bump("failed")
        ctx.lang(language)
    status, reason = aggregate(ctx.languages, ctx.counts.get("failed", 0))
    hosts = {urlsplit(source.base_url).netloc, *source.allowed_hosts}
    robots = tuple(
        (origin, at, text)
        for origin, (at, text) in sorted(http.robots_read.items())
        if urlsplit(origin).netloc in hosts
    )
    fetches = sh.take()
    return SourceResult(
        site=source.id,
        status=status,
        reason=reason,
        fetches=fetches,
        documents=tuple(ctx.documents),
        articles=tuple(ctx.articles),
        counts=dict(ctx.counts),
        languages={lang: o.status for lang, o in ctx.languages.items()},
        robots=robots,
        failure=source_failure(status, fetches),
        revisited=tuple(ctx.revisited),
    )


def source_failure(status: Status, fetches: Iterable[FetchRecord]) -> FailureKind | None:
    """What a source's status means for trying again: its failed requests' kind (transient if
    any was), blocked and refused as such; a layout change or an internal error is permanent."""
    if status in ("ok", "partial"):
        return None
    if status == "blocked":
        return "blocked"
    if status == "robots_forbidden":
        return "refused"
    if status == "unreachable":
        kinds = {f.failure for f in fetches if f.failure is not None}
        return "transient" if "transient" in kinds or not kinds else "permanent"
    return "permanent"


def _guarded(
    source: SourceConfig,
    state: SourceState | None,
    http: HttpClient,
    mode: Mode,
    since: date | None,
    check_articles: int,
) -> SourceResult:
    try:
        return read_source(
            source, state, http, mode=mode, since=since, check_articles=check_articles
        )
    except Exception as exc:  # one source's failure is recorded, never propagated
        log.exception("source %s failed", source.id)
        return SourceResult(
            site=source.id,
            status="failed",
            reason=f"internal error: {type(exc).__name__}: {exc}",
            counts=empty_counts(),
            failure="permanent",
        )


def read_sources(
    sources: Iterable[SourceConfig],
    states: Mapping[str, SourceState] | None = None,
    *,
    config: SourcesConfig,
    run_id: str | None = None,
    mode: Mode = "nightly",
    since: date | None = None,
    check_articles: int = 1,
    on_fetch: FetchHook | None = None,
) -> list[SourceResult]:
    """Read several sources in parallel; results come back in the order given."""
    chosen = list(sources)
    states = states or {}
    if not chosen:
        return []
    remembered = {o: v for st in states.values() for o, v in st.robots_txt.items()}
    with HttpClient(
        config.settings, run_id=run_id, on_fetch=on_fetch, robots_cache=remembered
    ) as http:
        workers = min(config.settings.max_workers, len(chosen))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="carta-source") as pool:
            futures = [
                pool.submit(_guarded, s, states.get(s.id), http, mode, since, check_articles)
                for s in chosen
            ]
            return [f.result() for f in futures]
