"""pytest fixtures for the Plex simulator: a sample library, a running simulator, a plexapi client.

Load with ``pytest_plugins = ["tests.plexsim_fixtures"]``.
"""
from __future__ import annotations

import os

# plexapi reads its config at import: keep a developer's ~/.config/plexapi out of the tests and stop
# partial objects from reloading themselves behind the tests' backs.
os.environ.setdefault("PLEXAPI_CONFIG_PATH", os.devnull + ".plexm8-tests-no-plexapi-config")
os.environ.setdefault("PLEXAPI_PLEXAPI_AUTORELOAD", "false")

from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402
from plexm8.devtools.plex_simulator import PlexSimulator  # noqa: E402
from plexm8.devtools.sample_library import Library, generate_library  # noqa: E402


@pytest.fixture(scope="session")
def sample_library() -> Library:
    """The shared 300-track sample library; tests get copies through ``plex_sim``, never this one."""
    return generate_library(300, seed=7)


@pytest.fixture
def plex_sim(sample_library: Library) -> Iterator[PlexSimulator]:
    """A started simulator over a fresh copy of the sample library, stopped after the test."""
    with PlexSimulator(sample_library.copy()) as simulator:
        yield simulator


@pytest.fixture
def plex_server(plex_sim: PlexSimulator):
    """A plexapi ``PlexServer`` connected to ``plex_sim``."""
    from plexapi.server import PlexServer

    return PlexServer(plex_sim.url, plex_sim.token, timeout=10)
