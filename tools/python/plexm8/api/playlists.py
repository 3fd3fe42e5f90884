"""Plex audio playlists: /api/playlists (list, create, read, items, edit, delete, export, import)."""
from __future__ import annotations

import io
from typing import Literal

from flask import Blueprint, jsonify, request, send_file
from pydantic import BaseModel, Field

from plexm8.api.local_caller import local_files_allowed
from plexm8.api.models import CreatedPlaylist, PathMapRule
from plexm8.api.schema import Body, Query, endpoint, validate
from plexm8.errors import BadRequest
from plexm8.runtime import runtime
from plexm8.services.library.path_match import PathRule
from plexm8.services.playlists import service as playlists
from plexm8.services.playlists.export import playlist_metadata
from plexm8.services.playlists.importer import import_playlist, read_path, read_upload
from plexm8.services.plex_service import PlaylistInfo, PlaylistItem, PlexService
from plexm8.services.tracks import track_key

bp = Blueprint("playlists", __name__, url_prefix="/api/playlists")
FEATURES = ("playlists",)
TRACK_KEYS = Field(description="tracks as /library/metadata/<ratingKey> or bare ratingKeys, in order")
ITEM_ID = "a playlistItemID, as GET /api/playlists/<id>/items lists it"


def _plex() -> PlexService:
    return runtime().servers.resolve().service


class PlaylistMetadata(BaseModel):
    ratingKey: str
    key: str = Field(description="/playlists/<ratingKey>")
    title: str
    type: Literal["audio"]
    smart: Literal[0, 1]
    summary: str
    leafCount: int
    duration: int | None = Field(description="milliseconds")
    thumb: str | None
    addedAt: int | None = Field(description="Plex epoch seconds")
    updatedAt: int | None = Field(description="Plex epoch seconds")

    @classmethod
    def of(cls, info: PlaylistInfo) -> PlaylistMetadata:
        """The API's shape of a playlist (Plex's field names, smart as 0/1, Plex epoch seconds)."""
        return cls.model_validate(playlist_metadata(info))


class PlaylistContainer(BaseModel):
    size: int
    Metadata: list[PlaylistMetadata]


class PlaylistList(BaseModel):
    MediaContainer: PlaylistContainer


class ListQuery(Query):
    smart: bool | None = Field(default=None, description="1: only smart playlists, 0: only regular ones")


class PlaylistEnvelope(BaseModel):
    playlist: PlaylistMetadata


class CreateBody(Body):
    title: str = Field(min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=5000, description="stored as the Plex summary")
    track_keys: list[str | int] = Field(default_factory=list, max_length=20_000,
                                        description="tracks in order; empty or absent: an empty playlist")


class EditBody(Body):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=5000, description="the Plex summary; \"\" clears it")


class AddBody(Body):
    track_keys: list[str | int] = Field(min_length=1, max_length=20_000,
                                        description="tracks to append, in order")


class MoveBody(Body):
    after: int | None = Field(ge=1, le=2**62, description=f"{ITEM_ID} to move after; null moves to the top")


class ItemsQuery(Query):
    limit: int = Field(default=50, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=10**9)


class ExportQuery(Query):
    format: Literal["m3u8", "csv", "json"] = "m3u8"


class PlaylistItemOut(BaseModel):
    key: str
    ratingKey: str
    playlistItemID: int | None = Field(description="null for smart playlists")
    title: str
    artist: str
    album: str
    duration: int | None = Field(description="milliseconds")
    userRating: float | None = Field(description="0-10")
    thumb: str | None
    index: int = Field(description="0-based position in the playlist (the same counting as offset)")

    @classmethod
    def of(cls, item: PlaylistItem, index: int) -> PlaylistItemOut:
        """One playlist entry; `index` is its 0-based position in the playlist."""
        return cls(key=track_key(item.rating_key) or "", ratingKey=str(item.rating_key),
                   playlistItemID=item.playlist_item_id, title=item.title, artist=item.artist, album=item.album,
                   duration=item.duration_ms, userRating=item.user_rating, thumb=item.thumb, index=index)


