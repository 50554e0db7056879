"""Deterministic ministry pages in each adapter's structure, 30-150 KiB, for the benchmarks.

The fixture sites (carta/testing/sites/) are the templates: each generated page is one of their
article fragments inside the site's own layout, with the fixture chrome
(carta/testing/sites/chrome.py) sized to hit a target page size drawn from 30-150 KiB, a new
article id in its URL, and extra paragraphs (the site's own non-meeting sentences, shuffled,
plus a per-page reference line) so that no two pages share a text. About one page in 50 is built
on a fixture article about a Russia-Central Asia meeting, the rest on the fixtures' consular
notices and unrelated visits.

Everything is seeded: `generate(n, seed)` yields the same pages on every machine and run.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import lxml.html

from carta.core.documents import RawDocument
from carta.testing.sites import chrome
from scrapers.config import SourcesConfig

GENERATOR_VERSION = 1
SITES_DIR = Path(__file__).resolve().parent.parent / "carta" / "testing" / "sites"
HTML_SITES = ("mid_ru", "mfa_tj", "mfa_tm", "mfa_kg", "mfa_uz")
CANONICAL = {
    "mid_ru": "https://mid.ru",
    "mfa_tj": "https://mfa.tj",
    "mfa_tm": "https://www.mfa.gov.tm",
    "mfa_kg": "https://mfa.gov.kg",
    "mfa_uz": "https://mfa.uz",
}
# The opening tag of the article body in each site's fixture articles (the adapters' `body`
# selector, or the generic adapter's densest container): extra paragraphs go at its end.
BODY_OPEN = {
    "mid_ru": ('<div class="text article-content">', '<div class="announcement__text">'),
    "mfa_tj": ('<div class="news-text">',),
    "mfa_tm": ('<div class="news-text">',),
    "mfa_kg": ('<div class="post__body">',),
    "mfa_uz": ('<div class="news-content">',),
}
REFERENCE = {
    "ru": "Справочный номер публикации {n}.",
    "en": "Publication reference {n}.",
    "tg": "Рақами маълумотии нашр {n}.",
    "tk": "Neşiriň salgylanma belgisi {n}.",
    "uz": "Nashrning ma'lumot raqami {n}.",
}
RELEVANT_SHARE = 1 / 50
MIN_KIB, MAX_KIB = 30, 150
CONTENT_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Template:
    site: str
    language: str
    path: str  # the fixture route's path, e.g. /ru/foreign_policy/news/2098765/
    fragment: str  # the article file's HTML
    layout: str
    title: str
    relevant: bool


@dataclass(frozen=True)
class Page:
    raw: RawDocument
    site: str
    language: str
    relevant: bool  # built on a fixture article about a meeting
    template: str  # the fixture route's path


def _route_id(path: str) -> tuple[str, str]:
    """(prefix, suffix) around the numeric id of a fixture article path (uz: the slug)."""
    m = re.search(r"^(.*/)(\d{4,8})(/.*|)$", path)
    if m:
        return m.group(1), m.group(3)
    head, _, slug = path.rpartition("/")
    return head + "/" + slug + "-", ""


@cache
def templates() -> tuple[Template, ...]:
    """Every article of the five HTML fixture sites, flagged relevant or not by carta itself
    (the fixtures say which articles report a meeting; see tests/test_flows.py EXPECTED)."""
    from normalise.articles import extract_article
    from scrapers.adapters import parse_document
    from scrapers.config import load_config

    config = load_config()
    out: list[Template] = []
    for site in HTML_SITES:
        folder = SITES_DIR / site
        spec = tomllib.loads((folder / "site.toml").read_text(encoding="utf-8"))
        for route in spec.get("route", []):
            file = str(route.get("file", ""))
            if not file.endswith(".html") or route.get("query") or "listing" in file:
                continue
            if not route.get("layout"):
                continue
            lang = str(route.get("lang", "en"))
            fragment = (folder / file).read_text(encoding="utf-8").replace("{{views}}", "1204")
            layout = (folder / str(route["layout"])).read_text(encoding="utf-8")
            t = Template(
                site, lang, str(route["path"]), fragment, layout, route.get("title", ""), False
            )
            page = _render(t, body_extra="", head="", n=0)
            raw = RawDocument.make(
                canonical_url=CANONICAL[site] + t.path,
                site=site,
                language=lang,
                body=page.encode("utf-8"),
                content_type=CONTENT_TYPE,
                fetched_at=datetime(2026, 4, 20, tzinfo=UTC),
            )
            record = extract_article(parse_document(raw, config))
            relevant = bool(record is not None and record.relevant and record.events)
            out.append(Template(site, lang, t.path, fragment, layout, t.title, relevant))
    return tuple(out)


@cache
def _filler(site: str, language: str) -> tuple[str, ...]:
    """The sentences of the site's non-meeting fixture articles in `language`."""
    sentences: list[str] = []
    for t in templates():
        if t.site != site or t.language != language or t.relevant:
            continue
        doc = lxml.html.fragment_fromstring(t.fragment, create_parent="div")
        for p in doc.iter("p"):
            text = " ".join("".join(p.itertext()).split())
            if len(text) > 60:
                sentences.extend(s.strip() for s in re.split(r"(?<=\.)\s+", text) if s.strip())
    return tuple(dict.fromkeys(sentences))


