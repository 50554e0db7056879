"""JavaScript shells of the common frameworks are `blocked` (naming the framework), not a redesign.

Each page below is a minimal hand-written page in the shape of the framework's default
index.html, served by the local fixture server in place of a source's listing.
"""

from __future__ import annotations

import pytest

from carta.testing.sites.harness import FixtureSites
from carta.testing.sites.messages import Scripted
from scrapers.http import HttpClient


def page(body: str, head: str = "", charset: str = "utf-8") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Ministry of Foreign Affairs</title>{head}</head>"
        f"<body>{body}</body></html>"
    ).encode(charset)


# name: (page, what the reason must say)
SHELLS: dict[str, tuple[bytes, str]] = {
    "react-cra": (
        page(
            "<noscript>You need to enable JavaScript to run this app.</noscript>"
            '<div id="root"></div>',
            '<script defer="defer" src="/static/js/main.1a2b3c4d.js"></script>',
        ),
        "JavaScript shell (React)",
    ),
    "react-vite": (
        page('<div id="root"></div><script type="module" src="/assets/index-4f5e6d.js"></script>'),
        "JavaScript shell (React)",
    ),
    "vue-cli": (
        page(
            "<noscript><strong>We're sorry but mfa-portal doesn't work properly without "
            "JavaScript enabled. Please enable it to continue.</strong></noscript>"
            '<div id="app"></div><!-- built files will be auto injected -->',
            '<script defer="defer" src="/js/app.9c8b7a.js"></script>',
        ),
        "JavaScript shell (Vue)",
    ),
    "vue-vite": (
        page('<div id="app"></div><script type="module" src="/assets/index-a1b2c3.js"></script>'),
        "JavaScript shell (Vue)",
    ),
    "angular": (
        page(
            '<app-root></app-root><script src="runtime.3e4f.js" type="module"></script>'
            '<script src="polyfills.5a6b.js" type="module"></script>'
            '<script src="main.7c8d.js" type="module"></script>',
            '<base href="/">',
        ),
        "JavaScript shell (Angular)",
    ),
    "nextjs-pages": (
        page(
            '<div id="__next"></div><script id="__NEXT_DATA__" type="application/json">'
            '{"props":{"pageProps":{}},"page":"/news","query":{},"buildId":"b1"}</script>',
            '<script src="/_next/static/chunks/main-1a2b.js" defer=""></script>',
        ),
        "JavaScript shell (Next.js)",
    ),
    "nextjs-app": (
        page(
            '<script src="/_next/static/chunks/webpack-9f8e.js" async=""></script>'
            "<script>(self.__next_f=self.__next_f||[]).push([0])</script>"
        ),
        "JavaScript shell (Next.js)",
    ),
    "nuxt2": (
        page(
            '<div id="__nuxt"><div id="__layout"><div></div></div></div>'
            '<script>window.__NUXT__={layout:"default",data:[{}]};</script>'
            '<script src="/_nuxt/app.2b3c.js" defer></script>'
        ),
        "JavaScript shell (Nuxt)",
    ),
    "nuxt3": (
        page(
            '<div id="__nuxt"></div>'
            '<script type="application/json" id="__NUXT_DATA__">[{"serverRendered":1}]</script>',
            '<script type="module" src="/_nuxt/entry.4d5e.js" crossorigin></script>',
        ),
        "JavaScript shell (Nuxt)",
    ),
    "svelte": (
        page(
            '<div id="svelte"></div>', '<script type="module" src="/_app/start-1a2b.js"></script>'
        ),
        "JavaScript shell (Svelte)",
    ),
    "sveltekit": (
        b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>MFA</title>'
        b'<link rel="modulepreload" href="/_app/immutable/entry/start.1a2b.js"></head>'
        b'<body data-sveltekit-preload-data="hover"><div style="display: contents">'
        b'<script>{__sveltekit_1x2y3z={base:""};const element=document.currentScript'
        b".parentElement;}</script></div></body></html>",
        "JavaScript shell (Svelte)",
    ),
    "ember": (
        page(
            '<script src="/assets/vendor-3c4d.js"></script>'
            '<script src="/assets/mfa-portal-5e6f.js"></script>',
            '<meta name="mfa-portal/config/environment" '
            'content="%7B%22modulePrefix%22%3A%22mfa-portal%22%7D">',
        ),
        "JavaScript shell (Ember)",
    ),
    "gatsby": (
        page(
            '<div id="___gatsby"><div style="outline:none" tabindex="-1" '
            'id="gatsby-focus-wrapper"></div></div>'
        ),
        "JavaScript shell (Gatsby)",
    ),
    "blazor": (
        page(
            '<div id="app"><svg class="loading-progress"><circle r="40%" cx="50%" cy="50%"/>'
            '</svg><div class="loading-progress-text"></div></div>'
            '<div id="blazor-error-ui">An unhandled error has occurred. '
            '<a href="" class="reload">Reload</a><a class="dismiss">x</a></div>'
            '<script src="_framework/blazor.webassembly.js"></script>'
        ),
        "JavaScript shell (Blazor)",
    ),
    "noscript-en": (
        page(
            "<noscript>Please enable JavaScript in your browser to view this site.</noscript>"
            '<div class="preloader"></div><script src="/js/bundle.js"></script>'
        ),
        'says "Please enable JavaScript in your browser',
    ),
    "noscript-ru": (
        page(
            "<noscript>Включите JavaScript в настройках браузера.</noscript>"
            '<div class="loader">Загрузка…</div><script src="/js/bundle.js"></script>'
        ),
        'says "Включите JavaScript',
    ),
    "noscript-ru-cp1251": (
        page(
            "<noscript><p>Для работы сайта необходимо включить JavaScript</p></noscript>"
            '<script src="/js/bundle.js"></script>',
            charset="windows-1251",
        ),
        'says "Для работы сайта необходимо включить JavaScript"',
    ),
}


