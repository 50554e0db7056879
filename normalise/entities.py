"""Finding the registry's people, states and cities in text, whatever the script and case.

Names in these texts are inflected (Лаврова, Лавровым; Kazakh Путиннің; Uzbek Lavrovning;
Tajik Муҳриддину), so each name word matches its stem followed by one of the endings these
languages add. One compiled alternation per kind keeps matching a single pass over the text.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from carta.core.langdata import default_lexicon, is_expression, phrase_regex
from carta.core.registry import Person, Registry, default_registry
from normalise.text import normalise_text

_CYR = re.compile(r"[\u0400-\u04ff]")
LEXICON = default_lexicon()

_ENDINGS = LEXICON.suffixes("morphology.endings")
_CYR_ENDINGS = [e for e in _ENDINGS if _CYR.search(e)]
_LAT_ENDINGS = [e for e in _ENDINGS if not _CYR.search(e)]
_CYR_END_RX = "(?:" + "|".join(sorted(set(_CYR_ENDINGS), key=len, reverse=True)) + ")?"
_LAT_END_RX = (
    "(?:" + "|".join(re.escape(e) for e in sorted(set(_LAT_ENDINGS), key=len, reverse=True)) + ")?"
)
_STEM_DROP = tuple(sorted(LEXICON.suffixes("morphology.stem_drop"), key=len, reverse=True))


def word_pattern(word: str) -> str:
    """A regex for one name word with its inflections ("Сергей" also matches "Сергея")."""
    if _CYR.search(word):
        stem = word
        for ending in _STEM_DROP:
            if len(word) > 4 and word.lower().endswith(ending):
                stem = word[: -len(ending)]
                break
        if stem != word:
            return "(?:" + re.escape(word) + "|" + re.escape(stem) + ")" + _CYR_END_RX
        return re.escape(stem) + _CYR_END_RX
    return re.escape(word) + _LAT_END_RX


def phrase_pattern(phrase: str) -> str:
    """A name of several words, each inflecting; initials ("С.В.") may touch the next word."""
    out = ""
    prev_initials = False
    for i, part in enumerate(phrase.split()):
        initials = re.fullmatch(r"(?:\w\.)+", part) is not None
        if i:
            out += r"\s*" if prev_initials else r"\s+"
        out += re.escape(part) if initials else word_pattern(part)
        prev_initials = initials
    return out


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    key: str  # person id / ISO code / city id
    kind: str = ""  # for countries: name | adjective | foreign; for people: full | surname


_TOKEN = re.compile(r"[^\W\d_](?:[^\W_]|'(?=[^\W\d_]))*", re.UNICODE)
_KEY_LEN = 3


def _key(word: str) -> str:
    return word[:_KEY_LEN].lower()


class _PrefixIndex:
    """Patterns grouped by the first letters of their first word.

    One big alternation regex costs ~20 ms per article (Python's engine tries every alternative
    at every position); looking candidates up by each word's first letters and trying only those
    costs well under a millisecond.
    """

    def __init__(self) -> None:
        self._by_key: dict[str, list[tuple[re.Pattern[str], str, str]]] = defaultdict(list)

    def add(self, first_word: str, body: str, target: str, kind: str) -> None:
        rx = re.compile(body + r"(?![^\W\d_])", re.IGNORECASE)
        self._by_key[_key(first_word)].append((rx, target, kind))

    def finditer(self, text: str) -> list[tuple[int, int, str, str]]:
        out: list[tuple[int, int, str, str]] = []
        end_of_last = -1
        for tok in _TOKEN.finditer(text):
            start = tok.start()
            if start < end_of_last:
                continue
            cands = self._by_key.get(_key(tok.group(0)))
            if not cands:
                continue
            best: tuple[int, str, str] | None = None
            for rx, target, kind in cands:
                m = rx.match(text, start)
                if m and (best is None or m.end() > best[0]):
                    best = (m.end(), target, kind)
            if best is not None:
                out.append((start, best[0], best[1], best[2]))
                end_of_last = best[0]
        return out


class Gazetteer:
    """Compiled matchers over one registry."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._surname_owners: dict[str, list[str]] = {}
        self._people = self._build_people(registry)
        self._countries = self._build_countries(registry)
        self._cities = self._build_cities(registry)

    # ---------------------------------------------------------------- people
    def _build_people(self, registry: Registry) -> _PrefixIndex:
        self._full_names: dict[str, list[tuple[str, str]]] = defaultdict(list)
        entries: list[tuple[str, str]] = []  # (alias, person id)
        surname_owners: dict[str, set[str]] = defaultdict(set)
        for p in registry.people:
            names = {normalise_text(n) for n in (p.name_en, p.name_ru, *p.aliases) if n}
            for alias in names:
                words = alias.replace(".", ". ").split()
                if len(words) == 1:
                    surname_owners[alias.lower()].add(p.person_id)
                    continue
                entries.append((alias, p.person_id))
                last = words[-1]
                if len(last) >= 4:
                    surname_owners[last.lower()].add(p.person_id)
        index = _PrefixIndex()
        for alias, pid in entries:
            first = re.split(r"[\s.]+", alias)[0] or alias
            index.add(first, phrase_pattern(alias), pid, "full")
            parts = alias.split()
            if len(parts) == 2 and "." not in alias:
                self._full_names[_fold(parts[0])].append((_fold(parts[1]), pid))
        first_names = {re.split(r"[\s.]+", e[0])[0].lower() for e in entries}
        for surname, owners in surname_owners.items():
            if surname in first_names:
                continue
            index.add(surname, word_pattern(surname), "?" + surname, "surname")
            self._surname_owners[surname] = sorted(owners)
        return index

    def find_people(self, text: str, on: date | None = None) -> list[Mention]:
        """People mentioned in `text`; a surname shared by several people resolves to the one
        named in full elsewhere in the text, else to the one in office on `on`; a first name and
        surname spelt one letter apart from a registered pair ("Мұрат Нұртлеу" for Нұртілеу,
        "Sadir Japarov") are that person."""
        found = self._find_people(text, on)
        taken = [(m.start, m.end) for m in found]
        for m in _CAPITALISED_PAIR.finditer(text):
            a, b = m.start(), m.end()
            if any(x < b and a < y for x, y in taken):
                continue
            pid = self._variant_of(m.group(1), m.group(2))
            if pid is not None:
                found.append(Mention(a, b, m.group(0), pid, "variant"))
                taken.append((a, b))
        return sorted(found, key=lambda m: m.start)

    def _variant_of(self, first: str, last: str) -> str | None:
        """The one registered person whose first name is spelt the same (folded) and whose
        surname, endings stripped, is at most one letter away."""
        known = self._full_names.get(_fold(first))
        if not known:
            return None
        folded = _fold(_strip_case(last))
        owners = {pid for rl, pid in known if len(rl) >= 5 and _within_one(folded, rl)}
        return owners.pop() if len(owners) == 1 else None

    def _find_people(self, text: str, on: date | None) -> list[Mention]:
        raw = self._people.finditer(text)
        full_ids = {t for _, _, t, k in raw if k == "full"}
        out = []
        for s, e, target, kind in raw:
            if target.startswith("?"):
                owners = self._surname_owners.get(target[1:], [])
                pid = self._pick_owner(owners, full_ids, on, text[max(0, s - 60) : s])
                if pid is None:
                    continue
                target = pid
            out.append(Mention(s, e, text[s:e], target, kind))
        return out

    def _pick_owner(
        self, owners: list[str], named: set[str], on: date | None, before: str
    ) -> str | None:
        if len(owners) == 1:
            return owners[0]
        in_text = [o for o in owners if o in named]
        if len(in_text) == 1:
            return in_text[0]
        candidates = in_text or owners
        role = _role_hint(before)
        people = [self.registry.person(o) for o in candidates]
        if role:
            holding = [p for p in people if any(r.role == role for r in p.roles_on(on))]
            if len(holding) == 1:
                return holding[0].person_id
        if on is not None:
            current = [p for p in people if p.roles_on(on)]
            if len(current) == 1:
                return current[0].person_id
        return None

    # ---------------------------------------------------------------- states
    @staticmethod
    def _build_countries(registry: Registry) -> _PrefixIndex:
        index = _PrefixIndex()
        for c in registry.countries:
            for n in c.names:
                n = normalise_text(n).strip()
                body = (
                    re.escape(n) if len(n) <= 3 else r"\s+".join(word_pattern(w) for w in n.split())
                )
                index.add(n.split()[0], body, c.iso2, "name")
            for a in c.adjectives:
                a = normalise_text(a).strip()
                index.add(a.split()[0], re.escape(a) + r"[^\W\d_]*", c.iso2, "adjective")
        return index

    def find_countries(self, text: str) -> list[Mention]:
        return [
            Mention(s, e, text[s:e], iso, kind)
            for s, e, iso, kind in self._countries.finditer(text)
        ]

    # ---------------------------------------------------------------- cities
    @staticmethod
    def _build_cities(registry: Registry) -> _PrefixIndex:
        index = _PrefixIndex()
        for c in registry.cities:
            for kind, names in (("city", (c.name_en, *c.aliases)), ("residence", c.residences)):
                for alias in {normalise_text(a) for a in names}:
                    words = [w for w in re.split(r"[\s-]+", alias) if w]
                    body = r"[\s-]+".join(word_pattern(w) for w in words)
                    index.add(words[0], body, c.city_id, kind)
        return index

    def find_cities(self, text: str) -> list[Mention]:
        # A place is written with a capital in every language carta reads: "kabul etdi" is
        # "received", not Kabul, and "22 қазанда" is October, not Kazan.
        return [
            Mention(s, e, text[s:e], cid, kind)
            for s, e, cid, kind in self._cities.finditer(text)
            if text[s].isupper()
        ]

    def person(self, person_id: str) -> Person:
        return self.registry.person(person_id)

    # ---------------------------------------------------------------- quick gate
    def _stems_for(self, states: set[str]) -> set[str]:
        """Word stems that name one of `states`, a city or an official of it."""
        words: set[str] = set()
        for c in self.registry.countries:
            if c.iso2 in states:
                for n in (*c.names, *c.adjectives):
                    parts = [w for w in normalise_text(n).lower().split() if w not in _GENERIC]
                    if parts:
                        words.add(parts[0])
        for city in self.registry.cities:
            if city.country in states:
                words.update(
                    normalise_text(a).lower().split()[0] for a in (city.name_en, *city.aliases)
                )
        for p in self.registry.people:
            if p.country in states:
                for alias in (p.name_en, p.name_ru or "", *p.aliases):
                    parts = normalise_text(alias).lower().replace(".", " ").split()
                    if parts:
                        words.add(parts[-1])
        return {
            w[:-1] if len(w) > 5 and w[-1] in "аяйьeiaoyиыу" else w
            for w in words
            if len(w) >= 3 and w not in _GENERIC
        }

    @functools.cached_property
    def _ca_pattern(self) -> re.Pattern[str]:
        # "Central Asia" in each language, as word starts, besides the states' own words
        return self._word_starts(
            self._stems_for({"KZ", "KG", "TJ", "TM", "UZ"}) | set(_REGION_WORDS)
        )

    @functools.cached_property
    def _ru_pattern(self) -> re.Pattern[str]:
        return self._word_starts(self._stems_for({"RU"}))

    @staticmethod
    def _word_starts(stems: set[str]) -> re.Pattern[str]:
        """One pattern for "a word starts with one of these stems".

        A single search runs in C; tokenising the text in Python first was a fifth of the time
        of a whole re-process (bench/, section 1). Longer stems first, so a match is the longest.
        """
        words = sorted(stems, key=lambda w: (-len(w), w))
        return re.compile(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, words)) + ")")

    def mentions_central_asia(self, lower: str) -> bool:
        """Some word names a Central Asian state, place or official."""
        return self._ca_pattern.search(lower) is not None

    def mentions_russia(self, lower: str) -> bool:
        """Some word names Russia, a Russian place or a Russian official."""
        return self._ru_pattern.search(lower) is not None