class ItemsContainer(BaseModel):
    size: int
    totalSize: int
    offset: int
    Metadata: list[PlaylistItemOut]


class ItemsResponse(BaseModel):
    MediaContainer: ItemsContainer


class AddResponse(BaseModel):
    success: bool
    added: int
    playlist: PlaylistMetadata


class RemoveResponse(BaseModel):
    success: bool
    removed: int
    playlist: PlaylistMetadata


class MoveResponse(BaseModel):
    success: bool
    moved: int
    after: int | None
    playlist: PlaylistMetadata


class EditResponse(BaseModel):
    success: bool
    playlist: PlaylistMetadata


class DeletedPlaylist(BaseModel):
    key: str
    ratingKey: str
    title: str


class DeleteResponse(BaseModel):
    success: bool
    deleted: DeletedPlaylist


class ImportBody(Body):
    path: str | None = Field(default=None, min_length=1, max_length=4000,
                             description="absolute path of an .m3u/.m3u8/.csv file on this computer")
    title: str | None = Field(default=None, min_length=1, max_length=300)
    path_map: list[PathMapRule] = Field(default_factory=list, max_length=50)


class ImportLine(BaseModel):
    line: int
    title: str
    file_path: str | None
    track_key: str | None
    score: float
    reasons: list[str]


class CreateResponse(BaseModel):
    success: bool
    playlist: CreatedPlaylist


class ImportResponse(BaseModel):
    success: bool
    playlist: CreatedPlaylist
    total: int
    matched: int
    unmatched: int
    matches: list[ImportLine]
    unmatched_items: list[dict]


@bp.post("/import")
@endpoint("Create a Plex playlist from an M3U/M3U8/CSV file (upload or path); matched by path, then metadata",
          tag="playlists", body=ImportBody, response=ImportResponse, status=201, upload=True,
          errors=(403, 409, 413, 502, 503, 504))
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
        playlist = read_path(body.path, local_files_allowed())
    else:
        raise BadRequest("Send {\"path\": \"/absolute/path/to/list.m3u8\"} or upload the file.")
    rules = [PathRule(rule.from_, rule.to) for rule in body.path_map]
    rt = runtime()
    return jsonify(import_playlist(rt.servers, rt.library, playlist, body.title, rules)), 201


@bp.get("")
@endpoint("List audio playlists (the MediaContainer shape of Plex's JSON)", tag="playlists", query=ListQuery,
          response=PlaylistList, errors=(502, 503, 504))
def list_playlists(query: ListQuery):
    """Audio playlists only; ?smart=1 or 0 narrows to smart or regular ones."""
    metadata = [PlaylistMetadata.of(p) for p in playlists.list_playlists(_plex(), query.smart)]
    return PlaylistList(MediaContainer=PlaylistContainer(size=len(metadata), Metadata=metadata))


@bp.post("")
@endpoint("Create an audio playlist, empty or of the given tracks", tag="playlists", body=CreateBody,
          response=CreateResponse, status=201, errors=(502, 503, 504))
def create_playlist(body: CreateBody):
    """Unknown track keys are a 422 naming track_keys, and nothing is created."""
    created = playlists.create_playlist(_plex(), body.title, body.description, body.track_keys)
    return CreateResponse(success=True, playlist=CreatedPlaylist(
        key=f"/playlists/{created.rating_key}", ratingKey=str(created.rating_key), title=created.title,
        type="audio", itemCount=created.item_count)), 201


@bp.get("/<int:playlist_id>")
@endpoint("One audio playlist", tag="playlists", response=PlaylistEnvelope, errors=(404, 502, 503, 504))
def get_playlist(playlist_id: int):
    """404 for an unknown id or anything that is not an audio playlist."""
    return PlaylistEnvelope(playlist=PlaylistMetadata.of(playlists.get_playlist(_plex(), playlist_id)))


