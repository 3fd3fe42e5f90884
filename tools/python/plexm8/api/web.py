"""The web UI's built files (web/dist), served at `/`; every other non-API path is a client-side route."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_from_directory

from plexm8.api.schema import endpoint
from plexm8.config import REPO_ROOT
from plexm8.errors import NotFound

bp = Blueprint("web", __name__)
SERVED_SUFFIXES = {".html", ".js", ".mjs", ".css", ".svg", ".png", ".ico", ".webp", ".woff2", ".txt", ".json"}
ASSETS = "assets/"  # Vite's hashed files: their names change with their content
YEAR = 365 * 24 * 3600


def web_root() -> Path:
    """The folder of the built UI."""
    return REPO_ROOT / "web" / "dist"


def _index() -> Response:
    root = web_root()
    if not (root / "index.html").is_file():
        raise NotFound("The web UI is not built: run `python setup.py` (it needs Node.js 20+) or use a release.",
                       error="Web UI missing")
    response = send_from_directory(root, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/")
@endpoint("The web UI", tag="web", content_type="text/html")
def index():
    """The UI's start page."""
    return _index()


@bp.get("/<path:filename>")
@endpoint("A file of the web UI, or the UI itself for a client-side route", tag="web", errors=(404,),
          content_type="application/octet-stream")
def asset(filename: str):
    """A built file (hashed assets cached for a year); a path that names no file is a route of the UI."""
    if filename.startswith("api/") or filename == "api":
        raise NotFound(f"There is no API route /{filename}.")
    root = web_root()
    candidate = (root / filename).resolve()
    is_file = candidate.is_file() and candidate.is_relative_to(root.resolve())
    if is_file and candidate.suffix.lower() in SERVED_SUFFIXES and not candidate.name.startswith("."):
        if filename.startswith(ASSETS):
            response = send_from_directory(root, filename, max_age=YEAR)
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
            return response
        return send_from_directory(root, filename, max_age=0)
    if filename.startswith(ASSETS) or Path(filename).suffix.lower() in SERVED_SUFFIXES:
        raise NotFound(f"There is no file /{filename}.")
    return _index()
