"""Which language a document is really in, when a site files it under another.

mfa.gov.tm's /en/ listing is reported to carry Russian-language items. Telling scripts apart is
exact and costs one regex pass; among languages of one script the site's own languages are the
only candidates, and py3langid decides only when more than one remains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
CYRILLIC_LANGS = frozenset({"ru", "kk", "ky", "tg", "uk", "be", "mn", "uz-Cyrl"})


def script_of(language: str) -> str:
    return "cyrillic" if language in CYRILLIC_LANGS else "latin"


def detect(text: str, declared: str, site_languages: Sequence[str]) -> str | None:
    """The language the text is in when it is clearly not `declared`, else None."""
    sample = text[:4000]
    cyr = len(_CYRILLIC.findall(sample))
    lat = len(_LATIN.findall(sample))
    if cyr + lat < 40:
        return None
    script = "cyrillic" if cyr > 0.8 * (cyr + lat) else "latin" if lat > 0.8 * (cyr + lat) else None
    if script is None or script == script_of(declared):
        return None
    candidates = [lang for lang in site_languages if script_of(lang) == script]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return None
    from carta.core.language import detect as detect_language

    guess = detect_language(sample)
    return guess if guess in candidates else None
