"""Value types of the matching engine."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from plexm8.services.external import ExternalTrack

MatchStatus = Literal["matched", "unmatched"]


@dataclass(frozen=True, slots=True)
class LibraryTrack:
    """One track of the local Plex music library, as the index knows it."""

    rating_key: str
    title: str
    artist: str  # album artist (Plex grandparentTitle)
    album: str = ""
    original_title: str = ""  # Plex originalTitle: the track artist(s) when they differ, e.g. "Jay Chou feat. Lara"
    duration_ms: int | None = None
    file_path: str | None = None
    title_sort: str = ""  # Plex titleSort: often the romanised or English name of a CJK title
    artist_sort: str = ""  # the album artist's titleSort, e.g. "Yonezu Kenshi" for 米津玄師


@dataclass(slots=True)
class Candidate:
    """A library track scored against an external track, with the reasons for its score."""

    track: LibraryTrack
    score: float  # 0–100
    reasons: list[str] = field(default_factory=list)
    penalties: list[str] = field(default_factory=list)  # the subset of reasons that lowered the score


@dataclass(slots=True)
class MatchResult:
    """The outcome of matching one external track."""

    external: ExternalTrack
    track: LibraryTrack | None
    score: float
    reasons: list[str]
    best_candidate: Candidate | None
    status: MatchStatus
    reason: str = ""  # why it is unmatched, e.g. "no candidate"
