"""Matching a source playlist's tracks to the library: pinned choices, file paths, then the matching engine."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Sequence

from plexm8.models.entities import LibraryTrack as StoredTrack
from plexm8.services.external import ExternalTrack
from plexm8.services.library.index import LibraryIndex
from plexm8.services.library.path_match import PathMatcher, PathRule
from plexm8.services.matching.engine import match_track
from plexm8.services.tracks import track_key

MatchMethod = Literal["pinned", "path", "metadata"]


@dataclass(frozen=True)
class BestCandidate:
    """The closest library track of an unmatched (or matched) source track, for the user to pin."""

    rating_key: int
    title: str
    artist: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        """The API's `best_candidate` shape."""
        return {"track_key": track_key(self.rating_key), "title": self.title, "artist": self.artist,
                "score": self.score}


@dataclass(frozen=True)
class MatchOutcome:
    """What one source track matched, and how: a pin, its file path, or its metadata (the matching engine).

    `rating_key` is None when nothing matched (or the user pinned "never match"); `reason` then says why.
    """

    position: int
    external: ExternalTrack
    method: MatchMethod
    rating_key: int | None = None
    score: float = 0.0
    reasons: tuple[str, ...] = ()
    reason: str = ""
    best_candidate: BestCandidate | None = None

    @property
    def pinned(self) -> bool:
        """Whether a pinned choice decided this track (matched or "never match")."""
        return self.method == "pinned"

    @property
    def matched(self) -> bool:
        """Whether a library track was chosen."""
        return self.rating_key is not None


def match_external(
    library: LibraryIndex,
    server_id: int,
    tracks: list[ExternalTrack],
    pins: dict[str, int | None] | None = None,
    path_rules: Sequence[PathRule] = (),
) -> list[MatchOutcome]:
    """Match source tracks in order: pinned choices, then file paths, then the matching engine."""
    index = library.match_index(server_id)
    pins = pins or {}
    paths = None
    if any(t.file_path for t in tracks):
        rows = StoredTrack.select(StoredTrack.rating_key, StoredTrack.file_path).where(
            StoredTrack.server_id == server_id
        ).tuples()
        paths = PathMatcher(rows)
    outcomes: list[MatchOutcome] = []
    for position, ext in enumerate(tracks):
        if ext.external_id in pins:
            key = pins[ext.external_id]
            if key is None:
                outcome = MatchOutcome(position, ext, "pinned", reason="pinned: never match this track")
            elif str(key) not in index:
                outcome = MatchOutcome(position, ext, "pinned",
                                       reason="the pinned Plex track is no longer in the library")
            else:
                outcome = MatchOutcome(position, ext, "pinned", key, 100.0, ("pinned by you",))
        elif paths is not None and ext.file_path and (hit := paths.match(ext.file_path, path_rules)) is not None:
            outcome = MatchOutcome(position, ext, "path", hit[0], 100.0, (f"file {hit[1]}",))
        else:
            result = match_track(ext, index)
            best = result.best_candidate
            outcome = MatchOutcome(
                position, ext, "metadata",
                rating_key=int(result.track.rating_key) if result.track else None,
                score=round(result.score, 1),
                reasons=tuple(result.reasons),
                reason=result.reason,
                best_candidate=None if best is None else BestCandidate(
                    int(best.track.rating_key), best.track.title, best.track.original_title or best.track.artist,
                    round(best.score, 1),
                ),
            )
        outcomes.append(outcome)
    return outcomes


def external_to_dict(track: ExternalTrack) -> dict[str, Any]:
    """An external track as the API shows it."""
    return {
        "external_id": track.external_id,
        "title": track.title,
        "artists": list(track.artists),
        "album": track.album,
        "duration_ms": track.duration_ms,
    }
