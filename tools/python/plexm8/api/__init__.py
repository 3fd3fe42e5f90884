"""The HTTP API: one blueprint per area."""
from __future__ import annotations

from flask import Flask

FEATURES_KEY = "PLEXM8_FEATURES"


def register_api(app: Flask) -> None:
    """Register every blueprint and record the features they provide (a module's FEATURES tuple)."""
    from plexm8.api import (
        auth,
        download,
        events,
        health,
        library,
        logs,
        openapi,
        playlists,
        ratings,
        recommendations,
        settings,
        smart_playlists,
        sync,
        web,
    )

    app.config[FEATURES_KEY] = []
    for module in (health, settings, auth, playlists, ratings, recommendations, smart_playlists, sync, library, logs,
                   download, events, openapi, web):
        app.register_blueprint(module.bp)
        app.config[FEATURES_KEY].extend(getattr(module, "FEATURES", ()))
