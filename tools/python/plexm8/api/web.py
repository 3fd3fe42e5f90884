"""The web UI's built files, served at `/`."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, send_from_directory

from plexm8.api.schema import endpoint
from plexm8.config import REPO_ROOT
from plexm8.errors import NotFound

bp = Blueprint("web", __name__)
SERVED_SUFFIXES = {".html", ".js", ".mjs", ".css", ".svg", ".png", ".ico", ".webp", ".woff2", ".txt"}


def web_root() -> Path:
    """The folder of the UI: web/dist when it was built, else web/."""
    built = REPO_ROOT / "web" / "dist"
    return built if (built / "index.html").is_file() else REPO_ROOT / "web"


@bp.get("/")
@endpoint("The web UI", tag="web", content_type="text/html")
def index():
    """The UI's start page."""
    return send_from_directory(web_root(), "index.html", max_age=0)


@bp.get("/<path:filename>")
@endpoint("A file of the web UI", tag="web", errors=(404,), content_type="application/octet-stream")
def asset(filename: str):
    """A static file of the UI (never anything outside web/, never under /api)."""
    if filename.startswith("api/") or Path(filename).suffix.lower() not in SERVED_SUFFIXES:
        raise NotFound(f"There is no file /{filename}.")
    return send_from_directory(web_root(), filename, max_age=0)
