"""Recommendations from the user's ratings: a taste profile of the rated tracks, unrated tracks scored against it.

Every attribute value (an artist, an album, a genre, style or mood, a decade, a play-count band) gets a
lift: how much more often the library's tracks with that value are liked (rated ≥ min_rating, weighted by
rating / 10) than tracks in general. The rate is shrunk towards the library-wide rate by SHRINK pseudo-tracks,
so one liked track of a small artist moves little, and a big genre with nothing liked says "not this". A
candidate's evidence for a kind is the best log-lift among its values; tracks rated ≤ DISLIKED push their
values down the same way. The kinds are summed with KIND_WEIGHTS (correlated kinds weigh less), plus
closeness to the sonic neighbours of the best-rated seeds; matchScore squashes the sum to 0–1.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from plexm8.services.matching.normalize import normalize_text, split_artists
from plexm8.services.recommend.catalog import Catalog, CatalogTrack
from plexm8.services.recommend.result import Recommendation, decade_label, join_reasons, select

KIND_WEIGHTS = {"artist": 1.0, "album": 0.5, "genre": 1.0, "style": 0.5, "mood": 0.5, "decade": 0.5,
                "plays": 1.0}
SHRINK = 20.0  # pseudo-tracks of library-average taste mixed into every value's like rate
DISLIKED = 4.0  # ratings at or below this count against a track's values
DISLIKE_WEIGHT = 0.5
SONIC_WEIGHT = 1.0  # added as SONIC_WEIGHT × (1 − distance / max distance) for a neighbour of a seed
PLAY_BANDS = (1, 3, 6, 11, 21)  # "played at least n times" values; never played is value 0
PER_ARTIST = 2
PER_ALBUM = 1
SONIC_SEEDS = 3


def play_bands(plays: int) -> tuple[int, ...]:
    """The "played at least n times" values a play count has (0 alone for a track never played)."""
    return tuple(b for b in PLAY_BANDS if plays >= b) or (0,)


@dataclass
class Profile:
    """Rating-weighted value masses of the liked and of the disliked tracks, per attribute kind."""

    min_rating: float
    liked: dict[int, float]  # ratingKey → weight
    rated: frozenset[int]  # every rated ratingKey (never recommended)
    mass: dict[str, dict[object, float]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(float)))
    disliked_mass: dict[str, dict[object, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float)))
    names: dict[str, str] = field(default_factory=dict)  # normalised artist → display name
    total: float = 0.0
    disliked_total: float = 0.0

    def top(self, kind: str, n: int = 3) -> list[object]:
        """The `n` heaviest liked values of a kind."""
        values = sorted(self.mass.get(kind, {}).items(), key=lambda kv: -kv[1])
        return [value for value, _ in values[:n]]


def track_values(track: CatalogTrack) -> dict[str, tuple]:
    """The values a track has for each attribute kind (tags casefolded)."""
    return {
        "artist": tuple(sorted(track.artist_keys)),
        "album": (track.album_key,) if track.album_key is not None else (),
        "genre": tuple(v.casefold() for v in track.genres),
        "style": tuple(v.casefold() for v in track.styles),
        "mood": tuple(v.casefold() for v in track.moods),
        "decade": (track.decade,) if track.decade is not None else (),
        "plays": play_bands(track.view_count),
    }


def build_profile(catalog: Catalog, ratings: Mapping[int, float], min_rating: float) -> Profile:
    """The taste profile of the rated tracks (liked: ≥ `min_rating`; disliked: ≤ DISLIKED)."""
    profile = Profile(min_rating, {rk: r / 10 for rk, r in ratings.items() if r >= min_rating and rk in catalog.tracks},
                      frozenset(ratings))
    for rating_key, rating in ratings.items():
        track = catalog.tracks.get(rating_key)
        if track is None:
            continue
        if rating >= min_rating:
            target, weight = profile.mass, rating / 10
            profile.total += weight
            for name in (track.artist, *split_artists(track.artist)):
                profile.names.setdefault(normalize_text(name), name)
        elif rating <= DISLIKED:
            target, weight = profile.disliked_mass, 1 - rating / 10
            profile.disliked_total += weight
        else:
            continue
        for kind, values in track_values(track).items():
            for value in values:
                target[kind][value] += weight
    return profile


class _Counts:
    """How many library tracks carry each value (the denominators of the like rates)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.size = max(1, len(catalog.tracks))
        self._plays: dict[int, int] | None = None

    def count(self, kind: str, value: object) -> int:
        c = self.catalog
        key: Any = value  # its type depends on `kind`: an artist or album key, a decade, a play band, a tag name
        if kind == "artist":
            return len(c.by_artist.get(key, ()))
        if kind == "album":
            return len(c.by_album.get(key, ()))
        if kind == "decade":
            return len(c.by_decade.get(key, ()))
        if kind == "plays":
            if self._plays is None:
                self._plays = defaultdict(int)
                for track in c.tracks.values():
                    for band in play_bands(track.view_count):
                        self._plays[band] += 1
            return self._plays.get(key, 0)
        return len(c.by_tag.get((kind, key), ()))


def _log_lift(mass: float, count: int, total: float, size: int) -> float:
    overall = total / size
    return math.log((mass + SHRINK * overall) / (count + SHRINK) / overall)


