"""Sources as data: the shipped `sources.toml`, a user's override file, and their validation.

Ministries redesign their sites without notice; the fix should be a few lines in a TOML file a user
owns (`--sources FILE` or `CARTA_SOURCES`), deep-merged over the shipped one, not a code change.
So every selector, URL, delay and limit lives here, and every key is checked: a typo in an
override must fail loudly with the key's path, not be silently ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from carta.core.documents import SourceListing
from carta.core.tomlfile import read_toml

SHIPPED = Path(__file__).with_name("sources.toml")
ENV_VAR = "CARTA_SOURCES"

Strategy = Literal["rss", "html_listing", "json_api", "graphql", "generic"]
Confidence = Literal["high", "medium", "low", "guess"]
AdapterName = Literal["mid_ru", "gov_kz", "listing", "generic"]


class ConfigError(ValueError):
    """The source configuration is malformed; the message names the file and the key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Politeness(_Strict):
    """How gently one host is read. Delays are a floor: robots.txt Crawl-delay can raise them."""

    min_delay_seconds: float = Field(default=5.0, ge=0)
    connect_timeout_seconds: float = Field(default=10.0, gt=0)
    read_timeout_seconds: float = Field(default=30.0, gt=0)
    total_timeout_seconds: float = Field(default=120.0, gt=0)
    max_bytes: int = Field(default=5_000_000, gt=0)
    retries: int = Field(default=3, ge=0, le=10)
    backoff_seconds: float = Field(default=2.0, ge=0)
    max_retry_after_seconds: float = Field(default=120.0, ge=0)
    host_down_after: int = Field(default=3, ge=1)


class Selectors(_Strict):
    """CSS selectors; each list is tried in order and the first that finds text wins."""

    listing_item: list[str] = []
    listing_link: list[str] = ["a[href]"]
    listing_title: list[str] = []
    listing_date: list[str] = []
    listing_time: list[str] = []
    title: list[str] = []
    date: list[str] = []
    body: list[str] = []
    doc_number: list[str] = []
    remove: list[str] = []


class Language(_Strict):
    """One language edition: where its listing, feeds and sitemaps are (paths hang off base_url)."""

    listing: str | None = None
    paging: str | None = None
    feeds: list[str] = []
    sitemaps: list[str] = []
    api_lang: str | None = None


class Api(_Strict):
    """A JSON data API behind a JavaScript site (gov.kz)."""

    graphql_path: str | None = None
    rest_path: str | None = None
    project: str = ""
    page_size: int = Field(default=20, ge=1, le=200)
    article_url: str = ""


class Incremental(_Strict):
    """How far a nightly read goes past what is already known, so downtime loses nothing."""

    max_pages: int = Field(default=3, ge=1)
    backfill_max_pages: int = Field(default=200, ge=1)
    overlap_items: int = Field(default=3, ge=0)
    overlap_days: int = Field(default=3, ge=0)
    recheck_days: int = Field(default=0, ge=0)
    # Known pages first seen within this many days are fetched again (conditionally, most
    # recent first, at most revisit_max a night, none fetched within revisit_every_hours), so
    # an edit or a removal is seen even when no listing shows the page any more; 0: off.
    revisit_days: int = Field(default=14, ge=0)
    revisit_max: int = Field(default=20, ge=0)
    revisit_every_hours: int = Field(default=20, ge=1)
    max_articles: int = Field(default=200, ge=1)
    state_window_days: int = Field(default=120, ge=1)


