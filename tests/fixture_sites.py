"""pytest fixtures serving every fixture site, registered for every test module by
tests/conftest.py (`pytest_plugins`): ask for `sites` (or `fixture_sites`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from carta.testing.sites.harness import FixtureSites, serve_sites


@pytest.fixture(scope="session")
def fixture_sites() -> Iterator[FixtureSites]:
    """All fixture sites, started once per test session."""
    with serve_sites() as fx:
        yield fx


@pytest.fixture
def sites(fixture_sites: FixtureSites) -> FixtureSites:
    """The fixture sites with empty request logs and no scripted answers."""
    fixture_sites.reset()
    return fixture_sites
