"""The recommendation entry points: fetch what Plex must tell afresh, then run the pure recommenders on the catalog."""
from __future__ import annotations

from dataclasses import dataclass, field

from plexm8.errors import NotFound, Unprocessable
from plexm8.services.plex_service import PlexService
from plexm8.services.plex_service.recommend import PlexRecommendCalls
from plexm8.services.recommend.catalog import (
    RELOAD_GRACE_S,
    Catalog,
    CatalogCache,
    CatalogTrack,
    catalog_track,
)
from plexm8.services.recommend.ratings_profile import Profile, recommend_for_ratings
from plexm8.services.recommend.result import Recommendation, decade_label
from plexm8.services.recommend.similar import SONIC_MAX_DISTANCE, similar_to

SEED_NEIGHBOURS = 50  # sonic neighbours asked for per rated seed


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
        "top_decades": [decade_label(int(d)) for d in profile.top("decade")],  # type: ignore[arg-type]
    }


def _display(catalog: Catalog, kind: str, folded: object) -> str:
    for rating_key in catalog.by_tag.get((kind, str(folded)), ())[:1]:
        track = catalog.tracks[rating_key]
        return next((v for v in getattr(track, kind + "s") if v.casefold() == folded), str(folded))
    return str(folded)


def based_on_ratings(service: PlexService, min_rating: float, limit: int, cache: CatalogCache) -> RatingsResult:
    """Up to `limit` unrated tracks fitting the profile of tracks rated ≥ `min_rating` (ratings read afresh)."""
    calls = PlexRecommendCalls(service)
    catalog = cache.get(service)
    ratings = calls.rated_tracks()

    def neighbours_of(seed: int) -> list[tuple[int, float]]:
        try:
            found = calls.sonic_neighbours(seed, SEED_NEIGHBOURS, SONIC_MAX_DISTANCE)
        except NotFound:  # a seed deleted since its rating was read: it just adds nothing
            return []
        return [(t.rating_key, d) for t, d in found]

    profile, recommendations = recommend_for_ratings(catalog, ratings, min_rating, limit, neighbours_of)
    summary = profile_summary(profile, catalog)
    if not profile.liked:
        return RatingsResult(min_rating, [], summary,
                             f"No track is rated {min_rating:g}/10 or higher yet. Rate a few tracks you love "
                             "(or lower min_rating) and ask again.")
    message = None if recommendations else "Every track that fits your ratings is already rated."
    return RatingsResult(min_rating, recommendations, summary, message)
