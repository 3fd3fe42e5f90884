"""/api/smart-playlists (being built: see the issue)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("smart_playlists", __name__, url_prefix="/api/smart-playlists")
