"""Tracks similar to a seed: Plex's sonic neighbours first, topped up by metadata similarity.

Metadata similarity is a weighted sum of named parts, each 0–1 (weights sum to 1):
same credited artist 0.28, same album artist 0.07, same album 0.04, shared genres 0.15 (Jaccard),
shared styles 0.09, shared moods 0.06, same decade 0.06 (0.4 of it for a neighbouring decade),
together in the user's playlists 0.25 (each shared playlist counts min(1, 20 / its length), capped at 1):
the user's own curation outweighs any single tag.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plexm8.services.recommend.catalog import Catalog, CatalogTrack
from plexm8.services.recommend.result import Recommendation, decade_label, join_reasons, select

WEIGHTS = {"artist": 0.28, "album_artist": 0.07, "album": 0.04, "genre": 0.15, "style": 0.09, "mood": 0.06,
           "decade": 0.06, "playlists": 0.25}
PLAYLIST_SPAN = 20  # a shared playlist of up to this many tracks counts fully; longer ones count less
SONIC_MAX_DISTANCE = 0.25  # Plex's own default for `nearest`
SIMILAR_PER_ALBUM = 3  # soft cap: more from one album only when nothing else is left
REASON_PARTS = 4


@dataclass(frozen=True, slots=True)
class Similarity:
    """How a candidate resembles the seed: the score and the named parts behind it."""

    score: float
    parts: tuple[str, ...]


def _shared(a: Sequence[str], b: Sequence[str]) -> list[str]:
    folded = {v.casefold() for v in b}
    return [v for v in a if v.casefold() in folded]


def _jaccard(shared: int, a: Sequence[str], b: Sequence[str]) -> float:
    union = len({v.casefold() for v in (*a, *b)})
    return shared / union if union else 0.0


def co_occurrence(catalog: Catalog, seed: int) -> dict[int, float]:
    """ratingKey → 0–1: how strongly the user's playlists put each track together with the seed."""
    strength: dict[int, float] = {}
    for number in catalog.in_playlists.get(seed, ()):
        members = catalog.playlists[number]
        weight = min(1.0, PLAYLIST_SPAN / len(members))
        for rating_key in set(members):
            if rating_key != seed:
                strength[rating_key] = min(1.0, strength.get(rating_key, 0.0) + weight)
    return strength


def metadata_similarity(seed: CatalogTrack, other: CatalogTrack, together: float = 0.0) -> Similarity:
    """The weighted metadata similarity of `other` to `seed`, with the reasons that produced it."""
    score, parts = 0.0, []
    if seed.artist_keys & other.artist_keys:
        score += WEIGHTS["artist"]
        parts.append("same artist")
    if seed.album_artist_key is not None and seed.album_artist_key == other.album_artist_key:
        score += WEIGHTS["album_artist"]
        if not parts:
            parts.append("same album artist")
    if seed.album_key is not None and seed.album_key == other.album_key:
        score += WEIGHTS["album"]
        parts.append("same album")
    for kind, label in (("genre", "genre"), ("style", "style"), ("mood", "mood")):
        mine, theirs = getattr(seed, kind + "s"), getattr(other, kind + "s")
        shared = _shared(mine, theirs)
        if shared:
            score += WEIGHTS[kind] * _jaccard(len(shared), mine, theirs)
            plural = "s" if len(shared) > 1 else ""
            parts.append(f"{'shares ' if kind == 'genre' else ''}{label}{plural} {', '.join(shared[:2])}")
    if seed.decade is not None and other.decade is not None:
        if seed.decade == other.decade:
            score += WEIGHTS["decade"]
            parts.append(decade_label(other.decade))
        elif abs(seed.decade - other.decade) == 10:
            score += WEIGHTS["decade"] * 0.4
    if together > 0:
        score += WEIGHTS["playlists"] * together
        parts.insert(0, f"often in your playlists with {seed.title}")
    return Similarity(min(1.0, score), tuple(parts[:REASON_PARTS]))


def metadata_candidates(catalog: Catalog, seed: CatalogTrack, together: dict[int, float]) -> set[int]:
    """Tracks sharing at least an artist, album, tag or playlist with the seed (the decade alone is too broad)."""
    found: set[int] = set(together)
    for key in seed.artist_keys:
        found.update(catalog.by_artist.get(key, ()))
    if seed.album_key is not None:
        found.update(catalog.by_album.get(seed.album_key, ()))
    for kind, values in (("genre", seed.genres), ("style", seed.styles), ("mood", seed.moods)):
        for value in values:
            found.update(catalog.by_tag.get((kind, value.casefold()), ()))
    if not found and seed.decade is not None:
        found.update(catalog.by_decade.get(seed.decade, ()))
    found.discard(seed.rating_key)
    return found


def rank_by_metadata(catalog: Catalog, seed: CatalogTrack) -> list[Recommendation]:
    """Every candidate with a metadata similarity above zero, best first."""
    together = co_occurrence(catalog, seed.rating_key)
    ranked = []
    for rating_key in metadata_candidates(catalog, seed, together):
        other = catalog.tracks.get(rating_key)
        if other is None:
            continue
        similarity = metadata_similarity(seed, other, together.get(rating_key, 0.0))
        if similarity.score > 0:
            ranked.append(Recommendation(other, similarity.score, join_reasons(similarity.parts)))
    ranked.sort(key=lambda r: (-r.score, r.track.rating_key))
    return ranked


def rank_sonic(seed: CatalogTrack, neighbours: Sequence[tuple[CatalogTrack, float]],
               catalog: Catalog) -> list[Recommendation]:
    """Sonic neighbours, nearest first: matchScore 1 − distance; the reason adds what else they share."""
    together = co_occurrence(catalog, seed.rating_key) if catalog.playlists else {}
    ranked = []
    for track, distance in neighbours:
        if track.rating_key == seed.rating_key:
            continue
        extra = metadata_similarity(seed, track, together.get(track.rating_key, 0.0)).parts
        ranked.append(Recommendation(track, 1.0 - distance, join_reasons(("sonically similar", *extra[:3]))))
    return ranked


def similar_to(catalog: Catalog, seed: CatalogTrack, limit: int,
               neighbours: Sequence[tuple[CatalogTrack, float]] = ()) -> list[Recommendation]:
    """Up to `limit` tracks like the seed: sonic neighbours first, then metadata matches scored below them."""
    sonic = select(rank_sonic(seed, neighbours, catalog), limit, exclude_songs=[seed.song_key],
                   per_album=SIMILAR_PER_ALBUM, fill=True)
    if len(sonic) >= limit:
        return sonic
    # Top-ups rank after every sonic neighbour: their metadata score is scaled below the weakest neighbour's.
    ceiling = min((r.score for r in sonic), default=1.0)
    taken = {r.track.rating_key for r in sonic}
    top_ups = [Recommendation(r.track, r.score * ceiling, r.reason)
               for r in rank_by_metadata(catalog, seed) if r.track.rating_key not in taken]
    more = select(top_ups, limit - len(sonic), exclude_songs=[seed.song_key, *(r.track.song_key for r in sonic)],
                  per_album=SIMILAR_PER_ALBUM, fill=True)
    return sonic + more
