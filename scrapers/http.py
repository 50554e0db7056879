"""The one HTTP layer every source goes through, so politeness and safety cannot be forgotten.

- requests + urllib3 `Retry`: exponential backoff with jitter on connection errors, 429 and 5xx,
  `Retry-After` honoured (capped), no retry on other 4xx. A DNS failure is not retried: the name
  will not resolve a second later, and an offline machine must learn that in milliseconds.
- robots.txt (protego) is fetched once per host per run, obeyed, and its Crawl-delay raises the
  per-host delay. The User-Agent says who we are and how to reach us.
- One host is never asked twice at once (a lock per host), and never sooner than its delay after
  the previous answer; different hosts proceed in parallel.
- Conditional GET from known validators; a 304 carries no body to parse.
- Redirects are followed here, one hop at a time, so a hop to a host off the source's allowlist is
  refused before it is requested. Bodies are streamed and cut off at `max_bytes`. TLS is always
  verified, against a per-source CA bundle when a site's chain is incomplete.
- Every request (or refusal) becomes a `FetchRecord`; a bot challenge is `blocked`, not "no news".
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from typing import Any, Self
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NameResolutionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from carta.core.codes import FailureKind, Outcome
from carta.core.documents import FetchRecord, failure_of, sha256_hex
from carta.core.keys import stable_hash
from scrapers.blocks import detect_api_refusal, detect_block
from scrapers.config import Politeness, Settings, SourceConfig

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
ROBOTS_AGENT = "carta"
_REDIRECTS = {301, 302, 303, 307, 308}

# What each purpose may legitimately receive (media-type prefixes); anything else is bad_content.
EXPECT_HTML = ("text/html", "application/xhtml+xml")
EXPECT_FEED = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "text/html",  # a feed URL answering HTML is checked for a challenge page, then rejected
)
EXPECT_JSON = ("application/json", "application/graphql-response+json", "text/json")


def carta_version() -> str:
    try:
        return metadata.version("carta")
    except metadata.PackageNotFoundError:
        return "0"


def user_agent(settings: Settings) -> str:
    return f"carta/{carta_version()} (+{settings.user_agent_contact})"


# ---------------------------------------------------------------------------- the deadline
# A read timeout bounds each wait for a byte, not a whole answer: a server that sends its status
# line or headers a byte at a time would hold a request for as long as it likes. Each request
# therefore runs under a watchdog that shuts its sockets down at the total deadline; the sockets
# are the ones the connections of this thread use for it (tracked below).
_WATCHED = threading.local()


def _watch(sock: Any) -> None:
    watched: list[Any] | None = getattr(_WATCHED, "sockets", None)
    if watched is not None and sock is not None:
        watched.append(sock)


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _watch(self.sock)

    def getresponse(self) -> Any:
        _watch(self.sock)  # a kept-alive connection is reused without a new connect
        return super().getresponse()


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watch(self.sock)

    def getresponse(self) -> Any:
        _watch(self.sock)
        return super().getresponse()


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _Watchdog:
    """Shut the request's sockets down when the deadline passes; `fired` says it did."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self.sockets: list[Any] = []
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        for sock in list(self.sockets):
            with contextlib.suppress(OSError):  # already closed: nothing left to stop
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        _WATCHED.sockets = self.sockets
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _WATCHED.sockets = None


class _PoliteRetry(Retry):
    """urllib3's Retry, except that a name that does not resolve is given up at once."""

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> Self:
        if isinstance(error, NameResolutionError):
            raise MaxRetryError(_pool, url or "", error)
        return super().increment(method, url, response, error, _pool, _stacktrace)


def make_retry(p: Politeness) -> Retry:
    return _PoliteRetry(
        total=p.retries,
        connect=p.retries,
        read=p.retries,
        status=p.retries,
        other=0,
        redirect=False,
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),  # our POSTs are read-only queries
        status_forcelist=(429, 500, 502, 503, 504),
        backoff_factor=p.backoff_seconds,
        backoff_jitter=p.backoff_seconds / 2,
        backoff_max=max(p.backoff_seconds * 8, 1.0),
        respect_retry_after_header=True,
        retry_after_max=int(p.max_retry_after_seconds),
        raise_on_status=False,
    )


