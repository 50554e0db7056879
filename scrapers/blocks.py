"""Telling a page that refuses us from a page with no news.

A bot challenge, a JavaScript shell or a login page answers 200 with HTML, so a naive scraper sees
"no items" and reports a quiet night. Each is recognised here and recorded as `blocked` with the
reason. Markers that also occur on real pages (F5 injects its `/TSPD/` script into ordinary pages,
sites embed reCAPTCHA in a footer form) only count on a page with almost no visible text.

A JavaScript shell is told by its framework's mount point or assets (`_SHELLS`) or by a
`<noscript>` "enable JavaScript" message (`_ENABLE_JS`, English and Russian) on a page whose body
has almost no readable text besides them: a server-rendered page that mounts Vue on its
`<div id="app">` around the article is content, not a shell.
"""

from __future__ import annotations

import json
import re
from html import unescape

from scrapers.html import encoding_of

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
    (b"g-recaptcha", True, "captcha page"),
    (b"h-captcha", True, "captcha page"),
    (b"hcaptcha.com", True, "captcha page"),
    (b"cf-challenge", True, "bot challenge (Cloudflare)"),
    (b"cf_chl_", True, "bot challenge (Cloudflare)"),
    (b"captcha", True, "captcha page"),
    (b'type="password"', True, "login page"),
    (b"type='password'", True, "login page"),
)

# Readable text in <body> (scripts, styles, <noscript> and <template> left out) below this many
# characters, beside a mount point or an "enable JavaScript" message, makes the page a shell.
SHELL_TEXT_CHARS = 300

# (framework, what its served index.html carries). "#name" is an element with that id, "<name" an
# element with that tag, anything else a case-insensitive substring. The first framework matched
# names the shell, so one whose markers another shares (Blazor and Vite's Vue both mount on #app,
# Next.js and Gatsby are React) comes before it.
_SHELLS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Blazor", ("_framework/blazor.",)),
    ("Next.js", ("#__next", "__NEXT_DATA__", "/_next/static/", "self.__next_f")),
    ("Nuxt", ("#__nuxt", "#__layout", "__NUXT_DATA__", "window.__NUXT__", "/_nuxt/")),
    ("Gatsby", ("#___gatsby",)),
    ("Svelte", ("#svelte", "data-sveltekit-", "__sveltekit_", "/_app/immutable/")),
    ("Angular", ("<app-root", "ng-version=")),
    ("Ember", ("/config/environment",)),
    ("Vue", ("work properly without JavaScript enabled", "#app")),
    ("React", ("You need to enable JavaScript to run this app", "#root")),
)

# What a <noscript> says on a shell of no framework we know (lower case, one space between words).
_ENABLE_JS: tuple[str, ...] = (
    "enable javascript",
    "javascript enabled",
    "javascript must be enabled",
    "javascript is disabled",
    "javascript is required",
    "requires javascript",
    "turn on javascript",
    "without javascript",
    "включите javascript",
    "включить javascript",
    "включите поддержку javascript",
    "включить поддержку javascript",
    "поддержкой javascript",
    "javascript отключен",
    "javascript отключён",
    "javascript выключен",
    "требуется javascript",
    "необходим javascript",
    "без javascript",
)


def _marker_pattern(marker: str) -> str:
    if marker.startswith("#"):
        return rf"""(?<![\w-])id\s*=\s*["']?{re.escape(marker[1:])}(?=["'\s/>])"""
    if marker.startswith("<"):
        return rf"<{re.escape(marker[1:])}(?=[\s/>])"
    return re.escape(marker)


_SHELL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile("|".join(_marker_pattern(m) for m in markers), re.I))
    for name, markers in _SHELLS
)
_HIDDEN = re.compile(r"<!--.*?-->|<(head|script|style|noscript|template)\b.*?</\1\s*>", re.S | re.I)
_NOSCRIPT = re.compile(r"<noscript\b[^>]*>(.*?)</noscript\s*>", re.S | re.I)
_TEXT_TAG = re.compile(r"<[^>]+>")
_TEXT_WS = re.compile(r"\s+")


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
    if status is None or status < 400:  # a framework's own 404 page is a 404, not a shell
        return detect_shell(head)
    return None


def _readable(html: str) -> str:
    return _TEXT_WS.sub(" ", unescape(_TEXT_TAG.sub(" ", html))).strip()


def detect_shell(body: bytes) -> str | None:
    """Why the page is a JavaScript shell (naming its framework), or None.

    A shell's body holds (almost) nothing to read beside its mount point or a <noscript>
    "enable JavaScript" message; the content only appears once a browser runs its scripts.
    """
    page = body[:200_000].decode(encoding_of(body, None), "replace")
    start = page.lower().find("<body")
    visible = _readable(_HIDDEN.sub(" ", page[start:] if start >= 0 else page))
    if len(visible) >= SHELL_TEXT_CHARS:
        return None
    for framework, pattern in _SHELL_PATTERNS:
        if pattern.search(page):
            return f"a JavaScript shell ({framework}): the page renders its content in the browser"
    for said in [*(_readable(n) for n in _NOSCRIPT.findall(page)), visible]:
        lowered = said.lower()
        if any(phrase in lowered for phrase in _ENABLE_JS):
            quoted = said if len(said) <= 100 else said[:99] + "…"
            return (
                f'a JavaScript shell (no framework recognised; it says "{quoted}"): '
                "the page renders its content in the browser"
            )
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
