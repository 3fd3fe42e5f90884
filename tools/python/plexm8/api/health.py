"""GET /api/health: how the hosted app detects the backend; never waits on Plex."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, jsonify
from pydantic import BaseModel, Field

from plexm8 import __version__
from plexm8.api import FEATURES_KEY
from plexm8.api.schema import endpoint
from plexm8.runtime import runtime
from plexm8.services.plex_service import plex_api_version

bp = Blueprint("health", __name__)


class PlexHealth(BaseModel):
    configured: bool
    reachable: bool
    server_name: str | None
    server_version: str | None
    checked_at: str | None
    latency_ms: float | None = Field(default=None, description="of the last successful check")
    error: str | None = Field(default=None, description="why Plex is unreachable, when it is")


class SchedulerHealth(BaseModel):
    running: bool
    jobs: int


class HealthResponse(BaseModel):
    status: str
    app: str
    version: str
    timestamp: str
    backend: str
    plex_api_version: str
    features: list[str]
    plex: PlexHealth
    scheduler: SchedulerHealth
    api_token_required: bool = Field(description="true when PLEXM8_API_TOKEN is set: send it as X-PlexM8-Token")


@bp.get("/api/health")
@endpoint("Backend status, features and the last known Plex status", tag="health", response=HealthResponse)
def health():
    """Answer from memory only: the Plex part comes from the background check."""
    rt = runtime()
    scheduler = getattr(rt, "scheduler", None)
    return jsonify(
        {
            "status": "ok",
            "app": "plexm8",
            "version": __version__,
            "timestamp": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "backend": "python-plexapi",
            "plex_api_version": plex_api_version(),
            "features": list(current_app.config[FEATURES_KEY]) + (["download"] if rt.downloads.available() else []),
            "plex": rt.plex_status.status.to_dict(),
            "scheduler": scheduler.health() if scheduler is not None else {"running": False, "jobs": 0},
            "api_token_required": bool(rt.settings.api_token),
        }
    )
