"""Example sentences written for carta, one kind of wording each, in every language.

They sit beside the language files (`normalise/data/lang/examples/<lang>.toml`) so that whoever
adds a word adds the sentence it is for; each runs through `carta extract --batch`'s path and
must give what its `expect` says. A key left out of `expect` is not checked; `trade` lists every
figure the text holds (no others may be read); `absent` lists the fields of the event that must be
null (TOML has no null: "no date is fixed", "a dateline city is no venue"); `names` lists every
participant's name the text gives (no office or body taken for one).
"""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from carta.core.langdata import LANG_DIR, LANGUAGES
from carta.extract_cmd import extract_line

EXAMPLES = LANG_DIR / "examples"


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for code in LANGUAGES:
        path = EXAMPLES / f"{code}.toml"
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for i, ex in enumerate(data.get("example", [])):
            out.append((f"{code}-{i:02d}-{ex.get('kind', '?')}", ex))
    return out


CASES = _load()


_EXAMPLE_KEYS = {"kind", "text", "published", "url", "expect"}
_EXPECT_KEYS = {
    "relevant", "event_type", "countries", "status", "date", "city", "ordinal", "host_country",
    "format", "participants", "names", "trade", "absent",
}  # fmt: skip


def test_examples_use_only_keys_the_test_reads() -> None:
    """A misspelt key ("absent" outside expect) would pass unchecked."""
    for cid, ex in CASES:
        assert set(ex) <= _EXAMPLE_KEYS, (cid, set(ex) - _EXAMPLE_KEYS)
        assert set(ex.get("expect", {})) <= _EXPECT_KEYS, (cid, set(ex["expect"]) - _EXPECT_KEYS)


def test_every_language_has_examples() -> None:
    langs = {cid.split("-")[0] for cid, _ in CASES}
    assert langs == set(LANGUAGES)


def _figure_ok(want: dict[str, Any], got: dict[str, Any]) -> bool:
    if got.get("scope") != want["scope"] or got.get("year") != want.get("year"):
        return False
    if "value" in want:
        gv = got.get("value")
        if gv is None or abs(gv - want["value"]) > 0.01 * want["value"]:
            return False
    elif got.get("value") is not None:
        return False
    if "change_pct" in want:
        gc = got.get("change_pct")
        if gc is None or abs(gc - want["change_pct"]) > 0.05:
            return False
    for key in ("unit", "period", "qualifier"):
        if key in want and got.get(key) != want[key]:
            return False
    return True


@pytest.mark.parametrize(("cid", "ex"), CASES, ids=[c for c, _ in CASES])
def test_example(cid: str, ex: dict[str, Any]) -> None:
    got = extract_line({"text": ex["text"], "url": ex.get("url"), "published": ex.get("published")})
    want = ex.get("expect", {})
    if "relevant" in want:
        assert got["relevant"] == want["relevant"], got
    event = got["events"][0] if got["events"] else {}
    for key in want.get("absent", []):
        assert event, f"no event to check {key} on"
        assert event.get(key) is None, f"{key}: expected none, got {event.get(key)!r} in {event}"
    for key, value in want.items():
        if key in ("relevant", "trade", "participants", "names", "absent"):
            continue
        have = event.get(key)
        if key == "countries":
            have = sorted(have or [])
            value = sorted(value)
        assert have == value, f"{key}: expected {value!r}, got {have!r} in {event}"
    if "participants" in want:
        assert sorted({p["country"] for p in event.get("participants", [])}) == sorted(
            want["participants"]
        ), event.get("participants")
    if "names" in want:
        # the people named, as the text names them: no body or title taken for a name
        names = sorted(p["name"] for p in event.get("participants", []) if p["name"])
        assert names == sorted(want["names"]), event.get("participants")
    if "trade" in want:
        figures = list(got["trade_figures"])
        for f in want["trade"]:
            hit = next((g for g in figures if _figure_ok(f, g)), None)
            assert hit is not None, f"figure {f} not among {figures}"
            figures.remove(hit)
        assert not figures, f"unexpected figures {figures}"
