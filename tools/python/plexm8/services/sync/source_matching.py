"""Matching a source playlist's tracks to the library: pinned choices, file paths, then the matching engine."""
from __future__ import annotations

from typing import Any, Sequence

from plexm8.models.entities import LibraryTrack as StoredTrack
from plexm8.services.external import ExternalTrack
from plexm8.services.library.index import LibraryIndex
from plexm8.services.library.path_match import PathMatcher, PathRule
from plexm8.services.matching.engine import match_track
from plexm8.services.tracks import track_key


def match_external(
    library: LibraryIndex,
    server_id: int,
    tracks: list[ExternalTrack],
    pins: dict[str, int | None] | None = None,
    path_rules: Sequence[PathRule] = (),
) -> list[dict[str, Any]]:
    """Match source tracks in order: pinned choices, then file paths, then the matching engine."""
    index = library.match_index(server_id)
    pins = pins or {}
    paths = None
    if any(t.file_path for t in tracks):
        rows = StoredTrack.select(StoredTrack.rating_key, StoredTrack.file_path).where(
            StoredTrack.server_id == server_id
        ).tuples()
        paths = PathMatcher(rows)
    outcomes = []
    for position, ext in enumerate(tracks):
        outcome = {"position": position, "external": ext, "rating_key": None, "score": 0.0, "pinned": False,
                   "reasons": [], "reason": "", "best_candidate": None}
        if ext.external_id in pins:
            key = pins[ext.external_id]
            outcome["pinned"] = True
            if key is None:
                outcome["reason"] = "pinned: never match this track"
            elif str(key) not in index:
                outcome["reason"] = "the pinned Plex track is no longer in the library"
            else:
                outcome.update(rating_key=key, score=100.0, reasons=["pinned by you"])
        elif paths is not None and ext.file_path and (hit := paths.match(ext.file_path, path_rules)) is not None:
            outcome.update(rating_key=hit[0], score=100.0, reasons=[f"file {hit[1]}"])
        else:
            result = match_track(ext, index)
            best = result.best_candidate
            outcome.update(
                rating_key=int(result.track.rating_key) if result.track else None,
                score=round(result.score, 1),
                reasons=list(result.reasons),
                reason=result.reason,
                best_candidate=None if best is None else {
                    "track_key": track_key(best.track.rating_key),
                    "title": best.track.title,
                    "artist": best.track.original_title or best.track.artist,
                    "score": round(best.score, 1),
                },
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
