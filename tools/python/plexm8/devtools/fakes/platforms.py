"""Every platform fake at once, with settings pointing the providers at them."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from typing import Any

from plexm8.devtools.fakes.deezer import FakeDeezer
from plexm8.devtools.fakes.netease import FakeNetEase
from plexm8.devtools.fakes.qqmusic import FakeQQMusic
from plexm8.devtools.fakes.shortlinks import FakeShortLinks
from plexm8.devtools.fakes.spotify import CLIENT_ID, CLIENT_SECRET, FakeSpotify
from plexm8.services.providers.config import ProviderSettings


def fast_settings(**overrides: Any) -> ProviderSettings:
    """Settings with test-sized timeouts and backoff (override any field)."""
    defaults: dict[str, Any] = {"timeout_s": 2.0, "retries": 2, "backoff_s": 0.01, "max_retry_after_s": 3.0}
    return ProviderSettings(**{**defaults, **overrides})


def platform_urls(netease: FakeNetEase, qqmusic: FakeQQMusic, spotify: FakeSpotify) -> dict[str, str]:
    """NetEase, QQ Music and Spotify base URLs and Spotify credentials aimed at these fakes (Settings fields)."""
    return {
        "netease_base_url": netease.url,
        "qqmusic_base_url": qqmusic.url,
        "qqmusic_u_base_url": qqmusic.url,
        "spotify_api_url": spotify.url,
        "spotify_accounts_url": spotify.url,
        "spotify_client_id": CLIENT_ID,
        "spotify_client_secret": CLIENT_SECRET,
    }


@dataclass
class FakePlatforms:
    """Running fakes for NetEase, QQ Music, Spotify, Deezer and the short-link services."""

    netease: FakeNetEase
    qqmusic: FakeQQMusic
    spotify: FakeSpotify
    deezer: FakeDeezer
    shortlinks: FakeShortLinks

    def urls(self) -> dict[str, str]:
        """Platform base URLs and Spotify credentials aimed at these fakes (fields of both settings types)."""
        return {**platform_urls(self.netease, self.qqmusic, self.spotify), "deezer_base_url": self.deezer.url}

    def settings(self, **overrides: Any) -> ProviderSettings:
        """ProviderSettings aimed at these fakes, with Spotify credentials and fast timeouts."""
        base = fast_settings(**self.urls(), short_link_base_urls=self.shortlinks.base_urls())
        return replace(base, **overrides)


@contextmanager
def running_platforms() -> Iterator[FakePlatforms]:
    """Start every fake; stop them all on exit."""
    with ExitStack() as stack:
        yield FakePlatforms(
            netease=stack.enter_context(FakeNetEase()),
            qqmusic=stack.enter_context(FakeQQMusic()),
            spotify=stack.enter_context(FakeSpotify()),
            deezer=stack.enter_context(FakeDeezer()),
            shortlinks=stack.enter_context(FakeShortLinks()),
        )