@pytest.mark.parametrize("kind", list(SHELLS))
def test_each_frameworks_shell_is_reported_blocked(sites: FixtureSites, kind: str) -> None:
    body, why = SHELLS[kind]
    sites["newsite"].script("/en/press-releases", Scripted(200, {}, body))
    config = sites.config()
    from scrapers.run import read_sources

    result = read_sources([config.get("newsite")], config=config, mode="check")[0]
    assert result.status == "blocked", result.reason
    listing = next(f for f in result.fetches if f.purpose == "listing")
    assert listing.outcome == "blocked", listing.reason
    assert why in (listing.reason or "")
    assert "the page renders its content in the browser" in (listing.reason or "")


# A server-rendered (or hydrated) page keeps its mount point around the real content.
MOUNTS = {
    "vue": ('<div id="app" data-server-rendered="true">', "</div>"),
    "react": ('<div id="root">', "</div>"),
    "nextjs": ('<div id="__next">', '</div><script id="__NEXT_DATA__">{}</script>'),
    "nuxt": ('<div id="__nuxt"><div id="__layout">', "</div></div>"),
    "angular": ('<app-root ng-version="17.3.0">', "</app-root>"),
}


@pytest.mark.parametrize("mount", list(MOUNTS))
def test_a_server_rendered_page_with_a_mount_point_is_read(sites: FixtureSites, mount: str) -> None:
    site = sites["newsite"]
    opening, closing = MOUNTS[mount]
    listing = site.render("en/listing.html", "en", "layout.html")
    listing = listing.replace(
        b"<body>",
        b"<body><noscript>We're sorry but this site doesn't work properly without JavaScript "
        b"enabled. Please enable it to continue.</noscript>" + opening.encode(),
    ).replace(b"</body>", closing.encode() + b"</body>")
    site.script("/en/press-releases", Scripted(200, {}, listing))
    config = sites.config()
    from scrapers.run import read_sources

    result = read_sources([config.get("newsite")], config=config, mode="check")[0]
    assert result.status == "ok", result.reason
    first = next(f for f in result.fetches if f.purpose == "listing")
    assert first.outcome == "ok"


def test_a_short_article_inside_div_app_is_content(sites: FixtureSites) -> None:
    article = page(
        '<div id="app"><h1>Foreign Minister receives the Ambassador of Canada</h1>'
        "<p>On 12 November the Minister of Foreign Affairs received the newly appointed "
        "Ambassador of Canada. The sides discussed trade, education and the agenda of the "
        "intergovernmental commission, and agreed to prepare a visit at the level of foreign "
        "ministers next year.</p></div>"
        "<noscript>Please enable JavaScript for the full version of the site.</noscript>"
    )
    site = sites["newsite"]
    site.script("/en/press-releases/short", Scripted(200, {}, article))
    config = sites.config()
    with HttpClient(config.settings) as http:
        resp = http.for_source(config.get("newsite")).get(
            site.base + "/en/press-releases/short", purpose="article"
        )
    assert resp.ok, resp.record.reason


def test_a_frameworks_404_page_is_a_404_not_a_shell(sites: FixtureSites) -> None:
    missing = page(
        '<div id="__next"><h1>404</h1><h2>This page could not be found.</h2></div>'
        '<script id="__NEXT_DATA__" type="application/json">{"page":"/_error"}</script>'
    )
    site = sites["newsite"]
    site.script("/en/press-releases/gone", Scripted(404, {}, missing))
    config = sites.config()
    with HttpClient(config.settings) as http:
        resp = http.for_source(config.get("newsite")).get(
            site.base + "/en/press-releases/gone", purpose="article"
        )
    assert resp.outcome == "http_error" and resp.record.status_code == 404
