"""/api/ratings (being built: see the issue)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("ratings", __name__, url_prefix="/api/ratings")