_GENERIC = {w for p in LEXICON.phrases("place.generic") for w in p.split()}
# "Central Asia" in each language, as the first word of the region's names (word starts).
_REGION_WORDS = tuple(
    dict.fromkeys(
        p.split()[0].rstrip("*") for p in LEXICON.phrases("format.region") if not is_expression(p)
    )
)
_ROLE_HINTS = tuple(
    (role, re.compile("(?:" + "|".join(phrase_regex(p) for p in phrases) + r")\W*$"))
    for role, phrases in LEXICON.table("party.office").items()
    if phrases
)


def _role_hint(before: str) -> str | None:
    tail = before[-60:].lower()
    for role, rx in _ROLE_HINTS:
        if rx.search(tail):
            return role
    return None


# Two capitalised words: a person's name as a text writes it, in any script.
_CAPITALISED_PAIR = re.compile(
    r"(?<![\w'’-])([A-ZА-ЯЁЎҚҒҲӘӨҰҮҺІҶӢӮÇŞÝŽÜÖÄŇ][\w'’-]+)\s+"
    r"([A-ZА-ЯЁЎҚҒҲӘӨҰҮҺІҶӢӮÇŞÝŽÜÖÄŇ][\w'’-]{3,})"
)
# Letters that spellings of one name swap between the region's alphabets and transliterations.
_FOLD = str.maketrans(
    {"ұ": "у", "ү": "у", "і": "и", "ы": "и", "қ": "к", "ғ": "г", "ң": "н", "ә": "а", "ө": "о",
     "һ": "х", "ҳ": "х", "ҷ": "ж", "ӣ": "и", "ӯ": "у", "ў": "у", "ё": "е", "э": "е", "й": "и",
     "ý": "y", "ş": "s", "ç": "c", "ž": "j", "ä": "a", "ö": "o", "ü": "u", "ň": "n", "'": "",
     "’": "", "x": "h", "w": "v", "q": "k"}
)  # fmt: skip


def _fold(word: str) -> str:
    return word.lower().translate(_FOLD)


def _strip_case(word: str) -> str:
    """The name without a case ending of the language files ("Лавровпен" -> "Лавров")."""
    low = word.lower()
    for e in _CASE_ENDINGS:
        if low.endswith(e) and len(low) - len(e) >= 4:
            return word[: -len(e)]
    return word


_CASE_ENDINGS = sorted(
    {e for e in LEXICON.suffixes("morphology.endings") if len(e) >= 2}, key=len, reverse=True
)


def _within_one(a: str, b: str) -> bool:
    """At most one letter inserted, deleted or changed."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@functools.cache
def default_gazetteer() -> Gazetteer:
    return Gazetteer(default_registry())
