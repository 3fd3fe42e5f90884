"""/api/recommendations (being built: see the issue)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("recommendations", __name__, url_prefix="/api/recommendations")
