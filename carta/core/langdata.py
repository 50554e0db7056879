"""Language knowledge as data: the files in `normalise/data/lang/`, read, checked and compiled.

Each language has one TOML file with the same concept keys (`concepts.toml` lists them, with
what each is for), so what the extractor knows of Kazakh can be read and improved in `kk.toml`
without reading the rules. The files are checked when first loaded: a missing or unknown key, a
value of the wrong kind, an upper-case letter or a phrase that does not compile raises
`LangDataError` naming the file and the key, so a bad edit fails at start-up, never mid-run.

The rules match a concept in every language at once (news in one language quotes names and
formats in another, and the language of a short text is often guessed wrong), so each concept
compiles to one alternation over all seven files, longest phrase first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from carta.core.tomlfile import read_toml

LANG_DIR = Path(__file__).resolve().parents[2] / "normalise" / "data" / "lang"
LANGUAGES = ("en", "ru", "kk", "ky", "tg", "tk", "uz")
Kind = Literal["phrases", "numbered", "labelled", "suffixes"]
_KINDS = ("phrases", "numbered", "labelled", "suffixes")
_META_KEYS = {
    "code", "name", "scripts", "transliterate", "ordinal_after_noun", "verb_final", "state",
}  # fmt: skip
_LETTER_START = re.compile(r"[^\W_]")
# "Not preceded by a letter": a phrase starts at the start of a word (digits may touch it).
WORD_START = r"(?<![^\W\d_])"
WORD_END = r"(?![^\W\d_])"
WORD_START_AFTER_FIRST = r"(?<![^\W\d_].)"  # after a word's first letter: no letter before it


class LangDataError(ValueError):
    """A language file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Concept:
    name: str  # "section.key"
    kind: Kind
    doc: str
    labels: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class LanguageData:
    code: str
    name: str
    scripts: tuple[str, ...]
    transliterate: str | None
    values: Mapping[str, Any] = field(repr=False)  # concept name -> list | dict
    ordinal_after_noun: bool = False  # Tajik: нишасти ҳаштум (the meeting eighth)
    verb_final: bool = False  # the object before the verb: "Lavrovni qabul qildi"
    state: str | None = None  # the state whose language it is: "our capital" is its capital

    def phrases(self, concept: str) -> list[str]:
        """The phrases of a `phrases` concept, with their transliterations."""
        return self._expand(self.values[concept])

    def table(self, concept: str) -> dict[str, list[str]]:
        """A `numbered` or `labelled` concept, key -> phrases (with transliterations)."""
        return {k: self._expand(v) for k, v in self.values[concept].items()}

    def _expand(self, items: Iterable[str]) -> list[str]:
        out = [self._adjective(p) if "~" in p else p for p in items]
        if self.transliterate == "uz-latn-cyrl":
            out += [uz_latn_to_cyrl(p) for p in out if not is_expression(p)]
        return list(dict.fromkeys(out))

    def _adjective(self, phrase: str) -> str:
        """`перв~ встреч*` -> the stem with one of the language's adjective endings."""
        endings = sorted(self.values.get("morphology.adjective_endings", ()), key=len, reverse=True)
        group = "(?:" + "|".join(map(re.escape, endings)) + ")"
        parts = []
        for word in phrase.split():
            star = word.endswith("*")
            core = word.rstrip("*")
            if core.endswith("~"):
                parts.append(re.escape(core[:-1]) + group + (r"\w*" if star else WORD_END))
            else:
                parts.append(_word_regex(word))
        body = r"\s+".join(parts)
        if _LETTER_START.match(phrase):
            first = re.escape(phrase[0])
            body = first + WORD_START_AFTER_FIRST + body[len(first) :]
        return _BUILT + body


# --------------------------------------------------------------------------- phrase syntax


_BUILT = "\x00"  # marks a phrase the loader built as a finished expression ("перв~ встреч*")


