"""Serve the fixture sites and get a source configuration that reads them.

    with serve_sites() as fx:
        config = fx.config()                      # every source's base_url -> its local server
        results = read_sources(config.enabled(), config=config)
        fx["mid_ru"].requests_to("/robots.txt")   # what the server saw, with timestamps

Documents keep their real canonical URLs (https://mid.ru/...), because only `base_url` is
overridden. Politeness is shrunk to milliseconds so the whole suite stays fast; tests that measure
delays set their own. `fx.write_override(path)` writes the same override as a TOML file for a
`carta` subprocess (--sources FILE / CARTA_SOURCES).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carta.testing.sites.server import FixtureSite
from scrapers.config import SHIPPED, SourcesConfig, build_config, deep_merge, shipped_data

SHIPPED_SITES = ("mid_ru", "gov_kz", "mfa_tj", "mfa_tm", "mfa_kg", "mfa_uz")
ALL_SITES = (*SHIPPED_SITES, "newsite")

FAST = {
    "min_delay_seconds": 0.0,
    "retries": 2,
    "backoff_seconds": 0.05,
    "connect_timeout_seconds": 5.0,
    "read_timeout_seconds": 5.0,
    "total_timeout_seconds": 20.0,
    "max_retry_after_seconds": 5.0,
}

# A site carta has never seen: a config entry and no code (the generic adapter).
NEWSITE = {
    "ministry": "Ministry of Foreign Affairs of Mongolia",
    "ministry_country": "MN",
    "adapter": "generic",
    "strategy": "generic",
    "base_url": "https://mfa.example.mn",
    "canonical_base": "https://mfa.example.mn",
    "timezone": "Asia/Ulaanbaatar",
    "article_url_pattern": r"^/en/press-releases/\d{4}/\d{2}/[\w-]+$",
    "confidence": "guess",
    "languages": {"en": {"listing": "/en/press-releases", "paging": "/en/press-releases?p={page}"}},
}


def _tomlish(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_tomlish(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def to_toml(data: Mapping[str, Any], prefix: str = "") -> str:
    """Enough TOML for an override file: nested tables of scalars and lists."""
    lines = []
    tables = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_tomlish(value)}")
    out = ""
    if prefix and lines:
        out += f"[{prefix}]\n"
    out += "\n".join(lines) + ("\n" if lines else "")
    for key, value in tables:
        out += "\n" + to_toml(value, f"{prefix}.{key}" if prefix else key)
    return out


@dataclass
class FixtureSites:
    sites: dict[str, FixtureSite]

    def __getitem__(self, name: str) -> FixtureSite:
        return self.sites[name]

    def reset(self) -> None:
        for site in self.sites.values():
            site.reset()

    def override(self, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The override that points every served source at its server (plus `extra`)."""
        data: dict[str, Any] = {"defaults": {"politeness": dict(FAST)}, "sources": {}}
        for name, site in self.sites.items():
            entry: dict[str, Any] = {"base_url": site.base}
            if name == "newsite":
                entry = {**NEWSITE, **entry}
            data["sources"][name] = entry
        # The shipped per-source politeness beats [defaults]; shrink it too.
        import tomllib

        shipped = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
        for name in self.sites:
            if "politeness" in shipped["sources"].get(name, {}):
                data["sources"][name]["politeness"] = dict(FAST)
        return deep_merge(data, extra or {})

    def config(self, extra: Mapping[str, Any] | None = None) -> SourcesConfig:
        return build_config(deep_merge(shipped_data(), self.override(extra)), "fixture sites")

    def write_override(self, path: Path, extra: Mapping[str, Any] | None = None) -> Path:
        path.write_text(to_toml(self.override(extra)), encoding="utf-8")
        return path


@contextlib.contextmanager
def serve_sites(names: tuple[str, ...] = ALL_SITES) -> Iterator[FixtureSites]:
    started: dict[str, FixtureSite] = {}
    try:
        for name in names:
            started[name] = FixtureSite(name).start()
        yield FixtureSites(started)
    finally:
        for site in started.values():
            site.stop()
