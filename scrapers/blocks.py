"""Telling a page that refuses us from a page with no news.

A bot challenge, a JavaScript shell or a login page answers 200 with HTML, so a naive scraper sees
"no items" and reports a quiet night. Each is recognised here and recorded as `blocked` with the
reason. Markers that also occur on real pages (F5 injects its `/TSPD/` script into ordinary pages,
sites embed reCAPTCHA in a footer form) only count on a page with almost no visible text.
"""

from __future__ import annotations

import json
import re

# Visible text below this many characters makes a page "empty enough" to be a stub.
STUB_TEXT_CHARS = 1500

_SCRIPT_STYLE = re.compile(rb"<(script|style|noscript)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(rb"<[^>]+>")
_WS = re.compile(rb"\s+")

# (marker, needs a near-empty page, reason)
_MARKERS: tuple[tuple[bytes, bool, str], ...] = (
    (b"bobcmn", False, "bot challenge (F5 BIG-IP ASM stub: bobcmn)"),
    (b"/TSPD/", True, "bot challenge (F5 BIG-IP ASM stub: /TSPD/)"),
    (
        b"Data processing... Please, wait",
        False,
        "bot challenge ('Data processing... Please, wait.')",
    ),
    (b"You need to enable JavaScript", True, "JavaScript application shell with no content"),
    (b'<div id="root"', True, "JavaScript application shell with no content"),
    (b"g-recaptcha", True, "captcha page"),
    (b"h-captcha", True, "captcha page"),
    (b"hcaptcha.com", True, "captcha page"),
    (b"cf-challenge", True, "bot challenge (Cloudflare)"),
    (b"cf_chl_", True, "bot challenge (Cloudflare)"),
    (b"captcha", True, "captcha page"),
    (b'type="password"', True, "login page"),
    (b"type='password'", True, "login page"),
)


def visible_text_length(body: bytes) -> int:
    """A cheap estimate of how much a person would read on the page (no parse, no decode)."""
    stripped = _TAG.sub(b" ", _SCRIPT_STYLE.sub(b" ", body))
    return len(_WS.sub(b" ", stripped).strip())


def detect_block(body: bytes, status: int | None = None) -> str | None:
    """The reason a response is a refusal rather than content, or None.

    `status` 401 is a login wall whatever the body says.
    """
    if status == 401:
        return "login required (HTTP 401)"
    head = body[:200_000]
    lowered = head.lower()
    text_len: int | None = None
    for marker, needs_stub, reason in _MARKERS:
        if marker.lower() not in lowered:
            continue
        if needs_stub:
            if text_len is None:
                text_len = visible_text_length(head)
            if text_len >= STUB_TEXT_CHARS:
                continue
        return reason
    return None


_AUTH_WORDS = re.compile(r"\b(hash|token|unauthori[sz]ed|forbidden|signature|auth)", re.I)


def detect_api_refusal(body: bytes, status: int | None) -> str | None:
    """Why a JSON API refused us (gov.kz wants `hash`/`token` headers its own JS computes).

    Recognises 401/403 answers and GraphQL `errors` that talk about tokens or authorisation.
    """
    text = body[:20_000].decode("utf-8", "replace")
    message = ""
    try:
        data = json.loads(text) if text.strip() else None
    except ValueError:
        data = None
    if isinstance(data, dict):
        errors = data.get("errors")
        if isinstance(errors, list):
            message = "; ".join(
                str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors
            )
        for key in ("message", "error", "detail"):
            if isinstance(data.get(key), str):
                message = message or str(data[key])
    if status in (401, 403):
        why = f": {message[:200]}" if message else ""
        return (
            "API demands credentials the site's JavaScript makes (hash/token headers?), "
            f"HTTP {status}{why}"
        )
    if message and _AUTH_WORDS.search(message):
        return f"API demands credentials (hash/token headers?): {message[:200]}"
    return None
