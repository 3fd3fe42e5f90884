"""Plex servers: /api/settings/servers (tokens are write-only)."""
from __future__ import annotations

from flask import Blueprint, jsonify
from pydantic import AnyHttpUrl, BaseModel, Field, field_validator

from plexm8.api.models import DeletedById
from plexm8.api.schema import Body, endpoint
from plexm8.errors import APIError
from plexm8.runtime import runtime
from plexm8.services.servers.registry import ServerInput, server_to_dict
from plexm8.services.servers.urls import url_credentials_problem

bp = Blueprint("settings", __name__, url_prefix="/api/settings")


class _ServerFields(Body):
    @field_validator("url", check_fields=False)
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        AnyHttpUrl(value)  # raises a validation error for anything but an http(s) URL
        problem = url_credentials_problem(value)
        if problem:
            raise ValueError(f"the server URL {problem}")
        return value.strip().rstrip("/")


class ServerCreate(_ServerFields):
    name: str = Field(min_length=1, max_length=200)
    url: str = Field(min_length=1, max_length=2000, description="http(s) URL of the Plex server")
    token: str | None = Field(default=None, max_length=500, pattern=r"^[\x21-\x7e]*$", description="X-Plex-Token; stored encrypted")
    verify_ssl: bool = True
    is_default: bool = False


class ServerUpdate(_ServerFields):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    url: str | None = Field(default=None, min_length=1, max_length=2000)
    token: str | None = Field(default=None, max_length=500, pattern=r"^[\x21-\x7e]*$", description="empty string clears the token")
    verify_ssl: bool | None = None
    is_default: bool | None = None


class ServerOut(BaseModel):
    id: int
    name: str
    url: str
    is_default: bool
    verify_ssl: bool
    token_set: bool
    from_env: bool
    created_at: str
    updated_at: str


class ServerList(BaseModel):
    servers: list[ServerOut]


class ServerEnvelope(BaseModel):
    server: ServerOut


class ServerTestResult(BaseModel):
    ok: bool
    server_name: str | None
    version: str | None
    latency_ms: float | None
    error: str | None = None


@bp.get("/servers")
@endpoint("List the configured Plex servers (tokens are never returned)", tag="settings", response=ServerList)
def list_servers():
    """All servers, the default first."""
    return jsonify({"servers": [server_to_dict(s) for s in runtime().servers.list()]})


@bp.post("/servers")
@endpoint("Add a Plex server", tag="settings", body=ServerCreate, response=ServerEnvelope, status=201, errors=(422,))
def create_server(body: ServerCreate):
    """Store a server with its token encrypted."""
    server = runtime().servers.create(ServerInput(**body.model_dump()))
    return jsonify({"server": server_to_dict(server)}), 201


@bp.get("/servers/<int:server_id>")
@endpoint("One Plex server", tag="settings", response=ServerEnvelope, errors=(404,))
def get_server(server_id: int):
    """A server by id."""
    return jsonify({"server": server_to_dict(runtime().servers.get(server_id))})


@bp.put("/servers/<int:server_id>")
@endpoint("Change a Plex server", tag="settings", body=ServerUpdate, response=ServerEnvelope, errors=(404, 422))
def update_server(server_id: int, body: ServerUpdate):
    """Update the given fields."""
    server = runtime().servers.update(server_id, ServerInput(**body.model_dump()))
    return jsonify({"server": server_to_dict(server)})


@bp.delete("/servers/<int:server_id>")
@endpoint("Remove a Plex server", tag="settings", response=DeletedById, errors=(404,))
def delete_server(server_id: int):
    """Delete a server (the next oldest becomes the default)."""
    runtime().servers.delete(server_id)
    return jsonify({"success": True, "deleted": server_id})


@bp.post("/servers/<int:server_id>/test")
@endpoint("Connect to a Plex server and report latency or the reason it failed", tag="settings",
          response=ServerTestResult, errors=(404,))
def test_server(server_id: int):
    """Try the connection now; a failure is reported in the body, not as an error status."""
    registry = runtime().servers
    try:
        identity = registry.resolve(server_id, fail_fast=False).service.check()
    except APIError as exc:
        return jsonify({"ok": False, "server_name": None, "version": None, "latency_ms": None, "error": exc.message})
    return jsonify(
        {"ok": True, "server_name": identity.name, "version": identity.version,
         "latency_ms": round(identity.latency_ms, 1)}
    )
