"""Recommendations: tracks similar to a seed, tracks that fit the user's ratings, and playlists of them."""
from __future__ import annotations

from plexm8.services.recommend.catalog import (
    Catalog,
    CatalogCache,
    CatalogTrack,
    build_catalog,
    load_catalog,
)
from plexm8.services.recommend.engine import RatingsResult, SimilarResult, based_on_ratings, similar
from plexm8.services.recommend.playlist import check_playlist_request, create_recommendation_playlist
from plexm8.services.recommend.result import Recommendation

__all__ = [
    "Catalog",
    "CatalogCache",
    "CatalogTrack",
    "RatingsResult",
    "Recommendation",
    "SimilarResult",
    "based_on_ratings",
    "build_catalog",
    "check_playlist_request",
    "create_recommendation_playlist",
    "load_catalog",
    "similar",
]
