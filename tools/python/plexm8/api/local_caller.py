"""Who may name files on this computer: the backend's own UI (same origin) and clients without an Origin."""
from __future__ import annotations

from flask import current_app, request

from plexm8.api.security import LOCAL_HOSTS


def local_files_allowed() -> bool:
    """True for non-browser callers (no Origin) and the backend's own pages (Origin = this server)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    if origin == f"{request.scheme}://{request.host}":
        return True  # the UI served by this very server (Host was checked against the allowlist already)
    port = current_app.extensions["plexm8"].settings.port
    return origin in {f"http://{host}:{port}" for host in LOCAL_HOSTS if host != "::1"}