@cache
def _head(site: str, language: str, rules: int) -> str:
    return chrome.head(site, language, css_rules=rules, js_entries=max(4, rules // 5))


@cache
def _fixed_bytes(site: str, language: str) -> int:
    return len((chrome.header(site, language) + chrome.footer(site, language)).encode("utf-8"))


@cache
def _head_sizes(site: str, language: str) -> tuple[tuple[int, int], ...]:
    """(css rules, head bytes) on a grid, to pick the chrome that hits a page size."""
    return tuple(
        (rules, len(_head(site, language, rules).encode("utf-8"))) for rules in range(0, 1401, 20)
    )


def _render(t: Template, *, body_extra: str, head: str, n: int) -> str:
    fragment = t.fragment
    if body_extra:
        for marker in BODY_OPEN[t.site]:
            at = fragment.find(marker)
            if at >= 0:
                end = fragment.find("</div>", at)
                fragment = fragment[:end] + body_extra + fragment[end:]
                break
    text = t.layout.replace("{{content}}", fragment).replace("{{title}}", t.title)
    text = text.replace("{{lang}}", t.language)
    text = text.replace("{{chrome:head}}", head)
    text = text.replace("{{chrome:header}}", chrome.header(t.site, t.language))
    text = text.replace("{{chrome:footer}}", chrome.footer(t.site, t.language))
    return text.replace("{{BASE}}", CANONICAL[t.site])


@cache
def _config() -> SourcesConfig:
    from scrapers.config import load_config

    return load_config()


def _story_key(site: str, url: str) -> str | None:
    """The story key the adapter gives this URL when it fetches it (mid_ru, mfa_tm: the id)."""
    from scrapers.adapters import get_adapter

    source = _config().get(site)
    return get_adapter(source).story_key(source, url)


def make_page(n: int, seed: int = 0, *, relevant: bool | None = None) -> Page:
    """Page number `n` of the stream `seed`: same arguments, same bytes."""
    rnd = random.Random(f"carta-bench/{GENERATOR_VERSION}/{seed}/{n}")
    site = HTML_SITES[n % len(HTML_SITES)]
    if relevant is None:
        relevant = rnd.random() < RELEVANT_SHARE
    pool = [t for t in templates() if t.site == site and t.relevant == relevant]
    t = pool[rnd.randrange(len(pool))]
    filler = list(_filler(site, t.language)) or [REFERENCE["en"].format(n=0)]
    paragraphs = []
    for _ in range(rnd.randint(3, 14)):
        k = rnd.randint(1, 3)
        paragraphs.append(" ".join(rnd.choice(filler) for _ in range(k)))
    ref = REFERENCE.get(t.language, REFERENCE["en"]).format(n=f"{seed}-{n}")
    body_extra = "".join(f"\n<p>{p}</p>" for p in paragraphs) + f"\n<p>{ref}</p>\n"
    target = rnd.uniform(MIN_KIB + 2, MAX_KIB - 2) * 1024
    base = len(_render(t, body_extra=body_extra, head="", n=n).encode("utf-8"))
    rules = min(_head_sizes(site, t.language), key=lambda rs: abs(base + rs[1] - target))[0]
    html = _render(t, body_extra=body_extra, head=_head(site, t.language, rules), n=n)
    prefix, suffix = _route_id(t.path)
    article_id = 9_000_000 + seed * 1_000_000 + n if site != "mfa_uz" else f"{seed}x{n}"
    url = f"{CANONICAL[site]}{prefix}{article_id}{suffix}"
    raw = RawDocument.make(
        canonical_url=url,
        site=site,
        language=t.language,
        body=html.encode("utf-8"),
        content_type=CONTENT_TYPE,
        fetched_at=datetime(2026, 4, 20, 2, 0, tzinfo=UTC),
        story_key=_story_key(site, url),
    )
    return Page(raw, site, t.language, relevant, t.path)


def generate(count: int, seed: int = 0, start: int = 0) -> Iterator[Page]:
    """`count` pages of the stream `seed`, one at a time (a 10k archive never sits in memory)."""
    for n in range(start, start + count):
        yield make_page(n, seed)
