"""Where the music platforms live and how patiently to talk to them."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProviderSettings:
    """Base URLs, credentials and HTTP behaviour shared by every playlist source."""

    netease_base_url: str = "https://music.163.com"
    qqmusic_base_url: str = "https://c.y.qq.com"
    qqmusic_u_base_url: str = "https://u.y.qq.com"
    spotify_api_url: str = "https://api.spotify.com"
    spotify_accounts_url: str = "https://accounts.spotify.com"
    spotify_client_id: str | None = None
    spotify_client_secret: str | None = field(default=None, repr=False)
    deezer_base_url: str = "https://api.deezer.com"
    timeout_s: float = 15.0
    retries: int = 3
    backoff_s: float = 0.5
    netease_cookie: str | None = field(default=None, repr=False)
    # A server asking to wait longer than this (Retry-After) is not waited for: the request fails
    # at once with the platform's own delay in the message, so a sync never hangs for an hour.
    max_retry_after_s: float = 30.0
    # Short-link host -> base URL to query instead of https://<host>, e.g. {"163cn.tv": "http://127.0.0.1:8123"}.
    # Empty in production; tests point it at a local fake redirector.
    short_link_base_urls: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
