"""Turning input into clean text with sentence offsets, so every fact can point at its words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from carta.core.langdata import default_lexicon


class InputError(ValueError):
    """The input is not text we can read: empty, binary, or undecodable."""


_APOSTROPHES = ("ʻ", "‘", "’", "ʼ", "`", "´")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f\u200b]+")


def normalise_text(text: str) -> str:
    """NFC, one kind of apostrophe (Uzbek o‘/oʻ/o' are one letter pair), one kind of space."""
    text = unicodedata.normalize("NFC", text)
    for mark in _APOSTROPHES:  # six C-speed replaces: str.translate looks up every character
        text = text.replace(mark, "'")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SPACES.sub(" ", text)


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), then UTF-16 with a BOM, then cp1251 - the
    encodings these sites use; anything with NUL bytes or undecodable is refused."""
    if not data.strip():
        raise InputError("the input is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("the input has a UTF-16 mark but is not UTF-16") from exc
    if b"\x00" in data[:4096]:
        raise InputError("the input looks binary (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise InputError("the input is neither UTF-8 nor Windows-1251 text") from exc
    if sum(ch.isalpha() for ch in text) < len(text) * 0.3:
        raise InputError("the input does not decode to readable text")
    return text


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


# A closing quote ends a sentence only after a full stop inside it ("... заявил он.»"): after a
# name in quotes («Центральная Азия – Россия» 7 октября) the sentence goes on.
_SENT_END = re.compile(
    r"(?:(?<=[.!?…])|(?<=[.!?…][»\"”]))\s+(?=[«\"“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҶҲӢӮÝŞÇÖÜŇÄŽ0-9])"
)


# Month abbreviations of the language files ("Aug. 19", "сент. 2024") never end a sentence. A
# month's first entry is its name; an abbreviation is a later entry that cuts the name short
# ("aug" of "august"). A short name itself ("May.", "мая.") ends a sentence like any word.
def _abbreviations(names: list[str]) -> set[str]:
    name = names[0].rstrip("*~") if names else ""
    return {
        p
        for p in names[1:]
        if "*" not in p
        and len(p) <= 4
        and p.isalpha()
        and len(name) > len(p)
        and name.startswith(p)
    }


_MONTH_ABBREVIATIONS = sorted(
    {
        p
        for lang in default_lexicon().languages.values()
        for ps in lang.table("time.months").values()
        for p in _abbreviations(ps)
    },
    key=len,
    reverse=True,
)
_ABBREV = re.compile(
    r"(?:\b(?:[A-ZА-ЯЁ]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Jr|No|Nos|Art|etc|vs|г|гг|им|ул|т\.е|т\.к|"
    r"стр|млрд|млн|тыс|руб|долл|др|пр|см|ст|U\.S|S\.V|В\.В|С\.В|Gen|Prof|Sen|Rep|Gov|"
    + "|".join(_MONTH_ABBREVIATIONS)
    + r")\.)$",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with character offsets; a line break always ends a sentence (headlines,
    datelines and captions are lines of their own)."""
    out: list[Sentence] = []
    para = 0
    pos = 0
    for block in re.split(r"(\n\s*\n|\n)", text):
        if block.startswith("\n"):
            if block.count("\n") > 1:
                para += 1
            pos += len(block)
            continue
        start = 0
        pieces = []
        for m in _SENT_END.finditer(block):
            if _ABBREV.search(block[: m.start()]):
                continue
            pieces.append((start, m.start()))
            start = m.end()
        pieces.append((start, len(block)))
        for s, e in pieces:
            chunk = block[s:e]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                out.append(Sentence(pos + s + lead, pos + s + lead + len(stripped), stripped, para))
        pos += len(block)
    return out
