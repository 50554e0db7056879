"""`carta sources ...` as a user runs it, in a child process; and the configuration rules."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from carta.testing.sites.harness import FixtureSites
from scrapers.config import ConfigError, load_config
from tests.conftest import run_carta


def test_check_offline_reports_all_six_unreachable_quickly() -> None:
    started = time.monotonic()
    res = run_carta("sources", "check", timeout=60)
    took = time.monotonic() - started
    assert res.returncode == 1, res.stderr
    for site in ("mid_ru", "gov_kz", "mfa_tj", "mfa_tm", "mfa_kg", "mfa_uz"):
        line = next(ln for ln in res.stdout.splitlines() if ln.startswith(site))
        assert line.split()[1] == "unreachable"
    assert "DNS lookup failed" in res.stdout
    assert took < 30


def test_check_against_the_fixture_sites_is_ok(sites: FixtureSites, tmp_path: Path) -> None:
    override = sites.write_override(tmp_path / "sources.toml")
    res = run_carta(
        "sources", "check", "mid_ru", "gov_kz", "mfa_tm", env={"CARTA_SOURCES": str(override)}
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "3 of 3 source(s) ok" in res.stdout


def test_capture_saves_pages_and_a_manifest(sites: FixtureSites, tmp_path: Path) -> None:
    override = sites.write_override(tmp_path / "sources.toml")
    out = tmp_path / "captured"
    res = run_carta("sources", "capture", "mfa_tj", str(out), "--config", str(override))
    assert res.returncode == 0, res.stdout + res.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    purposes = [p["purpose"] for p in manifest["pages"]]
    assert (
        purposes.count("article") == 6 and purposes.count("listing") == 3 and "robots" in purposes
    )
    for page in manifest["pages"]:
        assert (out / page["file"]).stat().st_size > 0


def test_list_shows_sources_with_confidence(tmp_path: Path) -> None:
    res = run_carta("sources", "list", "--db", str(tmp_path / "none.duckdb"))
    assert res.returncode == 0, res.stderr
    assert "mfa_kg:ru" in res.stdout and "guess (unverified)" in res.stdout
    assert "gov_kz:kk" in res.stdout


def test_bad_override_is_refused_with_the_key_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[sources.mid_ru.selectors]\ntitel = ["h1"]\n[sources.mfa_tj.politeness]\nmin_delay_seconds = -1\n'  # noqa: E501
    )
    with pytest.raises(ConfigError) as err:
        load_config(bad)
    text = str(err.value)
    assert "sources.mid_ru.selectors.titel: unknown key" in text
    assert "sources.mfa_tj.politeness.min_delay_seconds" in text
    res = run_carta("sources", "list", "--config", str(bad))
    assert res.returncode == 65 and "unknown key" in res.stderr
    assert "Traceback" not in res.stderr
    # the old spelling of the override still works, and says what it is now called
    old = run_carta("sources", "list", "--sources", str(bad))
    assert old.returncode == 65 and "is now --config FILE" in old.stderr


def test_override_deep_merges_and_resolves_paths(tmp_path: Path) -> None:
    (tmp_path / "tj.pem").write_text("")
    user = tmp_path / "mine.toml"
    user.write_text(
        '[settings]\nuser_agent_contact = "mailto:ops@example.org"\n'
        '[sources.mfa_tj]\nbase_url = "https://mirror.example.org"\nca_bundle = "tj.pem"\n'
        '[sources.mfa_tj.selectors]\nbody = [".article-body"]\n'
    )
    config = load_config(env={"CARTA_SOURCES": str(user)})
    tj = config.get("mfa_tj")
    assert tj.base_url == "https://mirror.example.org" and tj.canonical == "https://mfa.tj"
    assert tj.selectors.body == [".article-body"] and tj.selectors.title  # the rest is kept
    assert tj.ca_bundle == str(tmp_path / "tj.pem")
    assert config.settings.user_agent_contact == "mailto:ops@example.org"
    with pytest.raises(ConfigError, match="no source 'nope'"):
        config.get("nope")
