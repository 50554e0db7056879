"""The polite HTTP layer against real local servers: robots, delays, retries, safety, blocks."""

from __future__ import annotations

import time
from itertools import pairwise

import pytest

from carta.testing.sites.harness import FixtureSites
from carta.testing.sites.messages import Scripted
from scrapers.http import EXPECT_JSON, HttpClient

BLOCKS = Scripted  # alias for readability below


def gaps(hits: list) -> list[float]:  # type: ignore[type-arg]
    return [b.at - a.at for a, b in pairwise(hits)]


def test_user_agent_is_honest(sites: FixtureSites) -> None:
    config = sites.config()
    with HttpClient(config.settings) as http:
        http.for_source(config.get("newsite")).get(
            sites["newsite"].base + "/en/press-releases", purpose="listing"
        )
    ua = sites["newsite"].hits[0].headers["User-Agent"]
    assert ua.startswith("carta/") and config.settings.user_agent_contact in ua
    assert "Mozilla" not in ua


def test_per_host_delay_is_kept_and_hosts_run_in_parallel(sites: FixtureSites) -> None:
    config = sites.config(
        {"sources": {n: {"politeness": {"min_delay_seconds": 0.25}} for n in ("mfa_tj", "mfa_kg")}}
    )
    started = time.monotonic()
    from scrapers.run import read_sources

    results = read_sources([config.get("mfa_tj"), config.get("mfa_kg")], config=config)
    took = time.monotonic() - started
    assert all(r.status == "ok" for r in results)
    for name in ("mfa_tj", "mfa_kg"):
        hits = sites[name].hits
        assert len(hits) > 8
        assert min(gaps(hits)) >= 0.25 - 0.01
    serial = 0.25 * (len(sites["mfa_tj"].hits) + len(sites["mfa_kg"].hits) - 2)
    assert took < serial * 0.8  # the two hosts were read at the same time


def test_crawl_delay_from_robots_raises_the_delay(sites: FixtureSites) -> None:
    sites["newsite"].script(
        "/robots.txt",
        Scripted(
            200,
            {"Content-Type": "text/plain"},
            b"User-agent: *\nCrawl-delay: 0.4\nDisallow: /internal/\n",
        ),
    )
    config = sites.config()
    from scrapers.run import read_sources

    result = read_sources([config.get("newsite")], config=config)[0]
    assert result.status == "ok"
    hits = sites["newsite"].hits
    assert len(hits) >= 5
    assert min(gaps(hits)) >= 0.4 - 0.01


def test_retry_after_is_honoured(sites: FixtureSites) -> None:
    sites["newsite"].script("/en/press-releases", Scripted(429, {"Retry-After": "1"}, b"slow down"))
    config = sites.config()
    with HttpClient(config.settings) as http:
        resp = http.for_source(config.get("newsite")).get(
            sites["newsite"].base + "/en/press-releases", purpose="listing"
        )
    assert resp.ok
    hits = sites["newsite"].requests_to("/en/press-releases")
    assert len(hits) == 2 and hits[1].at - hits[0].at >= 1.0 - 0.01


def test_no_retry_on_404_but_retry_on_503(sites: FixtureSites) -> None:
    site = sites["newsite"]
    site.script("/en/press-releases", Scripted(503, {}, b"busy"))
    config = sites.config()
    with HttpClient(config.settings) as http:
        src = http.for_source(config.get("newsite"))
        assert src.get(site.base + "/en/press-releases", purpose="listing").ok
        missing = src.get(site.base + "/en/nothing-here", purpose="article")
    assert len(site.requests_to("/en/press-releases")) == 2
    assert missing.outcome == "http_error" and missing.record.status_code == 404
    assert len(site.requests_to("/en/nothing-here")) == 1


def test_redirect_to_a_host_off_the_allowlist_is_refused(sites: FixtureSites) -> None:
    elsewhere = sites["mfa_kg"]
    sites["newsite"].script(
        "/en/press-releases",
        Scripted(302, {"Location": elsewhere.base + "/ru/Main-menu/Press-service/novosti"}, b""),
    )
    config = sites.config()
    with HttpClient(config.settings) as http:
        resp = http.for_source(config.get("newsite")).get(
            sites["newsite"].base + "/en/press-releases", purpose="listing"
        )
    assert resp.outcome == "refused"
    assert "not on newsite's allowlist (redirect refused)" in (resp.record.reason or "")
    assert elsewhere.hits == []


def test_a_redirect_within_the_site_is_followed(sites: FixtureSites) -> None:
    sites["newsite"].script("/en/old-news", Scripted(301, {"Location": "/en/press-releases"}, b""))
    config = sites.config()
    with HttpClient(config.settings) as http:
        resp = http.for_source(config.get("newsite")).get(
            sites["newsite"].base + "/en/old-news", purpose="listing"
        )
    assert resp.ok and resp.record.final_url.endswith("/en/press-releases")  # type: ignore[union-attr]


