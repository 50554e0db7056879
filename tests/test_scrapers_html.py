"""The HTML helpers the adapters share: dropping page furniture keeps the article's words."""

from __future__ import annotations

import pytest

from scrapers.html import block_text, parse_html, remove, select

PAGE = (
    "<html><body><div class='text'><p>Talks were held<script>var x = 1;</script> in Moscow."
    "</p><nav>Home <span class='share'>Share</span></nav> on Tuesday.<div class='share'>"
    "Share this <button>Like</button></div><p>The ministers met again.</p></div></body></html>"
)


@pytest.mark.parametrize(
    "selectors",
    [["script", "nav", "button"], ["script", "nav", "div.share button, .text > nav"]],
)
def test_remove_drops_matches_and_keeps_the_text_after_them(selectors: list[str]) -> None:
    root = parse_html(PAGE.encode(), None)
    body = select(root, "div.text")[0]
    remove(body, selectors)
    text = block_text(body)
    assert "Talks were held in Moscow." in text
    assert "on Tuesday." in text and "The ministers met again." in text
    assert "var x" not in text and "Home" not in text and "Like" not in text


def test_remove_with_a_class_selector_drops_nested_matches_once() -> None:
    root = parse_html(PAGE.encode(), None)
    remove(root, [".share", "script"])
    text = block_text(root)
    assert "Share" not in text and "Like" not in text
    assert "Talks were held in Moscow." in text and "Home" in text
