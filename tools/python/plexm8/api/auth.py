"""Plex sign-in by PIN, proxied to plex.tv: /api/auth/createPin, checkPin, resources."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from pydantic import BaseModel, Field

from plexm8.api.schema import Body, Query, endpoint
from plexm8.runtime import runtime
from plexm8.services.servers.plex_auth import PlexTvClient

bp = Blueprint("auth", __name__, url_prefix="/api/auth")
CLIENT_ID = Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:-]+$", description="X-Plex-Client-Identifier")


class CreatePinQuery(Query):
    clientId: str = CLIENT_ID


class CheckPinQuery(Query):
    clientId: str = CLIENT_ID
    pinId: int = Field(ge=1, le=2**53)


class ResourcesBody(Body):
    token: str = Field(min_length=1, max_length=500, pattern=r"^[\x21-\x7e]+$", description="plex.tv account token")
    clientId: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:-]+$")


class Connection(BaseModel):
    uri: str | None
    protocol: str | None
    address: str | None
    port: int | None
    local: bool | None
    relay: bool | None
    IPv6: bool | None


class ServerResource(BaseModel):
    name: str | None
    clientIdentifier: str | None
    product: str | None
    productVersion: str | None
    platform: str | None
    owned: bool
    presence: bool
    accessToken: str | None
    connections: list[Connection]


class ResourcesResponse(BaseModel):
    servers: list[ServerResource]
    count: int


def _client() -> PlexTvClient:
    return PlexTvClient(runtime().settings.plex_tv_url)


@bp.post("/createPin")
@endpoint("Create a plex.tv sign-in PIN", tag="auth", query=CreatePinQuery, errors=(502, 504))
def create_pin(query: CreatePinQuery):
    """Proxy POST plex.tv/api/v2/pins."""
    return jsonify(_client().create_pin(query.clientId))


@bp.get("/checkPin")
@endpoint("Check a plex.tv PIN; authToken is set once approved", tag="auth", query=CheckPinQuery,
          errors=(404, 502, 504))
def check_pin(query: CheckPinQuery):
    """Proxy GET plex.tv/api/v2/pins/<id>."""
    return jsonify(_client().check_pin(query.clientId, query.pinId))


@bp.post("/resources")
@endpoint("The Plex servers a plex.tv token can reach, with connections", tag="auth", body=ResourcesBody,
          response=ResourcesResponse, errors=(502, 504))
def resources(body: ResourcesBody):
    """Proxy GET plex.tv/api/v2/resources, servers only."""
    client_id = body.clientId or request.headers.get("X-Plex-Client-Identifier") or "plexm8-companion"
    servers = _client().servers(body.token, client_id)
    return jsonify({"servers": servers, "count": len(servers)})