def _reason(profile: Profile, track: CatalogTrack, evidence: list[tuple[float, str, object]]) -> str:
    parts = []
    for _, kind, value in sorted(evidence, key=lambda e: -e[0])[:3]:
        if kind == "artist":
            parts.append(f"because you rated {profile.names.get(str(value), track.artist)} highly")
        elif kind == "album":
            parts.append(f"you rated other tracks of {track.album} highly")
        elif kind == "decade":
            parts.append(decade_label(int(cast(int, value))))
        elif kind == "sonic":
            parts.append(f"sounds like {value}")
        elif kind == "plays":
            parts.append(f"you have played it {track.view_count} times")
        else:
            shown = next((v for v in getattr(track, kind + "s") if v.casefold() == value), value)
            parts.append(f"{kind} {shown}")
    if parts and not parts[0].startswith(("because", "you ", "sounds")):
        parts[0] = "matches your taste: " + parts[0]
    return join_reasons(parts)


def _sonic_closeness(catalog: Catalog, neighbours: Mapping[int, Sequence[tuple[int, float]]],
                     max_distance: float) -> dict[int, tuple[float, str]]:
    closest: dict[int, tuple[float, str]] = {}
    for seed, found in neighbours.items():
        seed_title = catalog.tracks[seed].title if seed in catalog.tracks else str(seed)
        for rating_key, distance in found:
            closeness = SONIC_WEIGHT * max(0.0, 1 - distance / max_distance)
            if closeness > closest.get(rating_key, (0.0, ""))[0]:
                closest[rating_key] = (closeness, seed_title)
    return closest


def score_candidates(catalog: Catalog, profile: Profile,
                     neighbours: Mapping[int, Sequence[tuple[int, float]]] | None = None,
                     max_distance: float = 0.25) -> list[Recommendation]:
    """Every unrated track with some positive evidence, best first (not yet capped or de-duplicated)."""
    counts = _Counts(catalog)
    lifts: dict[tuple[str, object], tuple[float, float]] = {}
    sonic = _sonic_closeness(catalog, neighbours or {}, max_distance)
    ranked = []
    for track in catalog.tracks.values():
        if track.rating_key in profile.rated:
            continue
        total, evidence = 0.0, []
        for kind, values in track_values(track).items():
            best, best_value, worst = -math.inf, None, 0.0
            for value in values:
                found = lifts.get((kind, value))
                if found is None:
                    n = counts.count(kind, value)
                    like = _log_lift(profile.mass[kind].get(value, 0.0), n, profile.total, counts.size)
                    dislike = 0.0
                    if profile.disliked_total:
                        dislike = max(0.0, _log_lift(profile.disliked_mass[kind].get(value, 0.0), n,
                                                     profile.disliked_total, counts.size))
                    found = lifts[(kind, value)] = (like, dislike)
                if found[0] > best:
                    best, best_value = found[0], value
                worst = max(worst, found[1])
            if best_value is None:
                continue
            contribution = KIND_WEIGHTS[kind] * best
            total += contribution - KIND_WEIGHTS[kind] * DISLIKE_WEIGHT * worst
            if best > 0 and (kind != "plays" or track.view_count):
                evidence.append((contribution, kind, best_value))
        if track.rating_key in sonic:
            closeness, seed_title = sonic[track.rating_key]
            total += closeness
            evidence.append((closeness, "sonic", seed_title))
        if evidence:
            ranked.append(Recommendation(track, 1 / (1 + math.exp(-total / 2)), _reason(profile, track, evidence)))
    ranked.sort(key=lambda r: (-r.score, r.track.rating_key))
    return ranked


def sonic_seeds(catalog: Catalog, profile: Profile, count: int = SONIC_SEEDS) -> list[int]:
    """The analysed liked tracks to ask Plex for sonic neighbours of: the best rated, one per artist."""
    seeds, artists = [], set()
    for rating_key, _weight in sorted(profile.liked.items(), key=lambda kv: (-kv[1], kv[0])):
        track = catalog.tracks[rating_key]
        if track.analysed and track.primary_artist not in artists:
            seeds.append(rating_key)
            artists.add(track.primary_artist)
        if len(seeds) >= count:
            break
    return seeds


def recommend_for_ratings(catalog: Catalog, ratings: Mapping[int, float], min_rating: float, limit: int,
                          neighbours_of: Callable[[int], Sequence[tuple[int, float]]] | None = None,
                          **caps: int | None) -> tuple[Profile, list[Recommendation]]:
    """The profile of `ratings` and its recommendations; `neighbours_of(seed)` gives (ratingKey, distance) pairs."""
    profile = build_profile(catalog, ratings, min_rating)
    if not profile.liked:
        return profile, []
    neighbours = {seed: neighbours_of(seed) for seed in sonic_seeds(catalog, profile)} if neighbours_of else {}
    return profile, recommend_from_ratings(catalog, profile, limit, neighbours, **caps)


def recommend_from_ratings(catalog: Catalog, profile: Profile, limit: int,
                           neighbours: Mapping[int, Sequence[tuple[int, float]]] | None = None, *,
                           per_artist: int | None = PER_ARTIST,
                           per_album: int | None = PER_ALBUM) -> list[Recommendation]:
    """Up to `limit` unrated tracks that fit the profile, at most `per_artist`/`per_album` each, one per song."""
    if not profile.liked:
        return []
    ranked = score_candidates(catalog, profile, neighbours)
    rated_songs = [catalog.tracks[rk].song_key for rk in profile.rated if rk in catalog.tracks]
    return select(ranked, limit, exclude_songs=rated_songs, per_artist=per_artist, per_album=per_album)
