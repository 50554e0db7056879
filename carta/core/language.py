"""Which language a text is in: what the page declares first, then a statistical guess.

`py3langid` is the only library measured here that tells Tajik, Kyrgyz, Uzbek and Turkmen apart
(shared/research/peers.md); it is restricted to the seven languages carta reads, and loaded lazily
because its model takes ~0.6 s to load.
"""

from __future__ import annotations

import functools
import re
from typing import Any

LANGUAGES = ("en", "ru", "kk", "ky", "tg", "tk", "uz")
_ALIASES = {
    "kz": "kk",
    "kaz": "kk",
    "kg": "ky",
    "kir": "ky",
    "kgz": "ky",
    "tj": "tg",
    "taj": "tg",
    "tm": "tk",
    "tuk": "tk",
    "oz": "uz",
    "uz-latn": "uz",
    "uz-cyrl": "uz",
    "rus": "ru",
    "eng": "en",
    "tk-tm": "tk",
    "ru-ru": "ru",
    "en-us": "en",
    "en-gb": "en",
}
_URL_QUERY_LANG = re.compile(r"[?&](?:lang|language|hl)=([a-z]{2}(?:-[a-z]{4})?)", re.I)
_URL_PATH_LANG = re.compile(r"/([a-z]{2}(?:-[a-z]{4})?)(?=/|$|\?)", re.I)


def normalise_code(code: str | None) -> str | None:
    """ "uz (Latin)", "kz", "ru-RU" -> "uz", "kk", "ru"; None for codes carta does not read."""
    if not code:
        return None
    c = code.strip().lower().split()[0].replace("_", "-")
    c = _ALIASES.get(c, c)
    c = c.split("-")[0] if c not in LANGUAGES else c
    c = _ALIASES.get(c, c)
    return c if c in LANGUAGES else None


def from_url(url: str | None) -> str | None:
    if not url:
        return None
    for rx in (_URL_QUERY_LANG, _URL_PATH_LANG):
        for m in rx.finditer(url):
            code = normalise_code(m.group(1))
            if code:
                return code
    return None


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect(text: str) -> str | None:
    guess = detect_with_score(text)
    return guess[0] if guess else None


# A capitalised word: in a short text the names (Bakhtiyor Saidov, Rashid Meredov) outweigh the
# few words of its language, and a three-line English report read as Uzbek loses its dates.
_CAPITALISED = re.compile(r"\b[^\W\d_a-zа-яё][\w'’ʻʼ-]*")
_WORD = re.compile(r"[^\W\d_]{2,}")
_SHORT = 1000


def _for_detection(text: str) -> str:
    """A short text with its capitalised words (names, places, months) taken out, when enough
    words are left to tell its language by; a long text, or one of names alone, as it is."""
    if len(text) >= _SHORT:
        return text
    rest = _CAPITALISED.sub(" ", text)
    return rest if len(_WORD.findall(rest)) >= 2 else text


def detect_with_score(text: str) -> tuple[str, float] | None:
    if not text.strip():
        return None
    label, score = _identifier().classify(_for_detection(text[:4000]))
    code = normalise_code(str(label))
    return (code, float(score)) if code else None


def identify(
    text: str, *, declared: str | None = None, url: str | None = None, html_lang: str | None = None
) -> tuple[str | None, str | None]:
    """(language, source): source is 'declared' when the caller, URL or page said so."""
    given = normalise_code(declared)
    if given:
        return given, "declared"
    guess = detect_with_score(text) if len(text) >= 200 else None
    for code in (from_url(url), normalise_code(html_lang)):
        if code:
            # A URL segment or page attribute is a claim about the site, not always about this
            # text (an /en/ section can carry an Uzbek item): a confident reading overrules it.
            if guess and guess[0] != code and guess[1] > 0.99:
                return guess[0], "detected"
            return code, "declared"
    if guess is None:
        guess = detect_with_score(text)
    return (guess[0], "detected") if guess else (None, None)
