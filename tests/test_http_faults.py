"""Faults of a hostile server on 127.0.0.1 (carta/testing/sites/server.py): a body that trickles, an
answer that stalls, and what each failure says about trying again (issue 12, items 1 and 2)."""

from __future__ import annotations

import time
from typing import Any

from carta.testing.sites.harness import FixtureSites
from carta.testing.sites.messages import Scripted
from scrapers.http import HttpClient
from scrapers.run import read_sources, source_failure

PAGE = b"<html><body><p>" + b"x" * 60 + b"</p></body></html>"


def _config(sites: FixtureSites, **politeness: float) -> object:
    return sites.config({"sources": {"newsite": {"politeness": politeness}}})


def _timed_get(sites: FixtureSites, path: str, answer: Scripted) -> tuple[Any, float]:
    """GET `path` of newsite, served as `answer`, under a 2 s total and 1 s read timeout and no
    retries: the response and how long it took."""
    sites["newsite"].script(path, answer)
    config = _config(sites, total_timeout_seconds=2, read_timeout_seconds=1, retries=0)
    started = time.monotonic()
    with HttpClient(config.settings) as http:  # type: ignore[attr-defined]
        resp = http.for_source(config.get("newsite")).get(  # type: ignore[attr-defined]
            sites["newsite"].base + path, purpose="article"
        )
    return resp, time.monotonic() - started


def test_a_trickled_body_ends_within_its_total_timeout_plus_one_read_timeout(
    sites: FixtureSites,
) -> None:
    # one byte every 0.25 s: each read of the socket succeeds well within the read timeout, so
    # only a deadline checked between reads can end it (the whole body would take 22 s)
    resp, took = _timed_get(sites, "/en/slow", Scripted(200, {}, PAGE, trickle_seconds=0.25))
    assert took < 2 + 1 + 0.75, took
    assert resp.outcome == "unreachable" and resp.body is None
    assert resp.record.failure == "transient"
    assert "total timeout of 2 s" in (resp.record.reason or "")
    # a server that trickles will trickle again: the deadline is not retried in this run
    assert len(sites["newsite"].requests_to("/en/slow")) == 1


def test_a_body_that_stalls_is_a_timeout_and_is_retried_by_the_client(
    sites: FixtureSites,
) -> None:
    sites["newsite"].script("/en/press-releases", Scripted(200, {}, PAGE, stall_seconds=1.5))
    config = _config(sites, read_timeout_seconds=0.4, retries=2, backoff_seconds=0.05)
    with HttpClient(config.settings) as http:  # type: ignore[attr-defined]
        src = http.for_source(config.get("newsite"))  # type: ignore[attr-defined]
        resp = src.get(sites["newsite"].base + "/en/press-releases", purpose="listing")
    assert resp.ok  # the second request got the route's real page
    assert len(sites["newsite"].requests_to("/en/press-releases")) == 2


def test_a_read_timeout_before_the_answer_is_reported_as_one(sites: FixtureSites) -> None:
    sites["newsite"].script("/en/wait", Scripted(200, {}, PAGE, wait_seconds=1.5, times=5))
    config = _config(sites, read_timeout_seconds=0.3, retries=1, backoff_seconds=0.05)
    with HttpClient(config.settings) as http:  # type: ignore[attr-defined]
        resp = http.for_source(config.get("newsite")).get(  # type: ignore[attr-defined]
            sites["newsite"].base + "/en/wait", purpose="article"
        )
    assert resp.outcome == "unreachable"
    assert resp.record.failure == "transient"
    reason = resp.record.reason or ""
    assert reason.startswith("timed out waiting for") and "read timeout 0.3 s" in reason
    assert "connection failed" not in reason
    # urllib3 owned the retry: one repeat, not one per layer
    assert len(sites["newsite"].requests_to("/en/wait")) == 2


def test_each_failure_carries_its_kind_up_to_the_source(sites: FixtureSites) -> None:
    site = sites["newsite"]
    site.script("/en/gone", Scripted(404, {}, b"<html><body>no</body></html>"))
    site.script("/en/busy", Scripted(503, {}, b"busy", times=5))
    config = _config(sites, retries=1, backoff_seconds=0.05)
    with HttpClient(config.settings) as http:  # type: ignore[attr-defined]
        src = http.for_source(config.get("newsite"))  # type: ignore[attr-defined]
        gone = src.get(site.base + "/en/gone", purpose="article")
        busy = src.get(site.base + "/en/busy", purpose="article")
        off = src.get("http://elsewhere.invalid/x", purpose="article")
    assert (gone.record.failure, busy.record.failure, off.record.failure) == (
        "permanent",
        "transient",
        "refused",
    )
    assert source_failure("unreachable", [busy.record]) == "transient"
    assert source_failure("blocked", []) == "blocked"


def test_a_source_whose_listing_times_out_is_unreachable_and_transient(
    sites: FixtureSites,
) -> None:
    sites["newsite"].script(
        "/en/press-releases", Scripted(200, {}, PAGE, wait_seconds=1.0, times=10)
    )
    config = _config(sites, read_timeout_seconds=0.3, retries=1, backoff_seconds=0.05)
    [result] = read_sources([config.get("newsite")], config=config)  # type: ignore[attr-defined]
    assert result.status == "unreachable"
    assert result.failure == "transient"
    assert "timed out" in (result.reason or "")


def test_headers_sent_a_byte_at_a_time_end_within_the_total_timeout(sites: FixtureSites) -> None:
    # each byte comes well within the read timeout, so only the deadline can end the request
    slow_head = Scripted(200, {}, PAGE, trickle_head_seconds=0.2)
    resp, took = _timed_get(sites, "/en/slow-head", slow_head)
    assert took < 2 + 1 + 0.75, took
    assert resp.outcome == "unreachable" and resp.record.failure == "transient"
    assert "within the total timeout of 2 s" in (resp.record.reason or "")
