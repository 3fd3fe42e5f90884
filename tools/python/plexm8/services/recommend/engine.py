"""The recommendation entry points: fetch what Plex must tell afresh, then run the pure recommenders on the catalog."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from plexm8.errors import NotFound, Unprocessable
from plexm8.services.plex_service import PlexService
from plexm8.services.plex_service.recommend import PlexRecommendCalls, TaggedTrack
from plexm8.services.recommend import learned
from plexm8.services.recommend.catalog import (
    RELOAD_GRACE_S,
    Catalog,
    CatalogCache,
    CatalogTrack,
    catalog_track,
)
from plexm8.services.recommend.learned import SEED_NEIGHBOURS
from plexm8.services.recommend.ratings_profile import Profile, build_profile
from plexm8.services.recommend.result import Recommendation, decade_label
from plexm8.services.recommend.similar import SONIC_MAX_DISTANCE, similar_to


@dataclass
class SimilarResult:
    """Tracks like a seed, and how they were found."""

    seed: CatalogTrack
    method: str  # "sonic", "metadata" or "sonic+metadata"
    recommendations: list[Recommendation]


@dataclass
class RatingsResult:
    """Tracks that fit the user's ratings, the profile they came from, and a message when there are none."""

    min_rating: float
    recommendations: list[Recommendation]
    profile: dict = field(default_factory=dict)
    message: str | None = None
    learned: bool = False  # True when the learned ranker chose them, False for the rating-profile fallback


def _seed(calls: PlexRecommendCalls, cache: CatalogCache, catalog: Catalog, rating_key: int) -> tuple[Catalog, CatalogTrack]:
    seed = catalog.tracks.get(rating_key)
    if seed is not None:
        return catalog, seed
    try:
        tagged = calls.tagged_track(rating_key)
    except NotFound:
        raise NotFound(f"Plex has no track with ratingKey {rating_key}.") from None
    if tagged is None:
        raise Unprocessable(f"Item {rating_key} is not a track; give the ratingKey of a track.", field="track_key")
    if catalog.age_s() > RELOAD_GRACE_S:  # a track the snapshot lacks: the library changed since it was read
        catalog = cache.get(calls.service, refresh=True)
    return catalog, catalog.tracks.get(rating_key) or catalog_track(tagged)


def similar(service: PlexService, rating_key: int, limit: int, cache: CatalogCache) -> SimilarResult:
    """Up to `limit` tracks like the seed: Plex's sonic neighbours when it is analysed, topped up by metadata."""
    calls = PlexRecommendCalls(service)
    catalog, seed = _seed(calls, cache, cache.get(service), rating_key)
    neighbours = []
    if seed.analysed:
        try:
            found = calls.sonic_neighbours(rating_key, min(250, limit * 2 + 10), SONIC_MAX_DISTANCE)
        except NotFound:  # deleted since the catalog was read
            raise NotFound(f"Plex has no track with ratingKey {rating_key}.") from None
        neighbours = [(catalog.tracks.get(t.rating_key) or catalog_track(t), d) for t, d in found]
    recommendations = similar_to(catalog, seed, limit, neighbours)
    near = {t.rating_key for t, _ in neighbours}
    sonic = sum(1 for r in recommendations if r.track.rating_key in near)
    method = "sonic" if sonic == len(recommendations) and sonic else "sonic+metadata" if sonic else "metadata"
    return SimilarResult(seed, method, recommendations)


def profile_summary(profile: Profile, catalog: Catalog) -> dict:
    """What the profile is made of, for display: counts and the heaviest artists, genres, moods, decades."""
    return {
        "rated_tracks": len(profile.rated),
        "liked_tracks": len(profile.liked),
        "top_artists": [profile.names.get(str(k), str(k)) for k in profile.top("artist")],
        "top_genres": [_display(catalog, "genre", v) for v in profile.top("genre")],
        "top_moods": [_display(catalog, "mood", v) for v in profile.top("mood")],
        "top_decades": [decade_label(int(cast(int, d))) for d in profile.top("decade")],
    }


def _display(catalog: Catalog, kind: str, folded: object) -> str:
    for rating_key in catalog.by_tag.get((kind, str(folded)), ())[:1]:
        track = catalog.tracks[rating_key]
        return next((v for v in getattr(track, kind + "s") if v.casefold() == folded), str(folded))
    return str(folded)


def apply_changes(catalog: Catalog, changed: list[TaggedTrack]) -> None:
    """Bring the snapshot's ratings, play and skip counts up to date with tracks played or rated since it was read."""
    for tagged in changed:
        track = catalog.tracks.get(tagged.rating_key)
        if track is None:
            continue
        track.view_count, track.skip_count = tagged.view_count, tagged.skip_count
        track.last_viewed_at, track.user_rating = tagged.last_viewed_at, tagged.user_rating
        if tagged.user_rating is None:
            catalog.ratings.pop(tagged.rating_key, None)
        else:
            catalog.ratings[tagged.rating_key] = tagged.user_rating


def cached_neighbours(calls: PlexRecommendCalls, catalog: Catalog) -> Callable[[int], list[tuple[int, float]]]:
    """`neighbours_of(seed)`: Plex's sonic neighbours of a seed, asked once per seed while the snapshot lives."""

    def neighbours_of(seed: int) -> list[tuple[int, float]]:
        found = catalog.neighbours.get(seed)
        if found is None:
            try:
                found = [(t.rating_key, d) for t, d in calls.sonic_neighbours(seed, SEED_NEIGHBOURS, SONIC_MAX_DISTANCE)]
            except NotFound:  # a seed deleted since its rating was read: it just adds nothing
                found = []
            catalog.neighbours[seed] = found
        return found

    return neighbours_of


def cached_profile(catalog: Catalog, ratings: dict[int, float], min_rating: float) -> Profile:
    """The rating profile, rebuilt only when the ratings or min_rating changed."""
    key = (min_rating, hash(frozenset(ratings.items())))
    cached = catalog.derived.get("profile")
    if cached is not None and cached[0] == key:
        return cached[1]
    profile = build_profile(catalog, ratings, min_rating)
    catalog.derived["profile"] = (key, profile)
    return profile


def based_on_ratings(service: PlexService, min_rating: float, limit: int,
                     cache: CatalogCache, mode: str = "mix") -> RatingsResult:
    """Up to `limit` tracks for the user's ratings, plays and skips (read afresh) in `mode`:
    "discover" (never played), "rediscover" (played but unrated, or loved long ago) or "mix" (both)."""
    calls = PlexRecommendCalls(service)
    catalog = cache.get(service)
    # From a second before the snapshot's last play or rating: one in that same second may be newer than it.
    apply_changes(catalog, calls.listening_changes(catalog.played_until - 1, catalog.rated_until - 1))
    ratings = dict(catalog.ratings)
    profile = cached_profile(catalog, ratings, min_rating)
    summary = profile_summary(profile, catalog)
    if not profile.liked:
        return RatingsResult(min_rating, [], summary,
                             f"No track is rated {min_rating:g}/10 or higher yet. Rate a few tracks you love "
                             "(or lower min_rating) and ask again.")
    ranked = learned.recommend(catalog, ratings, min_rating, limit, mode=mode,
                               neighbours_of=cached_neighbours(calls, catalog), profile=profile)
    message = None
    if not ranked.recommendations:
        message = {"discover": "You have played every track that fits your ratings: try mode=rediscover.",
                   "rediscover": "Nothing you have played is left unrated: try mode=discover."}.get(
            mode, "Every track that fits your ratings is already rated.")
    return RatingsResult(min_rating, ranked.recommendations, summary, message, learned=ranked.learned)