@dataclass(frozen=True)
class Response:
    """A fetch's record plus, when it succeeded, the body to parse."""

    record: FetchRecord
    body: bytes | None = field(default=None, repr=False)
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.record.outcome == "ok" and self.body is not None

    @property
    def outcome(self) -> Outcome:
        return self.record.outcome


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0
    failures: int = 0
    down_reason: str | None = None
    down_kind: FailureKind = "transient"


@dataclass
class _Robots:
    parser: Protego | None
    outcome: Outcome
    reason: str | None
    crawl_delay: float = 0.0
    sitemaps: tuple[str, ...] = ()
    text: str | None = None  # what to remember for tomorrow ('' = the host has none)


ROBOTS_MAX_AGE = timedelta(hours=24)


FetchHook = Callable[[FetchRecord, bytes | None], None]


class HttpClient:
    """Shared by all sources of one run: robots, host gates and host health live here."""

    def __init__(
        self,
        settings: Settings,
        *,
        run_id: str | None = None,
        on_fetch: FetchHook | None = None,
        robots_cache: Mapping[str, tuple[datetime, str]] | None = None,
    ) -> None:
        self.settings = settings
        self.run_id = run_id
        # robots.txt read within the last day (from the warehouse): obeyed without a request
        self.robots_cache = dict(robots_cache or {})
        self.robots_read: dict[str, tuple[datetime, str]] = {}
        self.user_agent = user_agent(settings)
        self.on_fetch = on_fetch
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._sessions: dict[str, requests.Session] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        for s in self._sessions.values():
            s.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- per-source view -------------------------------------------------------------------

    def for_source(self, source: SourceConfig) -> SourceHttp:
        return SourceHttp(self, source)

    def _session(self, source: SourceConfig) -> requests.Session:
        with self._lock:
            sess = self._sessions.get(source.id)
            if sess is None:
                sess = requests.Session()
                adapter = HTTPAdapter(max_retries=make_retry(source.politeness))
                adapter.poolmanager.pool_classes_by_scheme = {
                    "http": _WatchedPool,
                    "https": _WatchedHTTPSPool,
                }
                sess.mount("http://", adapter)
                sess.mount("https://", adapter)
                sess.headers["User-Agent"] = self.user_agent
                sess.headers["Accept-Encoding"] = "gzip, deflate"
                self._sessions[source.id] = sess
            return sess

    def _host(self, netloc: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(netloc, _Host())

    # -- robots ----------------------------------------------------------------------------

    def robots(self, source: SourceConfig, url: str, sink: list[FetchRecord]) -> _Robots:
        """robots.txt of the URL's origin, fetched at most once per run."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            cached = self._robots.get(origin)
            if cached is not None:
                return cached
            remembered = self.robots_cache.get(origin)
            if remembered is not None and datetime.now(UTC) - remembered[0] < ROBOTS_MAX_AGE:
                entry = _robots_from_text(remembered[1])
                self._robots[origin] = entry
                self._apply_crawl_delay(parts.netloc, entry)
                return entry
            resp = self._fetch(
                source,
                origin + "/robots.txt",
                purpose="robots",
                source_id=None,
                expect=(),
                validators=None,
                method="GET",
                json_body=None,
                headers=None,
                check_robots=False,
                sink=sink,
            )
            entry = _robots_entry(resp)
            self._robots[origin] = entry
            if entry.text is not None:
                self.robots_read[origin] = (datetime.now(UTC), entry.text)
            self._apply_crawl_delay(parts.netloc, entry)
            return entry

    def _apply_crawl_delay(self, netloc: str, entry: _Robots) -> None:
        if entry.crawl_delay:
            gate = self._host(netloc)
            gate.next_at = max(gate.next_at, time.monotonic() + entry.crawl_delay)

    def crawl_delay(self, netloc_origin: str) -> float:
        entry = self._robots.get(netloc_origin)
        return entry.crawl_delay if entry else 0.0

    def sitemaps(self, origin: str) -> tuple[str, ...]:
        entry = self._robots.get(origin)
        return entry.sitemaps if entry else ()

    # -- the fetch -------------------------------------------------------------------------

    def _fetch(
        self,
        source: SourceConfig,
        url: str,
        *,
        purpose: str,
        source_id: str | None,
        expect: tuple[str, ...],
        validators: tuple[str | None, str | None] | None,
        method: str,
        json_body: Any,
        headers: Mapping[str, str] | None,
        check_robots: bool,
        sink: list[FetchRecord],
    ) -> Response:
        started = datetime.now(UTC)
        t0 = time.monotonic()
        p = source.politeness

        def done(
            outcome: Outcome,
            *,
            reason: str | None = None,
            final_url: str | None = None,
            status: int | None = None,
            hdrs: Mapping[str, str] | None = None,
            body: bytes | None = None,
            error: str | None = None,
            keep_body: bool = False,
            failure: FailureKind | None = None,
        ) -> Response:
            hdrs = hdrs or {}
            record = FetchRecord(
                fetch_id=stable_hash("fetch", source.id, url, purpose, started.isoformat()),
                run_id=self.run_id,
                site=source.id,
                source_id=source_id,
                url=url,
                final_url=final_url,
                purpose=purpose,
                requested_at=started,
                status_code=status,
                outcome=outcome,
                reason=reason,
                etag=hdrs.get("ETag"),
                last_modified=hdrs.get("Last-Modified"),
                content_type=hdrs.get("Content-Type"),
                bytes=len(body) if body is not None else None,
                content_hash=sha256_hex(body) if body is not None else None,
                elapsed_ms=round((time.monotonic() - t0) * 1000, 1),
                error=error,
                failure=failure or failure_of(outcome, status),
            )
            sink.append(record)
            if self.on_fetch is not None:
                self.on_fetch(record, body)
            return Response(record, body if keep_body else None, dict(hdrs))

        current = url
        for hop in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            host = (parts.hostname or "").lower()
            if parts.scheme not in ("http", "https") or not host:
                return done("refused", reason=f"not an http(s) URL: {current!r}", final_url=current)
            if not source.on_site(current):
                return done(
                    "refused",
                    reason=f"host {host} is not on {source.id}'s allowlist"
                    + (" (redirect refused)" if hop else ""),
                    final_url=current,
                )
            origin = f"{parts.scheme}://{parts.netloc}"
            gate = self._host(parts.netloc)
            if gate.down_reason:
                return done(
                    "unreachable",
                    reason=f"{parts.netloc} unreachable earlier in this run: {gate.down_reason}",
                    final_url=current,
                    failure=gate.down_kind,
                )
            if check_robots:
                robots = self.robots(source, current, sink)
                if robots.outcome in ("unreachable", "blocked"):
                    return done(
                        robots.outcome, reason=f"robots.txt: {robots.reason}", final_url=current
                    )
                if robots.parser is None and robots.outcome == "robots_disallowed":
                    return done("robots_disallowed", reason=robots.reason, final_url=current)
                if robots.parser is not None and not robots.parser.can_fetch(current, ROBOTS_AGENT):
                    return done(
                        "robots_disallowed",
                        reason=f"robots.txt of {parts.netloc} disallows {_path(current)}",
                        final_url=current,
                    )
            delay = max(p.min_delay_seconds, self.crawl_delay(origin))
            send_headers = dict(headers or {})
            if hop == 0 and validators:
                etag, modified = validators
                if etag:
                    send_headers["If-None-Match"] = etag
                if modified:
                    send_headers["If-Modified-Since"] = modified
            attempt = 0
            while True:
                with gate.lock:
                    wait = gate.next_at - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                    try:
                        result = self._send(
                            source, current, method, json_body, send_headers, p, time.monotonic()
                        )
                    finally:
                        gate.next_at = time.monotonic() + delay
                # The one retry policy, read from the failure's kind: urllib3's Retry (below)
                # repeats a request that failed before its answer began; a body that broke off
                # or missed its deadline is repeated here, on the same budget and backoff.
                if not (
                    isinstance(result, _Failure)
                    and result.kind == "transient"
                    and result.phase == "body"
                    and attempt < p.retries
                ):
                    break
                time.sleep(_backoff(p, attempt))
                attempt += 1
            if isinstance(result, _Failure):
                with self._lock:
                    gate.failures += 1
                    if result.dns or gate.failures >= p.host_down_after:
                        gate.down_reason = result.reason
                        gate.down_kind = result.kind
                return done(
                    result.outcome,
                    reason=result.reason,
                    final_url=current,
                    error=result.error,
                    failure=result.kind,
                )
            gate.failures = 0
            status, hdrs, body, cut = result
            if status in _REDIRECTS and hdrs.get("Location"):
                current = map_to_base(source, urljoin(current, hdrs["Location"]))
                if method == "POST" and status in (301, 302, 303):
                    method, json_body = "GET", None
                continue
            if cut:
                return done(
                    "too_large",
                    reason=cut,
                    final_url=current,
                    status=status,
                    hdrs=hdrs,
                )
            assert body is not None
            return self._classify(done, purpose, expect, current, status, hdrs, body)
        return done("refused", reason=f"more than {MAX_REDIRECTS} redirects", final_url=current)

    def _classify(
        self,
        done: Callable[..., Response],
        purpose: str,
        expect: tuple[str, ...],
        final: str,
        status: int,
        hdrs: Mapping[str, str],
        body: bytes,
    ) -> Response:
        ctype = hdrs.get("Content-Type", "")
        if status == 304:
            return done("not_modified", final_url=final, status=status, hdrs=hdrs)
        if purpose == "api" and status in (401, 403):
            why = detect_api_refusal(body, status)
            return done("blocked", reason=why, final_url=final, status=status, hdrs=hdrs, body=body)
        looks_html = "html" in ctype.lower() or body[:1024].lstrip()[:15].lower().startswith(
            (b"<!doctype html", b"<html")
        )
        if looks_html:
            why = detect_block(body, status)
            if why:
                return done(
                    "blocked", reason=why, final_url=final, status=status, hdrs=hdrs, body=body
                )
        if status >= 400 or status < 200:
            return done(
                "http_error",
                reason=f"HTTP {status}",
                final_url=final,
                status=status,
                hdrs=hdrs,
                body=body,
            )
        if purpose == "api":
            why = detect_api_refusal(body, status)
            if why:
                return done(
                    "blocked", reason=why, final_url=final, status=status, hdrs=hdrs, body=body
                )
        media = ctype.split(";")[0].strip().lower()
        if expect and media and not media.startswith(expect):
            return done(
                "bad_content",
                reason=f"content type {media!r}, expected one of {', '.join(expect)}",
                final_url=final,
                status=status,
                hdrs=hdrs,
                body=body,
            )
        return done("ok", final_url=final, status=status, hdrs=hdrs, body=body, keep_body=True)

    def _send(
        self,
        source: SourceConfig,
        url: str,
        method: str,
        json_body: Any,
        headers: Mapping[str, str],
        p: Politeness,
        t0: float,
    ) -> tuple[int, Mapping[str, str], bytes | None, str | None] | _Failure:
        """One request under its total deadline, however slowly the server answers."""
        with _Watchdog(t0 + p.total_timeout_seconds - time.monotonic()) as dog:
            result = self._send_once(source, url, method, json_body, headers, p, t0)
        if dog.fired and isinstance(result, _Failure):
            return _Failure(
                "unreachable",
                f"no complete answer within the total timeout of {p.total_timeout_seconds:g} s",
                result.error,
                phase="deadline",
            )
        return result

    def _send_once(
        self,
        source: SourceConfig,
        url: str,
        method: str,
        json_body: Any,
        headers: Mapping[str, str],
        p: Politeness,
        t0: float,
    ) -> tuple[int, Mapping[str, str], bytes | None, str | None] | _Failure:
        sess = self._session(source)
        verify: bool | str = source.ca_bundle or True
        try:
            resp = sess.request(
                method,
                url,
                json=json_body,
                headers=dict(headers),
                timeout=(p.connect_timeout_seconds, p.read_timeout_seconds),
                allow_redirects=False,
                stream=True,
                verify=verify,
            )
        except requests.exceptions.SSLError as exc:
            return _Failure(
                "unreachable",
                "TLS verification failed; if the site's chain is incomplete, give this source a "
                "ca_bundle (docs/sources.md)",
                _short(exc),
                kind="permanent",
            )
        except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as exc:
            # requests reports a read timeout inside urllib3's retries as a ConnectionError:
            # the cause, not the wrapper, says what happened
            netloc = urlsplit(url).netloc
            if _caused_by(exc, NameResolutionError):
                return _Failure(
                    "unreachable",
                    f"DNS lookup failed for {netloc}",
                    _short(exc),
                    dns=True,
                    kind="permanent",
                )
            if _caused_by(exc, ConnectTimeoutError):
                why = f"timed out connecting to {netloc} (connect timeout "
                why += f"{p.connect_timeout_seconds:g} s)"
                return _Failure("unreachable", why, _short(exc))
            if isinstance(exc, requests.exceptions.Timeout) or _caused_by(exc, ReadTimeoutError):
                why = f"timed out waiting for {netloc} to answer (read timeout "
                why += f"{p.read_timeout_seconds:g} s)"
                return _Failure("unreachable", why, _short(exc))
            return _Failure("unreachable", f"connection failed for {netloc}", _short(exc))
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema) as exc:
            return _Failure("refused", "invalid URL", _short(exc), kind="refused")
        except requests.exceptions.RequestException as exc:
            return _Failure("unreachable", "request failed", _short(exc))
        with resp:
            hdrs = {k: v for k, v in resp.headers.items()}
            status = resp.status_code
            if status in _REDIRECTS or status == 304:
                return status, hdrs, b"", None
            declared = resp.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > p.max_bytes:
                return (
                    status,
                    hdrs,
                    None,
                    (f"Content-Length {declared} exceeds max_bytes {p.max_bytes}; not read"),
                )
            chunks: list[bytes] = []
            total = 0
            deadline = t0 + p.total_timeout_seconds
            try:
                # read1: at most one read of the socket per call, so a body that trickles in a
                # byte at a time still comes back here to meet its deadline (iter_content would
                # keep filling one 64 KiB chunk for as long as bytes keep coming).
                while True:
                    chunk = resp.raw.read1(64 * 1024, decode_content=True)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > p.max_bytes:
                        return (
                            status,
                            hdrs,
                            None,
                            (f"body exceeded max_bytes {p.max_bytes}; cut off after {total} bytes"),
                        )
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        return _Failure(
                            "unreachable",
                            f"body not complete within the total timeout of "
                            f"{p.total_timeout_seconds:g} s ({total} bytes read)",
                            None,
                            phase="deadline",
                        )
            except (ReadTimeoutError, TimeoutError) as exc:
                return _Failure(
                    "unreachable",
                    f"timed out reading the body (read timeout {p.read_timeout_seconds:g} s)",
                    _short(exc),
                    phase="body",
                )
            except (ProtocolError, OSError, requests.exceptions.RequestException) as exc:
                return _Failure(
                    "unreachable",
                    "connection lost while reading the body",
                    _short(exc),
                    phase="body",
                )
            return status, hdrs, b"".join(chunks), None


def _backoff(p: Politeness, attempt: int) -> float:
    """urllib3's backoff for the same attempt, so both places wait alike."""
    base = p.backoff_seconds * (2**attempt)
    return float(min(max(p.backoff_seconds * 8, 1.0), base))


@dataclass(frozen=True)
class _Failure:
    outcome: Outcome
    reason: str
    error: str | None
    dns: bool = False
    kind: FailureKind = "transient"
    # request: urllib3 retries it; body: broke off, the client retries it; deadline: the total
    # timeout ran out (a server that trickles will trickle again), not retried in this run
    phase: str = "request"


def _robots_from_text(text: str) -> _Robots:
    parser = Protego.parse(text)
    delay = parser.crawl_delay(ROBOTS_AGENT) or 0.0
    rate = parser.request_rate(ROBOTS_AGENT)
    if rate is not None and rate.requests:
        delay = max(delay, rate.seconds / rate.requests)
    return _Robots(parser, "ok", None, float(delay), tuple(parser.sitemaps), text)


def _robots_entry(resp: Response) -> _Robots:
    rec = resp.record
    if rec.outcome == "ok" and resp.body is not None:
        return _robots_from_text(resp.body.decode("utf-8", "replace"))
    if rec.outcome in ("unreachable", "blocked"):
        return _Robots(None, rec.outcome, rec.reason)
    if (
        rec.outcome in ("http_error", "bad_content")
        and rec.status_code
        and 400 <= rec.status_code < 500
    ):
        if rec.status_code == 429:
            return _Robots(None, "robots_disallowed", "robots.txt answered 429; not crawling")
        return _Robots(Protego.parse(""), "ok", f"no robots.txt (HTTP {rec.status_code})", text="")
    # 5xx, refused, too large: RFC 9309 says assume everything is disallowed.
    return _Robots(
        None,
        "robots_disallowed",
        f"robots.txt unavailable ({rec.reason or rec.outcome}); assuming everything is disallowed",
    )


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, kind):
            return True
        stack.extend([e.__cause__, e.__context__])
        stack.extend(a for a in e.args if isinstance(a, BaseException))
        reason = getattr(e, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)
    return False


