"""Plex playlists: /api/playlists (this build: import of M3U/M3U8/CSV files)."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from pydantic import BaseModel, Field

from ..errors import BadRequest
from ..runtime import runtime
from ..services.path_match import PathRule
from ..services.playlist_import import import_playlist, read_path, read_upload
from .schema import Body, endpoint, validate

bp = Blueprint("playlists", __name__, url_prefix="/api/playlists")


class PathMapRule(BaseModel):
    from_: str = Field(alias="from", min_length=1, max_length=1000)
    to: str = Field(min_length=1, max_length=1000)


class ImportBody(Body):
    path: str | None = Field(default=None, min_length=1, max_length=4000,
                             description="absolute path of an .m3u/.m3u8/.csv file on this computer")
    title: str | None = Field(default=None, min_length=1, max_length=300)
    path_map: list[PathMapRule] = Field(default_factory=list, max_length=50)


class ImportedPlaylist(BaseModel):
    key: str
    ratingKey: str
    title: str
    type: str
    itemCount: int


class ImportLine(BaseModel):
    line: int
    title: str
    file_path: str | None
    track_key: str | None
    score: float
    reasons: list[str]


class ImportResponse(BaseModel):
    success: bool
    playlist: ImportedPlaylist
    total: int
    matched: int
    unmatched: int
    matches: list[ImportLine]
    unmatched_items: list[dict]


@bp.post("/import")
@endpoint("Create a Plex playlist from an M3U/M3U8/CSV file (upload or path); matched by path, then metadata",
          tag="playlists", body=ImportBody, response=ImportResponse, status=201, upload=True,
          errors=(409, 503))
def import_file(body: ImportBody | None):
    """Upload as multipart field `file` (with header X-PlexM8-Upload: 1), or send {"path"}."""
    if body is None:  # multipart upload
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise BadRequest("Send the playlist file in the multipart field 'file'.")
        fields = {k: v for k, v in request.form.items() if k == "title"}
        body = validate(ImportBody, fields)
        playlist = read_upload(upload.filename, upload.read())
    elif body.path:
        playlist = read_path(body.path)
    else:
        raise BadRequest("Send {\"path\": \"/absolute/path/to/list.m3u8\"} or upload the file.")
    rules = [PathRule(rule.from_, rule.to) for rule in body.path_map]
    rt = runtime()
    return jsonify(import_playlist(rt.servers, rt.library, playlist, body.title, rules)), 201