class SourceConfig(_Strict):
    id: str
    ministry: str
    ministry_country: str = Field(pattern=r"^[A-Z]{2}$")
    adapter: AdapterName
    strategy: Strategy
    base_url: str
    canonical_base: str | None = None
    allowed_hosts: list[str] = []
    ca_bundle: str | None = None
    languages: dict[str, Language]
    selectors: Selectors = Selectors()
    article_url_pattern: str | None = None
    id_pattern: str | None = None
    date_formats: list[str] = []
    timezone: str = "UTC"
    politeness: Politeness = Politeness()
    incremental: Incremental = Incremental()
    api: Api | None = None
    detect_language: bool = False
    discover: bool = False
    confidence: Confidence
    verified: bool = False
    notes: str = ""
    silent_after_days: int = Field(default=30, ge=1)
    enabled: bool = True

    @field_validator("base_url", "canonical_base")
    @classmethod
    def _http_url(cls, v: str | None) -> str | None:
        if v is None:
            return v
        parts = urlsplit(v)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"must be an http(s) URL with a host, got {v!r}")
        return v.rstrip("/")

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {v!r} (use an IANA name, e.g. Asia/Dushanbe)"
            ) from exc
        return v

    @field_validator("article_url_pattern", "id_pattern")
    @classmethod
    def _regex(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return v

    @field_validator("languages")
    @classmethod
    def _some_language(cls, v: dict[str, Language]) -> dict[str, Language]:
        if not v:
            raise ValueError("a source needs at least one language")
        for code in v:
            if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", code):
                raise ValueError(f"language code {code!r} is not like 'ru', 'kk' or 'uz-Latn'")
        return v

    @model_validator(mode="after")
    def _needs(self) -> SourceConfig:
        if self.adapter == "gov_kz" and self.api is None:
            raise ValueError("adapter gov_kz needs an [api] table")
        if self.adapter == "generic" and not self.article_url_pattern:
            raise ValueError("adapter generic needs article_url_pattern")
        return self

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def canonical(self) -> str:
        return self.canonical_base or self.base_url

    @property
    def official_hosts(self) -> frozenset[str]:
        """The site's own host names (the canonical one and its aliases, e.g. www.)."""
        canon = urlsplit(self.canonical).hostname or ""
        return frozenset({canon, *(h.lower() for h in self.allowed_hosts)})

    def on_site(self, url: str) -> bool:
        """Is `url` on this source's allowlist: where it is read from, or one of its own hosts?
        The read-from origin is matched with its port, so two local servers are two hosts."""
        parts = urlsplit(url)
        base = urlsplit(self.base_url)
        if parts.netloc.lower() == base.netloc.lower():
            return True
        return (parts.hostname or "").lower() in self.official_hosts

    def source_id(self, language: str) -> str:
        return f"{self.id}:{language}"

    def listing_url(self, language: str) -> str | None:
        lang = self.languages[language]
        return absolute(self.base_url, lang.listing) if lang.listing else None


class Settings(_Strict):
    """Run-wide settings: who we say we are, how many hosts are read at once."""

    user_agent_contact: str = "https://github.com/carta-project/carta"
    max_workers: int = Field(default=6, ge=1, le=32)

    @field_validator("user_agent_contact")
    @classmethod
    def _contact(cls, v: str) -> str:
        if not re.match(r"^(https?://|mailto:)\S+$", v):
            raise ValueError("must be a URL (https://...) or mailto: address a site owner can use")
        return v


class SourcesConfig(_Strict):
    settings: Settings = Settings()
    sources: dict[str, SourceConfig]

    def get(self, source: str) -> SourceConfig:
        try:
            return self.sources[source]
        except KeyError:
            known = ", ".join(sorted(self.sources))
            raise ConfigError(f"no source {source!r}; configured: {known}") from None

    def enabled(self) -> list[SourceConfig]:
        return [s for s in self.sources.values() if s.enabled]

    def listings(self) -> list[SourceListing]:
        """One entry per site and language, for the warehouse's `sources` table."""
        out = []
        for src in self.sources.values():
            for lang, lc in src.languages.items():
                listing = None
                if lc.listing:
                    listing = src.canonical.rstrip("/") + "/" + lc.listing.lstrip("/")
                elif src.api is not None:
                    path = (src.api.graphql_path or "").lstrip("/")
                    listing = src.canonical.rstrip("/") + "/" + path
                out.append(
                    SourceListing(
                        source_id=src.source_id(lang),
                        site=src.id,
                        language=lang,
                        ministry_country=src.ministry_country,
                        ministry=src.ministry,
                        strategy=src.strategy,
                        listing_url=listing,
                        confidence=src.confidence,
                        silent_after_days=src.silent_after_days,
                        enabled=src.enabled,
                    )
                )
        return out

    def with_base_urls(self, bases: Mapping[str, str]) -> SourcesConfig:
        """The same config with some sources read from elsewhere (a mirror, a test server)."""
        changed = {
            sid: (
                src.model_copy(update={"base_url": bases[sid].rstrip("/")}) if sid in bases else src
            )
            for sid, src in self.sources.items()
        }
        return self.model_copy(update={"sources": changed})


def absolute(base: str, path_or_url: str) -> str:
    if re.match(r"^https?://", path_or_url):
        return path_or_url
    return base.rstrip("/") + "/" + path_or_url.lstrip("/")


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (lists included) replaces the shipped one."""
    out: dict[str, Any] = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    return read_toml(path, ConfigError, "source configuration")


def _resolve_paths(data: dict[str, Any], folder: Path) -> None:
    """A relative ca_bundle is relative to the file that names it, not to the working directory."""
    for src in (data.get("sources") or {}).values():
        if isinstance(src, dict) and isinstance(src.get("ca_bundle"), str):
            bundle = Path(src["ca_bundle"]).expanduser()
            src["ca_bundle"] = str(bundle if bundle.is_absolute() else folder / bundle)


def _explain(exc: ValidationError, origin: str) -> str:
    lines = [f"invalid source configuration ({origin}):"]
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            lines.append(f"  {loc}: unknown key (check the spelling; see docs/sources.md)")
        else:
            got = err.get("input")
            shown = "" if isinstance(got, dict | list) else f" (got {got!r})"
            lines.append(f"  {loc}: {err['msg']}{shown}")
    return "\n".join(lines)


def build_config(data: Mapping[str, Any], origin: str = "<memory>") -> SourcesConfig:
    """Validate merged TOML data: `[defaults]` is merged under every `[sources.X]` first."""
    data = dict(data)
    defaults = data.pop("defaults", {}) or {}
    unknown = sorted(set(data) - {"settings", "sources"})
    if unknown:
        raise ConfigError(
            f"invalid source configuration ({origin}): unknown top-level key(s) {unknown}; "
            "expected settings, defaults, sources"
        )
    sources: dict[str, Any] = {}
    for sid, body in (data.get("sources") or {}).items():
        if not isinstance(body, Mapping):
            raise ConfigError(
                f"invalid source configuration ({origin}): sources.{sid} is not a table"
            )
        if not re.fullmatch(r"[a-z][a-z0-9_]*", sid):
            raise ConfigError(
                f"invalid source configuration ({origin}): source id {sid!r} must be lower-case "
                "letters, digits and _"
            )
        sources[sid] = {**deep_merge(defaults, body), "id": sid}
    try:
        return SourcesConfig.model_validate(
            {"settings": data.get("settings", {}), "sources": sources}
        )
    except ValidationError as exc:
        raise ConfigError(_explain(exc, origin)) from None


def shipped_data(shipped: Path = SHIPPED) -> dict[str, Any]:
    """The shipped TOML as data, each source's canonical_base pinned to its shipped base_url, so
    an override that moves base_url (a mirror, a test server) keeps documents' real URLs."""
    data = _read_toml(shipped)
    _resolve_paths(data, shipped.parent)
    for src in (data.get("sources") or {}).values():
        if isinstance(src, dict) and "base_url" in src:
            src.setdefault("canonical_base", src["base_url"])
    return data


def load_config(
    override: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    shipped: Path = SHIPPED,
) -> SourcesConfig:
    """The shipped configuration, with `override` (else `$CARTA_SOURCES`) deep-merged over it."""
    env = os.environ if env is None else env
    data = shipped_data(shipped)
    origin = [str(shipped)]
    path = override or env.get(ENV_VAR) or None
    if path:
        user_path = Path(path)
        user = _read_toml(user_path)
        _resolve_paths(user, user_path.parent)
        data = deep_merge(data, user)
        origin.append(str(user_path))
    return build_config(data, " + ".join(origin))
