"""A recommendation (track, score 0–1, reason) and the selection rules shared by the recommenders."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from plexm8.services.recommend.catalog import CatalogTrack


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One recommended track, how strongly, and why in a few words."""

    track: CatalogTrack
    score: float
    reason: str

    def to_dict(self) -> dict:
        """The API's item shape."""
        return {"track": self.track.summary(), "matchScore": round(min(1.0, max(0.0, self.score)), 3),
                "reason": self.reason}


def join_reasons(parts: Iterable[str]) -> str:
    """Reason fragments as one sentence-cased line: "Same artist · genre Jazz · 1990s"."""
    text = " · ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def decade_label(decade: int) -> str:
    """1990 → "1990s"."""
    return f"{decade}s"


def select(ranked: Iterable[Recommendation], limit: int, *, exclude_songs: Iterable[tuple[str, str]] = (),
           per_artist: int | None = None, per_album: int | None = None, fill: bool = False) -> list[Recommendation]:
    """The best `limit` items, one per song, at most `per_artist`/`per_album` each (`fill`: then relax the caps)."""
    seen_songs = set(exclude_songs)
    artists: Counter[str] = Counter()
    albums: Counter[int] = Counter()
    chosen: list[Recommendation] = []
    overflow: list[Recommendation] = []
    for item in ranked:
        if len(chosen) >= limit:
            break
        track = item.track
        if track.song_key in seen_songs:
            continue
        if (per_artist is not None and artists[track.primary_artist] >= per_artist) or (
                per_album is not None and track.album_key is not None and albums[track.album_key] >= per_album):
            overflow.append(item)
            continue
        seen_songs.add(track.song_key)
        artists[track.primary_artist] += 1
        if track.album_key is not None:
            albums[track.album_key] += 1
        chosen.append(item)
    if fill and len(chosen) < limit:
        for item in overflow:
            if len(chosen) >= limit:
                break
            if item.track.song_key not in seen_songs:
                seen_songs.add(item.track.song_key)
                chosen.append(item)
        chosen.sort(key=lambda r: -r.score)
    return chosen