@pytest.mark.parametrize("declared", [True, False])
def test_an_oversized_body_is_cut_off(sites: FixtureSites, declared: bool) -> None:
    big = b"<html><body>" + b"<p>x</p>" * 50_000 + b"</body></html>"
    headers = {} if declared else {"X-No-Length": "1"}
    sites["newsite"].script("/en/huge", Scripted(200, headers, big))
    config = sites.config({"sources": {"newsite": {"politeness": {"max_bytes": 100_000}}}})
    with HttpClient(config.settings) as http:
        resp = http.for_source(config.get("newsite")).get(
            sites["newsite"].base + "/en/huge", purpose="article"
        )
    assert resp.outcome == "too_large" and resp.body is None
    assert ("Content-Length" if declared else "cut off") in (resp.record.reason or "")


def test_content_type_is_checked_per_purpose(sites: FixtureSites) -> None:
    config = sites.config()
    with HttpClient(config.settings) as http:
        resp = http.for_source(config.get("newsite")).get(
            sites["newsite"].base + "/en/press-releases", purpose="api", expect=EXPECT_JSON
        )
    assert resp.outcome == "bad_content" and "text/html" in (resp.record.reason or "")


def test_unreachable_host_is_reported_fast() -> None:
    from scrapers.config import load_config
    from scrapers.run import read_sources

    config = load_config()
    started = time.monotonic()
    results = read_sources(config.enabled(), config=config, mode="check")
    assert time.monotonic() - started < 10
    assert {r.status for r in results} == {"unreachable"}


BLOCK_PAGES = {
    "f5": (
        200,
        b'<html><head><script>window["bobcmn"] = "1010";</script></head><body></body></html>',
        "F5",
    ),
    "tspd": (
        200,
        b'<html><head><script src="/TSPD/08a1b2?type=7"></script></head><body><noscript>Please enable JavaScript</noscript></body></html>',  # noqa: E501
        "TSPD",
    ),
    "wait": (
        200,
        b"<html><body><p>Data processing... Please, wait.</p></body></html>",
        "Data processing",
    ),
    "shell": (
        200,
        b'<!doctype html><html><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>',  # noqa: E501
        "JavaScript shell (React)",
    ),
    "captcha": (
        403,
        b'<html><body><form><div class="g-recaptcha" data-sitekey="x"></div></form></body></html>',
        "captcha",
    ),
    "login": (
        200,
        b'<html><body><form action="/login"><input name="u"><input type="password" name="p"></form></body></html>',  # noqa: E501
        "login page",
    ),
    "login401": (401, b"<html><body>Unauthorized</body></html>", "login required"),
}


@pytest.mark.parametrize("kind", list(BLOCK_PAGES))
def test_each_kind_of_block_page_is_reported_blocked(sites: FixtureSites, kind: str) -> None:
    status, body, why = BLOCK_PAGES[kind]
    sites["newsite"].script("/en/press-releases", Scripted(status, {}, body))
    config = sites.config()
    from scrapers.run import read_sources

    result = read_sources([config.get("newsite")], config=config, mode="check")[0]
    assert result.status == "blocked", result.reason
    listing = next(f for f in result.fetches if f.purpose == "listing")
    assert listing.outcome == "blocked" and why in (listing.reason or "")


def test_a_real_page_with_an_injected_f5_script_is_not_blocked(sites: FixtureSites) -> None:
    site = sites["newsite"]
    page = site.render("en/listing.html", "en", "layout.html").replace(
        b"<head>", b'<head><script src="/TSPD/0811ab?type=5"></script>'
    )
    site.script("/en/press-releases", Scripted(200, {}, page))
    config = sites.config()
    with HttpClient(config.settings) as http:
        resp = http.for_source(config.get("newsite")).get(
            site.base + "/en/press-releases", purpose="listing"
        )
    assert resp.ok


def test_gov_kz_falls_back_to_rest_when_graphql_fails(sites: FixtureSites) -> None:
    sites["gov_kz"].script(
        "/graphql",
        Scripted(
            200,
            {"Content-Type": "application/json"},
            b'{"errors": [{"message": "Cannot query field news"}]}',
            times=3,
        ),
    )
    config = sites.config()
    from scrapers.run import read_sources

    result = read_sources([config.get("gov_kz")], config=config)[0]
    assert result.status == "ok", result.reason
    assert len(result.articles) == 9
    assert "GraphQL: API errors" in (result.reason or "")
    assert len(sites["gov_kz"].requests_to("/api/v1/public/content-manager/news")) == 3


def test_gov_kz_reports_the_token_demand_as_blocked(sites: FixtureSites) -> None:
    refusal = b'{"status": 401, "error": "Unauthorized", "message": "hash and token headers are required"}'  # noqa: E501
    sites["gov_kz"].script(
        "/graphql", Scripted(401, {"Content-Type": "application/json"}, refusal, times=3)
    )
    sites["gov_kz"].script(
        "/api/v1/public/content-manager/news",
        Scripted(403, {"Content-Type": "application/json"}, refusal, times=3),
    )
    config = sites.config()
    from scrapers.run import read_sources

    result = read_sources([config.get("gov_kz")], config=config)[0]
    assert result.status == "blocked"
    assert "hash and token headers are required" in (result.reason or "")
    assert result.articles == ()


def test_gov_kz_ui_is_a_js_shell(sites: FixtureSites) -> None:
    config = sites.config()
    with HttpClient(config.settings) as http:
        resp = http.for_source(config.get("gov_kz")).get(
            sites["gov_kz"].base + "/memleket/entities/mfa/press/news?lang=ru", purpose="probe"
        )
    assert resp.outcome == "blocked" and "JavaScript" in (resp.record.reason or "")
