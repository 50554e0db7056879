"""Bulk page chrome for the fixture sites: the CSS, scripts, icon sprites, menus and footers that
make a real ministry page 30-150 KiB while its article is 3 KiB.

Deterministic (seeded per site), and deliberately free of sentences about meetings, so it tests
that parsers find the article inside the noise without feeding the extractor false facts.
"""

from __future__ import annotations

import json
import random
from functools import lru_cache

MENU = {
    "ru": ["Министерство", "Министр", "Пресс-служба", "Консульские вопросы", "Документы",
           "Посольства", "Контакты", "Внешняя политика", "Фотогалерея", "Вакансии",
           "Обращения граждан", "Структура", "История", "Визовые вопросы", "Архив"],
    "en": ["Ministry", "Minister", "Press service", "Consular issues", "Documents",
           "Embassies", "Contacts", "Foreign policy", "Photo gallery", "Vacancies",
           "Citizens' appeals", "Structure", "History", "Visa issues", "Archive"],
    "kk": ["Министрлік", "Министр", "Баспасөз қызметі", "Консулдық мәселелер", "Құжаттар",
           "Елшіліктер", "Байланыс", "Сыртқы саясат", "Фотогалерея", "Бос орындар",
           "Азаматтардың өтініштері", "Құрылым", "Тарих", "Визалық мәселелер", "Мұрағат"],
    "tg": ["Вазорат", "Вазир", "Хадамоти матбуот", "Масъалаҳои консулӣ", "Ҳуҷҷатҳо",
           "Сафоратҳо", "Тамос", "Сиёсати хориҷӣ", "Суратҳо", "Ҷойҳои холӣ",
           "Муроҷиатҳо", "Сохтор", "Таърих", "Раводид", "Бойгонӣ"],
    "tk": ["Ministrlik", "Ministr", "Metbugat gullugy", "Konsullyk meseleleri", "Resminamalar",
           "Ilçihanalar", "Habarlaşmak", "Daşary syýasat", "Fotogalereýa", "Boş iş orunlary",
           "Ýüzlenmeler", "Düzüm", "Taryh", "Wiza meseleleri", "Arhiw"],
    "uz": ["Vazirlik", "Vazir", "Matbuot xizmati", "Konsullik masalalari", "Hujjatlar",
           "Elchixonalar", "Aloqa", "Tashqi siyosat", "Fotogalereya", "Bo'sh ish o'rinlari",
           "Murojaatlar", "Tuzilma", "Tarix", "Viza masalalari", "Arxiv"],
}  # fmt: skip

_PROPS = ["margin", "padding", "color", "background", "border", "font-size", "line-height",
          "display", "width", "max-width", "flex", "gap", "opacity", "transition", "z-index"]  # fmt: skip  # noqa: E501
_VALUES = ["0", "4px", "8px 12px", "#1d3557", "#f1faee", "1px solid #e0e0e0", "14px", "1.5",
           "flex", "100%", "1200px", "1 1 auto", "16px", ".85", "all .2s ease", "10"]  # fmt: skip


@lru_cache(maxsize=64)
def _css(seed: str, rules: int) -> str:
    rnd = random.Random(seed + "css")
    out = []
    for i in range(rules):
        sel = f".{seed[:3]}-c{i % 97}__{rnd.choice(['item', 'link', 'icon', 'row', 'col', 'wrap'])}"
        body = ";".join(
            f"{rnd.choice(_PROPS)}:{rnd.choice(_VALUES)}" for _ in range(rnd.randint(3, 7))
        )
        out.append(f"{sel}{{{body}}}")
        if i % 40 == 0:
            out.append(
                f"@media (max-width:{rnd.choice([480, 768, 1024])}px){{{sel}{{display:none}}}}"
            )
    return "\n".join(out)


