"""Fixture sites served over real HTTP on 127.0.0.1, one server (one port, so one "host") per site.

Each site is a folder with `site.toml` listing its routes (path, optional query, file or handler,
content type). Page files use `{{chrome:head|header|footer}}` for the generated bulk chrome,
`{{BASE}}` for the server's own origin and `{{views}}` for a view counter that changes on every
request. Every request is logged with server-side timestamps, so tests measure delays where the
site would. Tests can make a path misbehave for the next N requests (`script`).
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from carta.testing.sites import chrome, handlers
from carta.testing.sites.messages import Handler, Hit, Reply, Scripted

SITES = Path(__file__).resolve().parent
LAST_MODIFIED = "Tue, 14 Apr 2026 08:00:00 GMT"


class FixtureSite:
    """One site's routes and log; `start()` serves it on a free port of 127.0.0.1."""

    def __init__(self, name: str, folder: Path | None = None) -> None:
        self.name = name
        self.folder = folder or SITES / name
        spec = tomllib.loads((self.folder / "site.toml").read_text(encoding="utf-8"))
        self.validators = bool(spec.get("validators", True))
        self.routes: dict[tuple[str, str, str], dict[str, Any]] = {}
        for r in spec.get("route", []):
            method = r.get("method", "GET")
            query = r.get("query", "")
            self.routes[(method, r["path"], query if query == "*" else _norm_query(query))] = r
        self.hits: list[Hit] = []
        self.scripts: dict[str, list[Scripted]] = {}
        self.views = 1000
        self.lock = threading.Lock()
        self.httpd: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def base(self) -> str:
        assert self.httpd is not None, "site not started"
        host, port = self.httpd.server_address[:2]
        name = host.decode("ascii") if isinstance(host, bytes) else host
        return f"http://{name}:{port}"

    def start(self) -> FixtureSite:
        site = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site._handle(self, "GET")

            def do_POST(self) -> None:
                site._handle(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:
                return

        class _Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                # A client that hangs up mid-body (the oversized-body test cuts the download
                # off on purpose) is expected here; anything else is still reported.
                if isinstance(sys.exc_info()[1], ConnectionError):
                    return
                super().handle_error(request, client_address)

        self.httpd = _Server(("127.0.0.1", 0), _H)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()

    def reset(self) -> None:
        with self.lock:
            self.hits.clear()
            self.scripts.clear()
            self.views = 0

    def script(self, target: str, *answers: Scripted) -> None:
        """Make `target` ("/path" or "/path?query") answer these before its normal route."""
        with self.lock:
            self.scripts.setdefault(target, []).extend(answers)

    def requests_to(self, target: str) -> list[Hit]:
        return [h for h in self.hits if h.target == target or h.path == target]

    # -- serving -------------------------------------------------------------------------

    def _handle(self, req: BaseHTTPRequestHandler, method: str) -> None:
        at = time.monotonic()
        parts = urlsplit(req.path)
        length = int(req.headers.get("Content-Length") or 0)
        body = req.rfile.read(length) if length else b""
        hit = Hit(method, parts.path, parts.query, dict(req.headers.items()), at, body)
        with self.lock:
            self.hits.append(hit)
            queue = self.scripts.get(hit.target) or self.scripts.get(hit.path)
            scripted = None
            if queue:
                scripted = queue[0]
                scripted.times -= 1
                if scripted.times <= 0:
                    queue.pop(0)
        if scripted is not None:
            if scripted.wait_seconds:
                time.sleep(scripted.wait_seconds)
            if scripted.trickle_head_seconds:
                head = f"HTTP/1.1 {scripted.status} OK\r\nContent-Type: text/html\r\n"
                head += f"Content-Length: {len(scripted.body)}\r\n\r\n"
                try:
                    for ch in head.encode():
                        time.sleep(scripted.trickle_head_seconds)
                        req.wfile.write(bytes([ch]))
                        req.wfile.flush()
                    req.wfile.write(scripted.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should
                req.close_connection = True
                return
            reply = Reply(
                scripted.status,
                scripted.body.replace(b"{{BASE}}", self.base.encode()),
                scripted.headers.get("Content-Type", "text/html; charset=utf-8"),
                {k: v.replace("{{BASE}}", self.base) for k, v in scripted.headers.items()},
                scripted.trickle_seconds,
                scripted.stall_seconds,
            )
        else:
            reply = self._route(hit)
        self._send(req, hit, reply)

    def _route(self, hit: Hit) -> Reply:
        route = self.routes.get((hit.method, hit.path, _norm_query(hit.query)))
        route = route or self.routes.get((hit.method, hit.path, "*"))
        if route is None:
            return Reply(404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html")
        if "handler" in route:
            fn: Handler = getattr(handlers, route["handler"])
            return fn(self.folder, hit)
        return Reply(
            int(route.get("status", 200)),
            self.render(
                route["file"], route.get("lang", "en"), route.get("layout"), route.get("title", "")
            ),
            route.get("type", "text/html; charset=utf-8"),
            dict(route.get("headers", {})),
        )

    def render(self, file: str, lang: str, layout: str | None = None, title: str = "") -> bytes:
        """A page: its file (inside the site's layout, if the route names one) with chrome."""
        text = (self.folder / file).read_text(encoding="utf-8")
        if layout:
            frame = (self.folder / layout).read_text(encoding="utf-8")
            text = frame.replace("{{content}}", text).replace("{{title}}", title)
            text = text.replace("{{lang}}", lang)
        for part in ("head", "header", "footer"):
            marker = "{{chrome:" + part + "}}"
            if marker in text:
                text = text.replace(marker, chrome.render(self.name, lang, part))
        if "{{views}}" in text:
            with self.lock:
                self.views += 1
                text = text.replace("{{views}}", str(self.views))
        return text.replace("{{BASE}}", self.base).encode("utf-8")

    def _send(self, req: BaseHTTPRequestHandler, hit: Hit, reply: Reply) -> None:
        headers = {"Content-Type": reply.content_type, **reply.headers}
        body = reply.body
        if self.validators and reply.status == 200 and hit.method == "GET":
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            headers.setdefault("ETag", etag)
            headers.setdefault("Last-Modified", LAST_MODIFIED)
            if hit.headers.get("If-None-Match") == etag:
                req.send_response(304)
                req.send_header("ETag", etag)
                req.send_header("Content-Length", "0")
                req.end_headers()
                return
        req.send_response(reply.status)
        for k, v in headers.items():
            if k.lower() != "content-length":
                req.send_header(k, v)
        if "X-No-Length" in reply.headers:
            req.send_header("Connection", "close")
            req.end_headers()
            req.close_connection = True
        else:
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
        try:
            if reply.stall_seconds:
                req.wfile.flush()
                time.sleep(reply.stall_seconds)
            if reply.trickle_seconds:
                for i in range(len(body)):
                    req.wfile.flush()
                    time.sleep(reply.trickle_seconds)
                    req.wfile.write(body[i : i + 1])
            else:
                req.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            req.close_connection = True


def _norm_query(query: str) -> str:
    return "&".join(f"{k}={v}" for k, v in sorted(parse_qsl(query, keep_blank_values=True)))
