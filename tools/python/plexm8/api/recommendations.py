"""Recommendations: /api/recommendations (similar tracks, based on ratings, and playlists of either)."""
from __future__ import annotations

from typing import Literal

from flask import Blueprint, jsonify
from pydantic import BaseModel, Field

from plexm8.api.models import CreatedPlaylist
from plexm8.api.schema import Body, Query, endpoint
from plexm8.runtime import runtime
from plexm8.services.recommend import (
    based_on_ratings,
    check_playlist_request,
    create_recommendation_playlist,
    similar,
)
from plexm8.services.tracks import parse_track_key

bp = Blueprint("recommendations", __name__, url_prefix="/api/recommendations")
FEATURES = ("recommendations",)
LIMIT = Field(default=10, ge=1, le=100)
MIN_RATING = Field(default=8.0, ge=0, le=10, description="0–10 (stars × 2)")


class TrackRef(BaseModel):
    key: str
    ratingKey: str
    title: str
    artist: str
    album: str


class RecommendationOut(BaseModel):
    track: TrackRef
    matchScore: float = Field(ge=0, le=1)
    reason: str


class SimilarQuery(Query):
    track_key: str = Field(min_length=1, max_length=200, description="/library/metadata/<ratingKey> or a ratingKey")
    limit: int = LIMIT


class SimilarResponse(BaseModel):
    recommendations: list[RecommendationOut]
    count: int
    seed: TrackRef
    method: Literal["sonic", "metadata", "sonic+metadata"]


class RatingsQuery(Query):
    min_rating: float = MIN_RATING
    limit: int = LIMIT


class ProfileOut(BaseModel):
    rated_tracks: int
    liked_tracks: int
    top_artists: list[str]
    top_genres: list[str]
    top_moods: list[str]
    top_decades: list[str]


class RatingsResponse(BaseModel):
    recommendations: list[RecommendationOut]
    count: int
    based_on_rating: float
    profile: ProfileOut
    message: str | None


class PlaylistBody(Body):
    source: Literal["similar", "based-on-ratings"]
    title: str = Field(min_length=1, max_length=300)
    track_key: str | int | None = Field(default=None, description="the seed, required when source is 'similar'")
    limit: int = Field(default=25, ge=1, le=100)
    min_rating: float = MIN_RATING


class PlaylistResponse(BaseModel):
    success: bool
    playlist: CreatedPlaylist
    recommendations: list[RecommendationOut]


@bp.get("/similar")
@endpoint("Tracks similar to a track: Plex's sonic neighbours when analysed, else shared artist, tags, decade, "
          "playlists", tag="recommendations", query=SimilarQuery, response=SimilarResponse,
          errors=(400, 404, 422, 502, 503, 504))
def similar_tracks(query: SimilarQuery):
    """Never the seed itself, never the same song twice."""
    rating_key = parse_track_key(query.track_key)
    rt = runtime()
    result = similar(rt.servers.resolve().service, rating_key, query.limit, rt.catalogs)
    items = [r.to_dict() for r in result.recommendations]
    return jsonify({"recommendations": items, "count": len(items), "seed": result.seed.summary(),
                    "method": result.method})


@bp.get("/based-on-ratings")
@endpoint("Unrated tracks that fit the profile of your highly rated ones, a few per artist and album",
          tag="recommendations", query=RatingsQuery, response=RatingsResponse, errors=(400, 502, 503, 504))
def from_ratings(query: RatingsQuery):
    """An empty list with a message when nothing is rated min_rating or higher."""
    rt = runtime()
    result = based_on_ratings(rt.servers.resolve().service, query.min_rating, query.limit, rt.catalogs)
    items = [r.to_dict() for r in result.recommendations]
    return jsonify({"recommendations": items, "count": len(items), "based_on_rating": result.min_rating,
                    "profile": result.profile, "message": result.message})


@bp.post("/playlist")
@endpoint("Create a Plex playlist of recommendations", tag="recommendations", body=PlaylistBody,
          response=PlaylistResponse, status=201, errors=(404, 409, 422, 502, 503, 504))
def recommendation_playlist(body: PlaylistBody):
    """422 naming track_key when source is 'similar' without one; 422 and no playlist when nothing fits."""
    title, seed = check_playlist_request(body.source, body.title, body.track_key)
    rt = runtime()
    result = create_recommendation_playlist(rt.servers.resolve().service, title, seed, limit=body.limit,
                                            min_rating=body.min_rating, cache=rt.catalogs)
    return jsonify(result), 201
