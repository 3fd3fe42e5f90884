"""Shared fixtures: a fresh data folder and app per test, the Plex simulator, fake platforms."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator

# plexapi reads its config file at import: keep a developer's own config out of the tests.
os.environ.setdefault("PLEXAPI_CONFIG_PATH", str(Path(__file__).parent / "no-plexapi-config.ini"))
os.environ.setdefault("PLEXAPI_PLEXAPI_AUTORELOAD", "false")

import pytest
from flask import Flask
from flask.testing import FlaskClient
from plexm8 import create_app
from plexm8.config import Settings

pytest_plugins = ["tests.plexsim_fixtures", "tests.fakes.fixtures"]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for a test: its own data folder, no scheduler, no environment."""
    return Settings(data_dir=tmp_path / "data", scheduler_enabled=False, plex_timeout_s=5.0, events_stream_s=0.3)


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator:
    """Build and start apps (without background workers) with chosen settings; every app is closed after the test."""
    apps: list[Flask] = []
    bindings = contextlib.ExitStack()

    def build(**changes) -> Flask:
        # An event stream ends after 0.3 s here so a test (or the fuzzer) reading it whole never waits 45 s.
        base = Settings(data_dir=tmp_path / "data", scheduler_enabled=False, plex_timeout_s=5.0, events_stream_s=0.3)
        app = create_app(base.replace(**changes))
        app.config["TESTING"] = True
        apps.append(app)
        app.extensions["plexm8"].start(workers=False)  # the store and the log writer; workers only when asked
        bindings.enter_context(app.extensions["plexm8"].db.bound())  # the test calls services as a job would
        return app

    yield build
    bindings.close()
    for app in apps:
        app.extensions["plexm8"].close()


@pytest.fixture
def app(make_app) -> Flask:
    """An app with no Plex configured."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture
def plex_app(make_app, plex_sim) -> Flask:
    """An app whose default Plex server is the running simulator."""
    return make_app(plex_server_url=plex_sim.url, plex_token=plex_sim.token)


@pytest.fixture
def plex_client(plex_app: Flask) -> FlaskClient:
    """A test client of an app connected to the simulator."""
    return plex_app.test_client()