@bp.put("/<int:playlist_id>")
@endpoint("Rename a playlist and/or change its description", tag="playlists", body=EditBody,
          response=EditResponse, errors=(404, 502, 503, 504))
def edit_playlist(playlist_id: int, body: EditBody):
    """Send title and/or description; description "" clears it."""
    info = playlists.edit_playlist(_plex(), playlist_id, body.title, body.description)
    return EditResponse(success=True, playlist=PlaylistMetadata.of(info))


@bp.delete("/<int:playlist_id>")
@endpoint("Delete a playlist (its tracks stay in the library)", tag="playlists", response=DeleteResponse,
          errors=(404, 502, 503, 504))
def delete_playlist(playlist_id: int):
    """Delete it from Plex."""
    info = playlists.delete_playlist(_plex(), playlist_id)
    return DeleteResponse(success=True, deleted=DeletedPlaylist(
        key=f"/playlists/{info.rating_key}", ratingKey=str(info.rating_key), title=info.title))


@bp.get("/<int:playlist_id>/items")
@endpoint("A page of a playlist's items, in playlist order", tag="playlists", query=ItemsQuery,
          response=ItemsResponse, errors=(404, 502, 503, 504))
def list_items(playlist_id: int, query: ItemsQuery):
    """One Plex request per page; smart playlists' items have playlistItemID null."""
    page = playlists.list_items(_plex(), playlist_id, query.offset, query.limit)
    metadata = [PlaylistItemOut.of(item, query.offset + i) for i, item in enumerate(page.items)]
    return ItemsResponse(MediaContainer=ItemsContainer(size=len(metadata), totalSize=page.total,
                                                       offset=query.offset, Metadata=metadata))


@bp.post("/<int:playlist_id>/items")
@endpoint("Append tracks to a playlist, in order", tag="playlists", body=AddBody, response=AddResponse,
          errors=(404, 409, 502, 503, 504))
def add_items(playlist_id: int, body: AddBody):
    """Unknown track keys are a 422 and nothing is added; a smart playlist is a 409."""
    changed = playlists.add_items(_plex(), playlist_id, body.track_keys)
    return AddResponse(success=True, added=changed.count, playlist=PlaylistMetadata.of(changed.playlist))


@bp.delete("/<int:playlist_id>/items/<int:item_id>")
@endpoint("Remove one entry (by playlistItemID)", tag="playlists", response=RemoveResponse,
          errors=(404, 409, 502, 503, 504))
def remove_item(playlist_id: int, item_id: int):
    """404 when the playlist has no such entry; a smart playlist is a 409."""
    info = playlists.remove_item(_plex(), playlist_id, item_id)
    return RemoveResponse(success=True, removed=item_id, playlist=PlaylistMetadata.of(info))


@bp.put("/<int:playlist_id>/items/<int:item_id>/move")
@endpoint("Move an entry after another one (after: null moves it to the top)", tag="playlists", body=MoveBody,
          response=MoveResponse, errors=(404, 409, 502, 503, 504))
def move_item(playlist_id: int, item_id: int, body: MoveBody):
    """Both ids are playlistItemIDs."""
    info = playlists.move_item(_plex(), playlist_id, item_id, body.after)
    return MoveResponse(success=True, moved=item_id, after=body.after, playlist=PlaylistMetadata.of(info))


@bp.get("/<int:playlist_id>/export")
@endpoint("Download a playlist as M3U8 (with file paths), CSV or JSON", tag="playlists", query=ExportQuery,
          errors=(404, 502, 503, 504),
          content_type=("audio/x-mpegurl", "text/csv", "application/json"))
def export_playlist(playlist_id: int, query: ExportQuery):
    """An attachment: audio/x-mpegurl (m3u8), text/csv (csv) or application/json (json)."""
    exported = playlists.export_playlist(_plex(), playlist_id, query.format)
    return send_file(io.BytesIO(exported.data), mimetype=exported.content_type, as_attachment=True,
                     download_name=exported.filename, etag=False, max_age=0)
