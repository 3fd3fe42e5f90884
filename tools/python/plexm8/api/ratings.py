"""Track ratings: /api/ratings (rate or clear, top-rated, import from iTunes/MusicBee/foobar2000/file tags)."""
from __future__ import annotations

import json
from typing import Any, Literal

from flask import Blueprint, jsonify, request
from pydantic import BaseModel, Field, field_validator

from plexm8.api.local_caller import local_files_allowed
from plexm8.api.models import PathMapRule
from plexm8.api.schema import Body, Query, endpoint, validate
from plexm8.errors import BadRequest, Unprocessable
from plexm8.runtime import runtime
from plexm8.services.library.path_match import PathRule
from plexm8.services.ratings.importer import journal as imports_journal
from plexm8.services.ratings.importer.engine import import_ratings, resume_import
from plexm8.services.ratings.importer.sources import read_path, read_upload
from plexm8.services.ratings.service import rate_track, top_rated
from plexm8.services.tracks import parse_track_key

bp = Blueprint("ratings", __name__, url_prefix="/api/ratings")
FEATURES = ("ratings", "ratings-sync")


class RateBody(Body):
    track_key: str | int = Field(description="/library/metadata/<ratingKey> or a ratingKey")
    rating: float | None = Field(
        ge=-1, le=10, description="0–10 in steps of 0.5 (stars × 2); null or -1 clears the rating"
    )

    @field_validator("rating", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ValueError("must be a number from 0 to 10, or null / -1 to clear")
        return value

    @field_validator("rating")
    @classmethod
    def _halves(cls, value: float | None) -> float | None:
        if value is not None and value != -1 and not float(value * 2).is_integer():
            raise ValueError("must be 0–10 in steps of 0.5 (stars × 2), or null / -1 to clear")
        return value


class RateResponse(BaseModel):
    success: bool
    message: str
    track_key: str
    rating: float | None


class TopRatedQuery(Query):
    min_rating: float = Field(default=7, ge=0, le=10, description="lowest userRating included (0–10)")
    limit: int = Field(default=50, ge=1, le=1000)


class RatedTrackOut(BaseModel):
    key: str
    ratingKey: str
    title: str
    artist: str
    album: str
    userRating: float | None
    thumb: str | None


class TopRatedResponse(BaseModel):
    tracks: list[RatedTrackOut]
    count: int
    min_rating: float


class RatingsSyncBody(Body):
    source: Literal["itunes", "musicbee", "foobar2000", "tags"]
    path: str | None = Field(default=None, min_length=1, max_length=4000,
                             description="export file (tags: a music folder or one audio file) on this computer")
    dry_run: bool = Field(default=True, description="report what would change without writing to Plex")
    policy: Literal["overwrite", "only-unrated", "keep-higher"] = "only-unrated"
    path_map: list[PathMapRule] = Field(default_factory=list, max_length=50,
                                         description="prefix rules applied to the source's paths first")


class ChangeOut(BaseModel):
    track_key: str
    title: str
    artist: str
    old_rating: float | None
    new_rating: float
    matched_by: Literal["path", "metadata"]


class ConflictOut(BaseModel):
    track_key: str
    title: str
    artist: str
    kind: Literal["policy", "duplicate"]
    plex_rating: float | None
    source_ratings: list[float]
    reason: str


class FailedOut(ChangeOut):
    reason: str


class CandidateOut(BaseModel):
    track_key: str
    title: str
    artist: str
    score: float


class UnmatchedOut(BaseModel):
    title: str
    artist: str
    album: str
    path: str | None
    rating: float
    reason: str
    best_candidate: CandidateOut | None


class RatingsSyncResponse(BaseModel):
    source: str
    dry_run: bool
    synced: int
    unchanged: int
    conflicts: int
    failed: int
    unmatched: int
    message: str
    entries: int
    skipped: int
    changes: list[ChangeOut]
    conflict_items: list[ConflictOut]
    failed_items: list[FailedOut]
    unmatched_items: list[UnmatchedOut]
    warnings: list[str]
    import_id: int | None = Field(description="the record of this import's writes (GET /api/ratings/imports); "
                                              "null for a dry run")


class ImportOut(BaseModel):
    id: int
    source: str
    policy: str
    status: Literal["running", "finished", "interrupted", "failed"] = Field(
        description="interrupted: the backend stopped during it; failed: Plex became unreachable. Both resume")
    planned: int
    written: int
    failed: int
    remaining: int
    error: str | None
    created_at: str
    finished_at: str | None
    resumed_at: str | None


class ImportList(BaseModel):
    imports: list[ImportOut]


class ImportsQuery(Query):
    limit: int = Field(default=50, ge=1, le=500)


class ResumeResponse(BaseModel):
    import_: ImportOut = Field(alias="import")
    written_now: int
    failed_now: int


@bp.post("/rate")
@endpoint("Rate a track 0–10 (halves allowed) or clear its rating", tag="ratings", body=RateBody,
          response=RateResponse, errors=(404, 502, 503, 504))
def rate(body: RateBody):
    """Invalid keys or ratings are 422 and nothing reaches Plex."""
    rating_key = parse_track_key(body.track_key)
    return jsonify(rate_track(runtime().servers, rating_key, body.rating))


@bp.get("/top-rated")
@endpoint("The highest-rated tracks, highest first", tag="ratings", query=TopRatedQuery,
          response=TopRatedResponse, errors=(502, 503, 504))
def top(query: TopRatedQuery):
    """One filtered, sorted Plex listing."""
    return jsonify(top_rated(runtime().servers, query.min_rating, query.limit))


def _form_body() -> RatingsSyncBody:
    fields: dict[str, Any] = dict(request.form.items())
    if "path_map" in fields:
        try:
            fields["path_map"] = json.loads(fields["path_map"])
        except (ValueError, RecursionError):
            raise Unprocessable('path_map must be JSON: [{"from": "…", "to": "…"}]', field="path_map") from None
    return validate(RatingsSyncBody, fields)  # type: ignore[return-value]


@bp.post("/sync")
@endpoint("Import ratings from iTunes/Apple Music or MusicBee XML, a foobar2000 export or file tags "
          "(dry run by default)", tag="ratings", body=RatingsSyncBody, response=RatingsSyncResponse, upload=True,
          errors=(403, 404, 413, 502, 503, 504))
def sync(body: RatingsSyncBody | None):
    """Send {"source", "path", …} as JSON, or upload the export as multipart field `file` with the same fields."""
    if body is None:  # multipart upload (X-PlexM8-Upload: 1)
        body = _form_body()
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise BadRequest("Send the export file in the multipart field 'file'.")
        source = read_upload(body.source, upload.filename, upload.read())
    elif body.path:
        source = read_path(body.source, body.path, local_files_allowed())
    else:
        raise BadRequest('Send {"source": …, "path": "/absolute/path/to/the/export"} or upload the file.')
    rules = [PathRule(rule.from_, rule.to) for rule in body.path_map]
    rt = runtime()
    report = import_ratings(rt.servers, rt.library, source, policy=body.policy, dry_run=body.dry_run,
                            path_rules=rules)
    return jsonify(report)


@bp.get("/imports")
@endpoint("Ratings imports that wrote to Plex, newest first (an interrupted one can be resumed)",
          tag="ratings", query=ImportsQuery, response=ImportList)
def imports(query: ImportsQuery):
    """Each import's plan size and how many ratings it wrote."""
    return jsonify({"imports": [imports_journal.to_dict(r) for r in imports_journal.recent(query.limit)]})


@bp.post("/imports/<int:import_id>/resume")
@endpoint("Resume an interrupted ratings import: write what it had not written yet, each rating once",
          tag="ratings", response=ResumeResponse, errors=(404, 409, 502, 503, 504))
def resume(import_id: int):
    """Plex's current ratings are read first; ratings already written are not sent again."""
    return jsonify(resume_import(runtime().servers, import_id))