def map_to_base(source: SourceConfig, url: str) -> str:
    """A URL on the site's real hosts, rewritten to where we actually read it (mirror, test
    server). Listings often carry absolute links to the official host."""
    parts = urlsplit(url)
    base = urlsplit(source.base_url)
    host = (parts.hostname or "").lower()
    if host in source.official_hosts and (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def canonical_url(source: SourceConfig, url: str) -> str:
    """The URL a document is known by: on the site's real origin, without fragment or tracking
    parameters, whatever mirror or test server it was read from."""
    parts = urlsplit(url)
    query = "&".join(
        q for q in parts.query.split("&") if q and not q.lower().startswith(("utm_", "fbclid="))
    )
    if source.on_site(url):
        canon = urlsplit(source.canonical)
        return urlunsplit((canon.scheme, canon.netloc, parts.path or "/", query, ""))
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


class SourceHttp:
    """The client as one source sees it: its politeness, its allowlist, its log of fetches."""

    def __init__(self, client: HttpClient, source: SourceConfig) -> None:
        self.client = client
        self.source = source
        self.records: list[FetchRecord] = []

    def get(
        self,
        url: str,
        *,
        purpose: str,
        language: str | None = None,
        expect: tuple[str, ...] = EXPECT_HTML,
        validators: tuple[str | None, str | None] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        return self.client._fetch(
            self.source,
            map_to_base(self.source, url),
            purpose=purpose,
            source_id=self.source.source_id(language) if language else None,
            expect=expect,
            validators=validators,
            method="GET",
            json_body=None,
            headers=headers,
            check_robots=True,
            sink=self.records,
        )

    def post_json(
        self,
        url: str,
        body: Any,
        *,
        purpose: str,
        language: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        return self.client._fetch(
            self.source,
            map_to_base(self.source, url),
            purpose=purpose,
            source_id=self.source.source_id(language) if language else None,
            expect=EXPECT_JSON,
            validators=None,
            method="POST",
            json_body=body,
            headers=headers,
            check_robots=True,
            sink=self.records,
        )

    def sitemaps(self) -> tuple[str, ...]:
        """The Sitemap: lines of the source's robots.txt (fetched now if this run has not yet)."""
        base = urlsplit(self.source.base_url)
        self.client.robots(self.source, self.source.base_url, self.records)
        return self.client.sitemaps(f"{base.scheme}://{base.netloc}")

    def take(self) -> tuple[FetchRecord, ...]:
        out = tuple(self.records)
        self.records.clear()
        return out


def outcomes(records: Iterable[FetchRecord]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in records:
        counts[r.outcome] = counts.get(r.outcome, 0) + 1
    return counts