@lru_cache(maxsize=64)
def _script(seed: str, entries: int) -> str:
    rnd = random.Random(seed + "js")
    config = {
        "build": f"{rnd.getrandbits(48):012x}",
        "locales": ["ru", "en"],
        "widgets": [
            {"id": f"w{i}", "slot": rnd.choice(["top", "side", "bottom"]), "ttl": rnd.randint(10, 900),  # noqa: E501
             "hash": f"{rnd.getrandbits(64):016x}", "flags": [rnd.random() < 0.5 for _ in range(6)]}
            for i in range(entries)
        ],
    }  # fmt: skip
    fns = "\n".join(
        f"function m{i}(e){{var t=e||window.event;if(!t)return!1;"
        f"for(var n=0;n<{rnd.randint(2, 9)};n++){{t=t.parentNode||t}}return t}}"
        for i in range(entries // 2)
    )
    return f"window.__SITE__={json.dumps(config, separators=(',', ':'))};\n{fns}"


@lru_cache(maxsize=64)
def _sprite(seed: str, icons: int) -> str:
    rnd = random.Random(seed + "svg")
    out = ['<svg xmlns="http://www.w3.org/2000/svg" style="display:none">']
    for i in range(icons):
        d = " ".join(
            f"{rnd.choice('MLCQ')}{rnd.randint(0, 24)}.{rnd.randint(0, 99)} {rnd.randint(0, 24)}.{rnd.randint(0, 99)}"  # noqa: E501
            for _ in range(rnd.randint(8, 20))
        )
        out.append(f'<symbol id="i{i}" viewBox="0 0 24 24"><path d="{d}z"/></symbol>')
    out.append("</svg>")
    return "".join(out)


def head(site: str, lang: str, *, css_rules: int = 420, js_entries: int = 90) -> str:
    return (
        f'<link rel="stylesheet" href="/static/{site}/main.{lang}.css">\n'
        f"<style>{_css(site, css_rules)}</style>\n"
        f"<script>{_script(site, js_entries)}</script>\n"
        f'<script src="/static/{site}/vendor.js" defer></script>'
    )


def header(site: str, lang: str, *, link_prefix: str = "") -> str:
    labels = MENU.get(lang, MENU["en"])
    rnd = random.Random(site + lang + "nav")
    items = []
    for n, label in enumerate(labels):
        subs = "".join(
            f'<li class="menu__sub-item"><a class="menu__sub-link" href="{link_prefix}/{lang}/section/{n}/{k}">'  # noqa: E501
            f"{label} {k + 1}</a></li>"
            for k in range(rnd.randint(3, 7))
        )
        items.append(
            f'<li class="menu__item"><a class="menu__link" href="{link_prefix}/{lang}/section/{n}">{label}</a>'  # noqa: E501
            f'<ul class="menu__sub">{subs}</ul></li>'
        )
    langs = "".join(
        f'<a class="lang-switch__link" href="/{code}/">{code.upper()}</a>' for code in MENU
    )
    return (
        f"{_sprite(site, 40)}\n"
        f'<header class="header"><div class="header__top"><div class="lang-switch">{langs}</div>'
        f'<form class="search" action="/{lang}/search/" method="get"><input name="q" type="text">'
        f'<button type="submit"><svg><use href="#i1"/></svg></button></form></div>'
        f'<nav class="menu"><ul class="menu__list">{"".join(items)}</ul></nav></header>'
    )


def footer(site: str, lang: str) -> str:
    labels = MENU.get(lang, MENU["en"])
    cols = []
    for c in range(4):
        links = "".join(
            f'<li><a href="/{lang}/footer/{c}/{k}">{labels[(c * 4 + k) % len(labels)]}</a></li>'
            for k in range(8)
        )
        cols.append(f'<div class="footer__col"><ul>{links}</ul></div>')
    counters = "".join(
        f'<script>(function(w,d,n){{w[n]=w[n]||[];w[n].push({{id:{k},t:+new Date}})}})(window,document,"c{k}")</script>'  # noqa: E501
        for k in range(6)
    )
    return (
        f'<footer class="footer"><div class="footer__cols">{"".join(cols)}</div>'
        f'<div class="footer__copy">&#169; 2026</div></footer>{counters}'
    )


def render(site: str, lang: str, part: str) -> str:
    if part == "head":
        return head(site, lang)
    if part == "header":
        return header(site, lang)
    if part == "footer":
        return footer(site, lang)
    raise KeyError(f"unknown chrome part {part!r}")
