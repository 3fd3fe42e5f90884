"""/api/smart-playlists: rules that become Plex's own smart playlists (list, create, get, update, delete)."""
from __future__ import annotations

from typing import Any, Literal

from flask import Blueprint, jsonify
from pydantic import BaseModel, Field, StrictInt

from plexm8.api.schema import Body, endpoint
from plexm8.runtime import runtime
from plexm8.services.playlists.smart import SmartPlaylists
from plexm8.services.playlists.smart_rules import field_catalog, sort_fields

bp = Blueprint("smart_playlists", __name__, url_prefix="/api/smart-playlists")
FEATURES = ("smart-playlists",)

SORT_HELP = ('"field" or "field:asc|desc", comma-separated for several; or {"field", "direction"}; '
             "or a list of those. null: Plex's default order.")
VALUE_HELP = ("text (or a list of texts = any of them) for string and tag fields; a number for number fields "
              "(duration in seconds, userRating 0-10); for dates 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM:SSZ' or a "
              "relative time like '30d', '2w', '6m', '1y'")


class RuleIn(Body):
    field: str = Field(max_length=100, description="see GET /api/smart-playlists/fields")
    operator: str = Field(max_length=40, description="depends on the field's type")
    value: Any = Field(description=VALUE_HELP)


class SmartCreate(Body):
    title: str = Field(min_length=1, max_length=300)
    rules: list[RuleIn] = Field(max_length=50)
    match: Literal["all", "any"] = "all"
    sort: Any = Field(default=None, description=SORT_HELP)
    limit: StrictInt | None = Field(default=None, ge=1, le=10_000)


class SmartPreview(Body):
    rules: list[RuleIn] = Field(max_length=50)
    match: Literal["all", "any"] = "all"
    sort: Any = Field(default=None, description=SORT_HELP)
    limit: StrictInt | None = Field(default=None, ge=1, le=10_000)
    title: str | None = Field(default=None, max_length=300, description="ignored: accepted so a create body can be sent")


class SmartCount(BaseModel):
    count: int = Field(description="tracks the rules select now (at most `limit`)")


class SmartUpdate(Body):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    rules: list[RuleIn] | None = Field(default=None, max_length=50)
    match: Literal["all", "any"] | None = None
    sort: Any = Field(default=None, description=SORT_HELP + " Send null to clear.")
    limit: StrictInt | None = Field(default=None, ge=1, le=10_000, description="null clears the limit")


class RuleOut(BaseModel):
    field: str
    operator: str
    value: Any


class SortOut(BaseModel):
    field: str
    direction: Literal["asc", "desc"]


class SmartPlaylistOut(BaseModel):
    id: int
    ratingKey: str
    key: str
    title: str
    summary: str
    smart: bool
    leafCount: int
    duration: int = Field(description="milliseconds")
    rules: list[RuleOut]
    match: Literal["all", "any"]
    sort: list[SortOut]
    limit: int | None
    rules_readable: bool = Field(description="false when Plex holds rules (made elsewhere) this API cannot express")
    plex_filter: str = Field(description="the filter Plex stores, for reference")
    addedAt: int | None
    updatedAt: int | None


class SmartPlaylistList(BaseModel):
    smart_playlists: list[SmartPlaylistOut]
    count: int


class SmartPlaylistEnvelope(BaseModel):
    smart_playlist: SmartPlaylistOut


class SmartPlaylistWritten(BaseModel):
    success: bool
    smart_playlist: SmartPlaylistOut


class Deleted(BaseModel):
    success: bool
    deleted: int


class FieldOut(BaseModel):
    name: str
    type: Literal["string", "number", "date", "tag"]
    description: str
    operators: list[str]
    sortable: bool
    unit: str | None


class FieldCatalog(BaseModel):
    fields: list[FieldOut]
    sort_fields: list[str]


def _service() -> SmartPlaylists:
    return SmartPlaylists(runtime().servers.resolve().service)


@bp.get("")
@endpoint("List smart playlists with their rules", tag="smart-playlists", response=SmartPlaylistList,
          errors=(502, 503, 504))
def list_smart():
    """Every smart audio playlist on the default Plex server."""
    rows = _service().list()
    return jsonify({"smart_playlists": rows, "count": len(rows)})


@bp.get("/fields")
@endpoint("The fields, operators and sort keys rules can use", tag="smart-playlists", response=FieldCatalog)
def fields():
    """The rule vocabulary (no Plex call)."""
    return jsonify({"fields": field_catalog(), "sort_fields": sort_fields()})


@bp.post("")
@endpoint("Create a Plex smart playlist from rules", tag="smart-playlists", body=SmartCreate,
          response=SmartPlaylistWritten, status=201, errors=(502, 503, 504))
def create_smart(body: SmartCreate):
    """Validate the rules (422 naming the bad one), then create the smart playlist in Plex."""
    created = _service().create(body.title, [r.model_dump() for r in body.rules], body.match, body.sort, body.limit)
    return jsonify({"success": True, "smart_playlist": created}), 201


@bp.post("/preview")
@endpoint("Count the tracks rules would select, creating nothing", tag="smart-playlists", body=SmartPreview,
          response=SmartCount, errors=(502, 503, 504))
def preview_smart(body: SmartPreview):
    """Validate the rules like create does (422 naming the bad one), then ask Plex how many tracks match."""
    count = _service().count([r.model_dump() for r in body.rules], body.match, body.sort, body.limit)
    return jsonify({"count": count})


@bp.get("/<int:playlist_id>")
@endpoint("One smart playlist, rules read back from Plex", tag="smart-playlists", response=SmartPlaylistEnvelope,
          errors=(404, 502, 503, 504))
def get_smart(playlist_id: int):
    """A smart playlist by ratingKey (404 for regular playlists)."""
    return jsonify({"smart_playlist": _service().get(playlist_id)})


@bp.put("/<int:playlist_id>")
@endpoint("Rename a smart playlist and/or change its rules, match, sort or limit", tag="smart-playlists",
          body=SmartUpdate, response=SmartPlaylistWritten, errors=(404, 409, 502, 503, 504))
def update_smart(playlist_id: int, body: SmartUpdate):
    """Fields left out keep their value; rules replace the old rules as a whole."""
    changes = body.model_dump(include=body.model_fields_set)
    updated = _service().update(playlist_id, changes)
    return jsonify({"success": True, "smart_playlist": updated})


@bp.delete("/<int:playlist_id>")
@endpoint("Delete a smart playlist", tag="smart-playlists", response=Deleted, errors=(404, 502, 503, 504))
def delete_smart(playlist_id: int):
    """Delete it from Plex."""
    _service().delete(playlist_id)
    return jsonify({"success": True, "deleted": playlist_id})
