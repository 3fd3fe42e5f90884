"""Tracks and playlists as a music platform or a playlist file describes them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExternalTrack:
    """One track of a source playlist, before matching."""

    external_id: str
    title: str
    artists: tuple[str, ...] = ()
    album: str = ""
    duration_ms: int | None = None
    aliases: tuple[str, ...] = ()  # NetEase alia/tns, QQ subtitle: other names of the same song
    artist_aliases: tuple[tuple[str, ...], ...] = ()  # other names of each credited artist, aligned with artists
    file_path: str | None = None  # M3U entries
    position: int = 0


@dataclass
class ExternalPlaylist:
    """A playlist fetched from a platform or read from a file."""

    provider: str
    playlist_id: str
    name: str
    tracks: list[ExternalTrack] = field(default_factory=list)
    description: str = ""
