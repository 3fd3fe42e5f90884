"""pytest fixtures for the platform fakes; import them into a conftest.py."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from plexm8.devtools.fakes.deezer import FakeDeezer
from plexm8.devtools.fakes.netease import FakeNetEase
from plexm8.devtools.fakes.platforms import FakePlatforms, running_platforms
from plexm8.devtools.fakes.qqmusic import FakeQQMusic
from plexm8.devtools.fakes.shortlinks import FakeShortLinks
from plexm8.devtools.fakes.spotify import FakeSpotify


@pytest.fixture
def fake_netease() -> Iterator[FakeNetEase]:
    """A running fake NetEase Cloud Music."""
    with FakeNetEase() as server:
        yield server


@pytest.fixture
def fake_qqmusic() -> Iterator[FakeQQMusic]:
    """A running fake QQ Music (legacy and musicu hosts)."""
    with FakeQQMusic() as server:
        yield server


@pytest.fixture
def fake_spotify() -> Iterator[FakeSpotify]:
    """A running fake Spotify (accounts and Web API)."""
    with FakeSpotify() as server:
        yield server


@pytest.fixture
def fake_deezer() -> Iterator[FakeDeezer]:
    """A running fake Deezer API."""
    with FakeDeezer() as server:
        yield server


@pytest.fixture
def fake_shortlinks() -> Iterator[FakeShortLinks]:
    """A running fake short-link redirector."""
    with FakeShortLinks() as server:
        yield server


@pytest.fixture
def fake_platforms() -> Iterator[FakePlatforms]:
    """Every platform fake, with ``.settings()`` pointing providers at them."""
    with running_platforms() as platforms:
        yield platforms