def is_expression(phrase: str) -> bool:
    """A regular expression rather than words (`re:` in a file, or built by the loader)."""
    return phrase.startswith(("re:", _BUILT))


def _word_regex(word: str) -> str:
    """One word of a phrase, without its word-start check: `встреч*` -> `встреч\\w*`."""
    star = word.endswith("*")
    core = word[:-1] if star else word
    return "".join(r"\d" if ch == "#" else re.escape(ch) for ch in core) + (r"\w*" if star else "")


def phrase_regex(phrase: str) -> str:
    """The regular expression of one phrase (README.md, "Phrases"), anchored at a word start.

    `talks` is the whole word, `встреч*` the stem with any ending, a space any run of
    whitespace, `#` a digit; `re:` passes a regular expression through.
    """
    if phrase.startswith(_BUILT):
        return phrase[len(_BUILT) :]
    if phrase.startswith("re:"):
        return WORD_START + "(?:" + phrase[3:] + ")"
    body = r"\s+".join(_word_regex(word) for word in phrase.split())
    end = WORD_END if not phrase.endswith("*") and _LETTER_START.match(phrase[-1]) else ""
    if _LETTER_START.match(phrase):
        # The word start is checked after the first letter ("в(?<![^\W\d_].)стреч"), not
        # before it: an alternation whose every branch opens with a literal lets the regex
        # engine skip to the positions holding one of those letters, where a lookbehind first
        # is tried at every position by every branch (the language files' cues ran 10-100x
        # slower that way; bench/, re-process section).
        first = re.escape(phrase[0])
        return first + WORD_START_AFTER_FIRST + body[len(first) :] + end
    return body + end


def alternation(phrases: Iterable[str]) -> str:
    """One group matching any of `phrases`, longer ones first (a match is the longest)."""
    unique = sorted(
        set(phrases), key=lambda p: (-len(p.removeprefix("re:").removeprefix(_BUILT)), p)
    )
    if not unique:
        return "(?!)"  # matches nothing: a concept no language has words for yet
    return "(?:" + "|".join(phrase_regex(p) for p in unique) + ")"


