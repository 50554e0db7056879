"""Russian morphology through pymorphy3: a verb's tense, a name or place in the nominative.

Hand-written endings cannot tell "проведут" (will hold) from "проводят" (are holding) or give
"Алексеем Оверчуком" as "Алексей Оверчук"; pymorphy3's dictionary (from the package registry,
no download at run time) can. It is loaded on first use (0.3 s, 16 MB) and asked only about the
few words around an event word of a Russian text, with every answer cached.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Literal

Tense = Literal["past", "pres", "futr"]
_CYRILLIC_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)?", re.IGNORECASE)


@functools.cache
def _analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.lru_cache(maxsize=100_000)
def _parses(word: str) -> tuple[Any, ...]:
    return tuple(_analyzer().parse(word))


@functools.lru_cache(maxsize=100_000)
def verb_tense(word: str) -> Tense | None:
    """The tense of a finite verb or participle ("проведут" futr, "состоялась" past,
    "проходит" pres), or None when the word's likeliest reading is not a verb."""
    parses = _parses(word.lower())
    if not parses:
        return None
    best = parses[0]
    if best.tag.POS not in ("VERB", "PRTF", "PRTS"):
        return None
    tense = best.tag.tense
    return tense if tense in ("past", "pres", "futr") else None


def verb_tenses(text: str, offset: int = 0) -> list[tuple[int, Tense]]:
    """(position, tense) of every finite verb or participle in `text`."""
    out = []
    for m in _CYRILLIC_WORD.finditer(text):
        tense = verb_tense(m.group(0))
        if tense is not None:
            out.append((offset + m.start(), tense))
    return out


@functools.lru_cache(maxsize=100_000)
def nominative(word: str) -> str:
    """A Russian word in the nominative singular, keeping its capitalisation ("Оверчуком" ->
    "Оверчук", "Ашхабаде" -> "Ашхабад"); the word itself when the dictionary cannot say."""
    parses = _parses(word.lower())
    for p in parses:
        if {"Name", "Surn", "Patr", "Geox"} & set(p.tag.grammemes) or p.tag.POS == "NOUN":
            form = p.inflect({"nomn", "sing"}) or p.inflect({"nomn"})
            if form is not None:
                w: str = form.word
                return w[:1].upper() + w[1:] if word[:1].isupper() else w
    return word


def nominative_name(name: str) -> str:
    """ "Рашидом Мередовым" -> "Рашид Мередов"; words that are not Cyrillic stay as written.
    A given name already in the nominative ("Данияр Амангельдиев встретился") keeps the
    surname as written: the dictionary would read an unknown "-ев" as a plural."""
    words = name.split()
    if len(words) > 1 and _CYRILLIC_WORD.fullmatch(words[0]):
        given = next((p for p in _parses(words[0].lower()) if "Name" in p.tag.grammemes), None)
        if given is not None and given.tag.case == "nomn":
            return name
    return " ".join(nominative(w) if _CYRILLIC_WORD.fullmatch(w) else w for w in name.split())
