"""People, places and states as data: the registry the extractor resolves names against.

The registry is shipped as TOML files beside this module (so a new minister is a data edit) and
loaded into the warehouse, so SQL users see the same canonical names the extractor used.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from carta.core.langdata import LangDataError, check_phrase
from carta.core.tomlfile import read_toml

DATA_DIR = Path(__file__).resolve().parents[2] / "normalise" / "data"

CENTRAL_ASIA = ("KZ", "KG", "TJ", "TM", "UZ")
ALL_SIX = ("KG", "KZ", "RU", "TJ", "TM", "UZ")


class RegistryError(ValueError):
    """A registry file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Country:
    iso2: str
    name_en: str
    name_ru: str
    region: str
    capital: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    role: str
    title: str
    valid_from: str | None
    valid_to: str | None
    confidence: str

    def holds_on(self, day: date) -> bool:
        """True when `day` falls in the term; a boundary known only to the month or year counts
        the whole month or year, so an uncertain boundary never excludes a plausible holder."""
        if self.valid_from and day < _lower(self.valid_from):
            return False
        return not (self.valid_to and day > _upper(self.valid_to))


@dataclass(frozen=True)
class Person:
    person_id: str
    name_en: str
    name_ru: str | None
    country: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    participant: bool = True

    def roles_on(self, day: date | None) -> list[Role]:
        if day is None:
            return list(self.roles)
        return [r for r in self.roles if r.holds_on(day)]


@dataclass(frozen=True)
class City:
    city_id: str
    name_en: str
    country: str
    aliases: tuple[str, ...]
    capital: bool = False
    residences: tuple[str, ...] = ()  # palaces that stand for the city ("в Кремле")


@dataclass(frozen=True)
class ForeignState:
    """A state or union that is neither Russia nor Central Asian (foreign.toml); `names` and
    `people` are phrases in the language files' syntax."""

    iso2: str
    name_en: str
    names: tuple[str, ...]
    people: tuple[str, ...]


@dataclass(frozen=True)
class Registry:
    countries: tuple[Country, ...]
    people: tuple[Person, ...]
    cities: tuple[City, ...]
    foreign: tuple[ForeignState, ...] = ()
    _by_id: dict[str, Person] = field(default_factory=dict, compare=False, repr=False)

    def person(self, person_id: str) -> Person:
        return self._by_id[person_id]

    def country(self, iso2: str) -> Country:
        for c in self.countries:
            if c.iso2 == iso2:
                return c
        raise KeyError(iso2)

    def city_by_name(self, name_en: str) -> City | None:
        for c in self.cities:
            if c.name_en == name_en:
                return c
        return None

    def holders(self, country: str, role: str, day: date | None) -> list[Person]:
        """Who held `role` for `country` on `day` (all holders ever when the day is unknown)."""
        return [
            p
            for p in self.people
            if p.country == country and any(r.role == role for r in p.roles_on(day))
        ]


def _lower(text: str) -> date:
    parts = [int(x) for x in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _upper(text: str) -> date:
    parts = [int(x) for x in text.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(parts[0], 12, 31)


def _read(path: Path) -> dict[str, Any]:
    return read_toml(path, RegistryError, "registry file")


def _require(entry: dict[str, Any], key: str, where: str) -> Any:
    if key not in entry or entry[key] in ("", None):
        raise RegistryError(f"{where}: missing {key!r}")
    return entry[key]


def load_registry(data_dir: Path = DATA_DIR) -> Registry:
    """Read and validate the three registry files."""
    countries = tuple(
        Country(
            iso2=_require(c, "iso2", f"countries.toml #{i}"),
            name_en=_require(c, "name_en", f"countries.toml #{i}"),
            name_ru=_require(c, "name_ru", f"countries.toml #{i}"),
            region=_require(c, "region", f"countries.toml #{i}"),
            capital=_require(c, "capital", f"countries.toml #{i}"),
            names=tuple(c.get("names", [])),
            adjectives=tuple(c.get("adjectives", [])),
        )
        for i, c in enumerate(_read(data_dir / "countries.toml").get("country", []))
    )
    known = {c.iso2 for c in countries}
    people: list[Person] = []
    for i, p in enumerate(_read(data_dir / "people.toml").get("person", [])):
        where = f"people.toml #{i} ({p.get('id', '?')})"
        country = _require(p, "country", where)
        if country not in known:
            raise RegistryError(f"{where}: unknown country {country!r}")
        roles = []
        for r in p.get("roles", []):
            for bound in ("from", "to"):
                if r.get(bound):
                    try:
                        _lower(r[bound])
                    except ValueError as exc:
                        raise RegistryError(f"{where}: bad date {r[bound]!r}") from exc
            roles.append(
                Role(
                    role=_require(r, "role", where),
                    title=_require(r, "title", where),
                    valid_from=r.get("from"),
                    valid_to=r.get("to"),
                    confidence=r.get("confidence", "high"),
                )
            )
        people.append(
            Person(
                person_id=_require(p, "id", where),
                name_en=_require(p, "name_en", where),
                name_ru=p.get("name_ru"),
                country=country,
                aliases=tuple(dict.fromkeys(p.get("aliases", []))),
                roles=tuple(roles),
                participant=bool(p.get("participant", True)),
            )
        )
    ids = [p.person_id for p in people]
    dupes = {x for x in ids if ids.count(x) > 1}
    if dupes:
        raise RegistryError(f"people.toml: duplicate ids {sorted(dupes)}")
    cities = tuple(
        City(
            city_id=_require(c, "id", f"cities.toml #{i}"),
            name_en=_require(c, "name_en", f"cities.toml #{i}"),
            country=_require(c, "country", f"cities.toml #{i}"),
            aliases=tuple(dict.fromkeys(c.get("aliases", []))),
            capital=bool(c.get("capital", False)),
            residences=tuple(c.get("residences", [])),
        )
        for i, c in enumerate(_read(data_dir / "cities.toml").get("city", []))
    )
    return Registry(
        countries=countries,
        people=tuple(people),
        cities=cities,
        foreign=_load_foreign(data_dir / "foreign.toml", known),
        _by_id={p.person_id: p for p in people},
    )


def _load_foreign(path: Path, tracked: set[str]) -> tuple[ForeignState, ...]:
    out = []
    for i, st in enumerate(_read(path).get("state", [])):
        where = f"{path.name} #{i} ({st.get('iso2', '?')})"
        iso2 = _require(st, "iso2", where)
        if iso2 in tracked:
            raise RegistryError(f"{where}: {iso2} is one of the tracked states (countries.toml)")
        try:
            names = tuple(check_phrase(f"{where} names", n) for n in st.get("names", []))
            people = tuple(check_phrase(f"{where} people", n) for n in st.get("people", []))
        except LangDataError as exc:
            raise RegistryError(str(exc)) from exc
        out.append(ForeignState(iso2, _require(st, "name_en", where), names, people))
    return tuple(out)


@functools.cache
def default_registry() -> Registry:
    """The shipped registry, read once per process."""
    return load_registry()