_UZ_DIGRAPHS = (
    ("o'", "ў"),
    ("g'", "ғ"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("yo", "ё"),
    ("yu", "ю"),
    ("ya", "я"),
    ("ye", "е"),
)
_UZ_LETTERS = dict(
    zip(
        "abdefghijklmnopqrstuvxyz'",
        "абдефгҳижклмнопқрстувхйзъ",
        strict=True,
    )
)


def uz_latn_to_cyrl(text: str) -> str:
    """Uzbek Latin spelling to Cyrillic, for matching: digraphs first, an initial e as э."""
    out = []
    i = 0
    at_word_start = True
    while i < len(text):
        pair = text[i : i + 2]
        hit = next((cyr for lat, cyr in _UZ_DIGRAPHS if pair == lat), None)
        if hit is not None:
            out.append(hit)
            i += 2
            at_word_start = False
            continue
        ch = text[i]
        if ch == "e" and at_word_start:
            out.append("э")
        else:
            out.append(_UZ_LETTERS.get(ch, ch))
        at_word_start = not ch.isalpha() and ch != "'"
        i += 1
    return "".join(out)


# --------------------------------------------------------------------------- loading


def _read(path: Path) -> dict[str, Any]:
    return read_toml(path, LangDataError, "language file")


def load_concepts(path: Path) -> dict[str, Concept]:
    data = _read(path)
    out: dict[str, Concept] = {}
    for section, keys in data.items():
        for key, spec in keys.items():
            name = f"{section}.{key}"
            kind = spec.get("kind")
            if kind not in _KINDS:
                raise LangDataError(f"{path.name}: {name}: kind must be one of {_KINDS}")
            numbers: tuple[int, ...] = ()
            if kind == "numbered":
                lo, hi = spec["numbers"]
                numbers = tuple(range(int(lo), int(hi) + 1))
            out[name] = Concept(
                name, kind, str(spec.get("doc", "")), tuple(spec.get("labels", ())), numbers
            )
    return out


def check_phrase(where: str, phrase: Any) -> str:
    """A phrase, checked; `LangDataError` names `where` when it is not a valid phrase."""
    if not isinstance(phrase, str) or not phrase.strip():
        raise LangDataError(f"{where}: every entry must be a non-empty string, not {phrase!r}")
    if any(ord(c) < 32 for c in phrase):
        raise LangDataError(
            f"{where}: {phrase!r} holds a control character (in TOML, write \\\\b for \\b)"
        )
    if phrase != phrase.strip() or "  " in phrase:
        raise LangDataError(f"{where}: {phrase!r} has stray spaces")
    body = re.sub(r"\\[A-Za-z]", "", phrase) if phrase.startswith("re:") else phrase
    capitals = sorted({c for c in body.removeprefix("re:") if c.isupper()})
    if capitals:
        raise LangDataError(
            f"{where}: {phrase!r} has upper-case letters {capitals}: write lower case"
        )
    if not phrase.startswith("re:") and "*" in phrase.rstrip("*").replace("* ", " "):
        raise LangDataError(f"{where}: {phrase!r}: '*' may only end a word")
    if not phrase.startswith("re:") and re.search(r"~(?=[^\s*])", phrase):
        raise LangDataError(f"{where}: {phrase!r}: '~' may only end a word")
    try:
        re.compile(phrase_regex(phrase))
    except re.error as exc:
        raise LangDataError(f"{where}: {phrase!r} does not compile: {exc}") from exc
    return phrase


def _check_list(where: str, value: Any, kind: Kind) -> list[str]:
    if not isinstance(value, list):
        raise LangDataError(f"{where}: must be a list of strings")
    if kind == "suffixes":
        for s in value:
            if not isinstance(s, str) or not re.fullmatch(r"[^\W\d_']+'?|'[^\W\d_]+", s):
                raise LangDataError(f"{where}: suffix {s!r} must be letters only")
            if s != s.lower():
                raise LangDataError(f"{where}: suffix {s!r} must be lower case")
        return list(value)
    return [check_phrase(where, p) for p in value]


def load_language(path: Path, concepts: Mapping[str, Concept]) -> LanguageData:
    """Read and check one language file against the concepts; errors name file and key."""
    data = _read(path)
    fname = path.name
    meta = data.pop("meta", None)
    if not isinstance(meta, dict):
        raise LangDataError(f"{fname}: missing [meta] (code, name, scripts)")
    unknown_meta = set(meta) - _META_KEYS
    if unknown_meta:
        raise LangDataError(f"{fname}: [meta] has unknown keys {sorted(unknown_meta)}")
    if meta.get("code") != path.stem:
        raise LangDataError(f"{fname}: [meta] code must be {path.stem!r}")
    values: dict[str, Any] = {}
    seen: set[str] = set()
    for section, keys in data.items():
        if not isinstance(keys, dict):
            raise LangDataError(f"{fname}: top-level key {section!r} is not a [section]")
        for key, value in keys.items():
            name = f"{section}.{key}"
            concept = concepts.get(name)
            if concept is None:
                raise LangDataError(f"{fname}: unknown key {name!r} (concepts.toml lists the keys)")
            seen.add(name)
            where = f"{fname}: {name}"
            if concept.kind in ("phrases", "suffixes"):
                values[name] = _check_list(where, value, concept.kind)
                continue
            if not isinstance(value, dict):
                raise LangDataError(f"{where}: must be a table")
            wanted = (
                [str(n) for n in concept.numbers]
                if concept.kind == "numbered"
                else list(concept.labels)
            )
            extra = set(value) - set(wanted)
            missing = [k for k in wanted if k not in value]
            if extra:
                raise LangDataError(f"{where}: unknown entries {sorted(extra)}")
            if missing:
                raise LangDataError(f"{where}: missing entries {missing}")
            values[name] = {k: _check_list(f"{where}.{k}", value[k], "phrases") for k in wanted}
    missing_keys = [c for c in concepts if c not in seen]
    if missing_keys:
        raise LangDataError(f"{fname}: missing keys {missing_keys}")
    translit = meta.get("transliterate")
    if translit not in (None, "uz-latn-cyrl"):
        raise LangDataError(f"{fname}: [meta] transliterate {translit!r} is not known")
    return LanguageData(
        code=str(meta["code"]),
        name=str(meta.get("name", meta["code"])),
        scripts=tuple(meta.get("scripts", ())),
        transliterate=translit,
        values=values,
        ordinal_after_noun=bool(meta.get("ordinal_after_noun", False)),
        verb_final=bool(meta.get("verb_final", False)),
        state=str(meta["state"]) if meta.get("state") else None,
    )


class Lexicon:
    """Every language file, checked, with each concept compiled over all languages."""

    def __init__(self, lang_dir: Path = LANG_DIR, languages: Iterable[str] = LANGUAGES) -> None:
        self.concepts = load_concepts(lang_dir / "concepts.toml")
        self.languages = {
            code: load_language(lang_dir / f"{code}.toml", self.concepts) for code in languages
        }

    def _concept(self, name: str, *kinds: Kind) -> Concept:
        concept = self.concepts.get(name)
        if concept is None:
            raise KeyError(f"no concept {name!r} in concepts.toml")
        if kinds and concept.kind not in kinds:
            raise TypeError(f"{name} is a {concept.kind} concept")
        return concept

    def phrases(self, name: str, languages: Iterable[str] | None = None) -> list[str]:
        self._concept(name, "phrases")
        codes = list(languages) if languages is not None else list(self.languages)
        return [p for c in codes for p in self.languages[c].phrases(name)]

    def source(self, name: str, languages: Iterable[str] | None = None) -> str:
        """The regex source of a concept, for composing larger patterns."""
        return alternation(self.phrases(name, languages))

    @functools.lru_cache(maxsize=512)  # noqa: B019 - one Lexicon per process
    def pattern(self, name: str) -> re.Pattern[str]:
        """A concept as one compiled pattern over all languages (for lower-cased text)."""
        return re.compile(self.source(name))

    def table(self, name: str) -> dict[str, list[str]]:
        """A numbered or labelled concept, merged over the languages: key -> phrases."""
        concept = self._concept(name, "numbered", "labelled")
        keys = [str(n) for n in concept.numbers] if concept.numbers else list(concept.labels)
        return {
            k: [p for lang in self.languages.values() for p in lang.table(name)[k]] for k in keys
        }

    def suffixes(self, name: str, languages: Iterable[str] | None = None) -> list[str]:
        """A `suffixes` concept over the languages, all by default (Uzbek ones also in
        Cyrillic)."""
        self._concept(name, "suffixes")
        out: list[str] = []
        codes = list(languages) if languages is not None else list(self.languages)
        for lang in (self.languages[c] for c in codes):
            out += lang.values[name]
            if lang.transliterate == "uz-latn-cyrl":
                out += [uz_latn_to_cyrl(x) for x in lang.values[name] if "'" not in x]
        return list(dict.fromkeys(out))

    def lacking(self) -> dict[str, list[str]]:
        """Per language, the concepts (or table entries) it has no words for yet."""
        out: dict[str, list[str]] = {}
        for code, lang in self.languages.items():
            empty = []
            for name, concept in self.concepts.items():
                value = lang.values[name]
                if concept.kind in ("phrases", "suffixes"):
                    if not value:
                        empty.append(name)
                else:
                    empty += [f"{name}.{k}" for k, v in value.items() if not v]
            out[code] = empty
        return out


@functools.cache
def default_lexicon() -> Lexicon:
    """The shipped language files, read and checked once per process."""
    return Lexicon()
