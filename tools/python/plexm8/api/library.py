"""GET /api/library/search: find tracks in the library index (to pin a match by hand)."""
from __future__ import annotations

from flask import Blueprint, jsonify
from pydantic import BaseModel, Field

from plexm8.api.schema import Query, endpoint
from plexm8.runtime import runtime

bp = Blueprint("library", __name__, url_prefix="/api/library")


class SearchQuery(Query):
    q: str = Field(min_length=1, max_length=200, description="words of the title, artist or album")
    limit: int = Field(default=20, ge=1, le=100)


class LibraryTrackOut(BaseModel):
    track_key: str
    ratingKey: str
    title: str
    artist: str
    album: str
    duration_ms: int | None


class SearchResponse(BaseModel):
    tracks: list[LibraryTrackOut]
    count: int
    index_status: str = Field(description="the index's status; 'empty' means it was never built")


@bp.get("/search")
@endpoint("Search the library index by title, artist or album", tag="library", query=SearchQuery,
          response=SearchResponse, errors=(503,))
def search(query: SearchQuery):
    """Tracks holding every word of `q`, from the default server's index (no Plex call)."""
    rt = runtime()
    server = rt.servers.pick()  # 503 explaining how to configure Plex when there is none
    tracks = rt.library.search(server.id, query.q, query.limit)
    return jsonify({"tracks": tracks, "count": len(tracks), "index_status": rt.library.state(server.id)["status"]})
