"""/api/download: settings, sessions of missing songs, items, and the loop's status."""
from __future__ import annotations

from typing import Literal

from flask import Blueprint, jsonify
from pydantic import BaseModel, Field

from plexm8.api.local_caller import local_files_allowed
from plexm8.api.schema import Body, endpoint
from plexm8.runtime import runtime
from plexm8.services.downloads.shapes import summary

bp = Blueprint("download", __name__, url_prefix="/api/download")
ERRORS = (404, 409, 422)


class SettingsOut(BaseModel):
    backend: str
    base_url: str | None
    api_key_set: bool
    download_dir: str | None
    library_dir: str | None
    plex_library_path: str | None
    filename_template: str
    quality: str
    max_concurrent: int
    duration_tolerance_s: float
    auto_download: bool
    searches_per_minute: int


class SettingsEnvelope(BaseModel):
    settings: SettingsOut


class SettingsBody(Body):
    backend: Literal["none", "slskd", "songapi"] | None = None
    base_url: str | None = Field(default=None, max_length=500)
    api_key: str | None = Field(default=None, max_length=500, description="write-only; empty string clears it")
    download_dir: str | None = Field(default=None, max_length=1000)
    library_dir: str | None = Field(default=None, max_length=1000)
    plex_library_path: str | None = Field(default=None, max_length=1000)
    filename_template: str | None = Field(default=None, min_length=1, max_length=300)
    quality: Literal["lossless", "high", "standard"] | None = None
    max_concurrent: int | None = Field(default=None, ge=1, le=8)
    duration_tolerance_s: float | None = Field(default=None, ge=0, le=120)
    auto_download: bool | None = None
    searches_per_minute: int | None = Field(default=None, ge=1, le=60)


class TestOut(BaseModel):
    ok: bool
    backend: str
    version: str | None = None
    latency_ms: float
    error: str | None = None


class MissingBody(Body):
    task_id: int = Field(ge=1, le=2**62)


class SingleBody(Body):
    task_id: int | None = Field(default=None, ge=1, le=2**62)
    external_id: str | None = Field(default=None, max_length=200)
    title: str = Field(min_length=1, max_length=500)
    artists: list[str] = Field(min_length=1, max_length=20)
    album: str | None = Field(default=None, max_length=500)
    duration_ms: int | None = Field(default=None, ge=1, le=24 * 3600 * 1000)


class CandidateOut(BaseModel):
    source: str
    name: str
    size: int | None
    bitrate: int | None
    duration_ms: int | None


class ItemOut(BaseModel):
    id: int
    session_id: int
    position: int
    external_id: str
    title: str
    artists: list[str]
    album: str
    duration_ms: int | None
    state: str
    progress: float
    attempts: int
    file: str | None
    track_key: str | None
    error: str | None
    candidate: CandidateOut | None


class SessionOut(BaseModel):
    id: int
    task_id: int | None
    status: str
    created_at: str | None
    finished_at: str | None
    total: int
    done: int
    failed: int
    in_plex: int


class SessionWithItems(SessionOut):
    items: list[ItemOut]


class SessionEnvelope(BaseModel):
    session: SessionOut


class SessionDetail(BaseModel):
    session: SessionWithItems


class SessionList(BaseModel):
    sessions: list[SessionOut]


class ItemEnvelope(BaseModel):
    item: ItemOut


class BackendOut(BaseModel):
    kind: str
    configured: bool
    reachable: bool


class StatusOut(BaseModel):
    backend: BackendOut
    active_sessions: int
    queued: int
    downloading: int
    failed: int
    completed_today: int


@bp.get("/settings")
@endpoint("The download settings (the key only as api_key_set)", tag="download", response=SettingsEnvelope)
def get_settings():
    """Current settings."""
    return jsonify({"settings": runtime().downloads.current_settings().public()})


@bp.route("/settings", methods=["PUT", "POST"])
@endpoint("Change some download settings; folders must exist and be writable", tag="download", body=SettingsBody,
          response=SettingsEnvelope, errors=(422,))
def put_settings(body: SettingsBody):
    """Partial update; api_key is write-only and stored encrypted."""
    changes = body.model_dump(exclude_unset=True)
    for name in ("backend", "filename_template", "quality", "max_concurrent", "duration_tolerance_s",
                 "auto_download", "searches_per_minute"):
        if name in changes and changes[name] is None:
            del changes[name]
    return jsonify({"settings": runtime().downloads.update_settings(changes, local_files_allowed()).public()})


@bp.post("/settings/test")
@endpoint("Check that the download backend answers", tag="download", response=TestOut)
def test_settings():
    """Reachable, key accepted, version and latency."""
    status = runtime().downloads.test_backend()
    out = {"ok": status.ok, "backend": status.backend, "latency_ms": round(status.latency_ms, 1)}
    if status.version:
        out["version"] = status.version
    if status.error:
        out["error"] = status.error
    return jsonify(out)


@bp.post("/missing")
@endpoint("Download every unmatched song of a task's last run", tag="download", body=MissingBody,
          response=SessionEnvelope, status=202, errors=ERRORS)
def missing(body: MissingBody):
    """A session for the task's missing songs (409 if one is already active)."""
    session = runtime().downloads.start_missing(body.task_id)
    return jsonify({"session": summary(session, list(session.items))}), 202


@bp.post("/single")
@endpoint("Download one song", tag="download", body=SingleBody, response=SessionEnvelope, status=202,
          errors=ERRORS)
def single(body: SingleBody):
    """A session for one song."""
    session = runtime().downloads.start_single(body.model_dump())
    return jsonify({"session": summary(session, list(session.items))}), 202


@bp.get("/sessions")
@endpoint("Download sessions, newest first", tag="download", response=SessionList)
def sessions():
    """Every session with its counts."""
    return jsonify({"sessions": runtime().downloads.sessions()})


@bp.get("/sessions/<int:session_id>")
@endpoint("One session with its items in source order", tag="download", response=SessionDetail, errors=(404,))
def session_detail(session_id: int):
    """A session and its items."""
    return jsonify({"session": runtime().downloads.get_session(session_id)})


@bp.post("/sessions/<int:session_id>/cancel")
@endpoint("Cancel a session; finished files stay", tag="download", response=SessionDetail, errors=(404,))
def cancel(session_id: int):
    """Stop what has not finished."""
    return jsonify({"session": runtime().downloads.cancel_session(session_id)})


@bp.post("/items/<int:item_id>/retry")
@endpoint("Retry a failed, quarantined or cancelled item", tag="download", response=ItemEnvelope, errors=ERRORS)
def retry(item_id: int):
    """Back in the queue."""
    return jsonify({"item": runtime().downloads.retry_item(item_id)})


@bp.get("/status")
@endpoint("The download loop at a glance", tag="download", response=StatusOut)
def status():
    """Backend, active sessions and counts."""
    return jsonify(runtime().downloads.status())
