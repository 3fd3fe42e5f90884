"""PlexM8 Companion: a local backend for Plex music libraries."""
from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, Mapping

from flask import Flask, g

if TYPE_CHECKING:
    from plexm8.config import Settings

__version__ = "1.0.0"


def _store_int_converter() -> type:
    from werkzeug.routing import IntegerConverter

    class StoreInt(IntegerConverter):
        """`<int:…>` bounded to what SQLite stores: a larger id is an unknown route (404), not an overflow."""

        def __init__(self, url_map, *args, **kwargs) -> None:  # noqa: ANN001
            kwargs.setdefault("max", 2**62)
            super().__init__(url_map, *args, **kwargs)

    return StoreInt


def create_app(config: "Settings | Mapping[str, Any] | None" = None) -> Flask:
    """Configure the Flask app for `config` (Settings, a dict of Settings fields, or None to read the environment).

    Nothing is opened or started here: the caller runs `app.extensions["plexm8"].start()` before serving.
    """
    from plexm8.api import errors as api_errors
    from plexm8.api import plex_guard, register_api, security
    from plexm8.config import Settings, load_settings
    from plexm8.errors import APIError
    from plexm8.runtime import build_runtime

    if config is None:
        settings = load_settings()
    elif isinstance(config, Settings):
        settings = config
    else:
        settings = Settings(**dict(config))
    app = Flask(__name__, static_folder=None)
    app.url_map.converters["int"] = _store_int_converter()
    app.config["JSON_SORT_KEYS"] = False
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    runtime = build_runtime(settings)
    app.extensions["plexm8"] = runtime
    app.config["PLEXM8_SETTINGS"] = settings

    api_errors.init_app(app)
    security.init_app(app, settings)
    plex_guard.init_app(app, runtime)

    @app.before_request
    def open_store() -> None:
        if not runtime.opened:
            raise APIError("PlexM8 is still starting; try again in a moment.", status=503, error="Starting")
        store = contextlib.ExitStack()
        store.enter_context(runtime.db.bound())  # this app's database, for this request only
        g.plexm8_store = store

    @app.teardown_request
    def close_store(_exc: BaseException | None) -> None:
        store = g.pop("plexm8_store", None)
        if store is not None:
            store.close()

    register_api(app)
    return app
