"""The HTTP API: one blueprint per area."""
from __future__ import annotations

from flask import Flask

FEATURES_KEY = "PLEXM8_FEATURES"


def register_api(app: Flask) -> None:
    """Register every blueprint and record the features they provide."""
    from . import auth, health, logs, openapi, playlists, settings, sync, web

    app.config[FEATURES_KEY] = []
    for module in (health, settings, auth, playlists, sync, logs, openapi, web):
        app.register_blueprint(module.bp)
        feature = getattr(module, "FEATURE", None)
        if feature:
            app.config[FEATURES_KEY].append(feature)
