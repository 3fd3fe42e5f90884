"""End-to-end fixtures: the built web UI served by the real backend (waitress, in process) on the demo's Plex
simulator and fake platforms, driven in Debian's headless Chromium through Playwright's Python library.

Without Chromium, the Playwright package, the built UI or axe-core the tests skip with the reason, unless
``PLEXM8_E2E=required`` (set by .ci/run), which turns every such skip into a failure.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from plexm8 import create_app
from plexm8.config import REPO_ROOT, Settings
from plexm8.devtools.demo import Demo

from tests.waitress_server import stop

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WEB_DIST = REPO_ROOT / "web" / "dist"
AXE_JS = REPO_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# The flags the Debian package needs here: no sandbox as root, and no background calls to Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
    "--font-render-hinting=none",
]


def _required() -> bool:
    return os.environ.get("PLEXM8_E2E", "").lower() == "required"


def unavailable(reason: str) -> None:
    """Skip the test (a developer machine without the browser), or fail it where the e2e tests must run (CI)."""
    if _required():
        pytest.fail(f"PLEXM8_E2E=required but {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    """Debian's Chromium, or None."""
    override = os.environ.get("PLEXM8_CHROMIUM")
    if override:
        return override if Path(override).is_file() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session", autouse=True)
def fresh_measurements() -> None:
    """Start each run with an empty measurements.json (screenshots are overwritten anyway)."""
    (ARTIFACTS / "measurements.json").unlink(missing_ok=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's package) launched through Playwright; never a downloaded browser."""
    if not (REPO_ROOT / "web" / "package.json").is_file():
        pytest.skip("the React web UI (web/package.json) is not in this checkout")
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is missing (pip install -r requirements.txt)")
    if not (WEB_DIST / "index.html").is_file():
        unavailable("the web UI is not built (web/dist/index.html missing; run python setup.py with Node.js)")
    if not AXE_JS.is_file():
        unavailable("axe-core is missing (npm ci in web/)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_tracks() -> int:
    """Size of the demo library (a test parametrizes it to need more)."""
    return 2000


@pytest.fixture
def demo_services(demo_tracks: int) -> Iterator[Demo]:
    """The demo's Plex simulator and fake platforms, fresh for each test."""
    demo = Demo(demo_tracks)
    yield demo
    demo.stop()


@dataclass
class Backend:
    """The real backend served over HTTP for the browser."""

    url: str
    app: Any
    demo: Demo
    requests: list[str] = field(default_factory=list)  # API paths the browser asked for, in order

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call the backend's API as a non-browser client."""
        return requests.request(method, self.url + path, timeout=60, **kwargs)

    def run_task(self, task_id: int, timeout_s: float = 60) -> dict[str, Any]:
        """Run a sync task through the API and wait for the run to end; the run as the API shows it."""
        run_id = self.api("POST", f"/api/sync/tasks/{task_id}/run").json()["run_id"]
        deadline = time.monotonic() + timeout_s
        while True:
            run = self.api("GET", f"/api/sync/runs/{run_id}").json()["run"]
            if run["status"] in ("succeeded", "failed"):
                return run
            assert time.monotonic() < deadline, run
            time.sleep(0.1)

    def sim_playlist(self, title: str) -> Any:
        """The simulator's playlist named ``title`` (what Plex really holds), or None."""
        return next((p for p in self.demo.plex.library.playlists.values() if p.title == title), None)


class _Late:
    """A WSGI app set after the server is listening (the app's allowed origins need the port)."""

    app: Any = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self.app(environ, start_response)


@pytest.fixture
def backend_settings(tmp_path: Path, demo_services: Demo) -> dict[str, Any]:
    """Settings fields of the e2e backend; a test may change them before asking for ``backend``."""
    return {"data_dir": tmp_path / "data", "scheduler_enabled": True, "plex_timeout_s": 10.0,
            **demo_services.settings_overrides()}


@pytest.fixture
def backend(backend_settings: dict[str, Any], demo_services: Demo, browser: Any) -> Iterator[Backend]:
    """The backend on a free port, pointed at the demo's simulator and fake platforms; stopped after the test."""
    from waitress import create_server

    late = _Late()
    server = create_server(late, host="127.0.0.1", port=0, threads=8)
    port = server.effective_port
    app = create_app(Settings(**{**backend_settings, "port": port}))
    late.app = app
    runtime = app.extensions["plexm8"]
    runtime.start()
    thread = threading.Thread(target=server.run, name="e2e-waitress", daemon=True)
    thread.start()
    running = Backend(f"http://127.0.0.1:{port}", app, demo_services)
    try:
        yield running
    finally:
        runtime.close()  # ends the open event streams first, so no request thread outlives the server
        server.task_dispatcher.shutdown(timeout=10)
        stop(server, thread)


@dataclass
class Console:
    """Console errors and warnings, uncaught page errors and failed requests seen by a page."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        """Listen to ``page``."""
        page.on("console", lambda msg: self._add(f"console.{msg.type}: {msg.text} ({msg.location.get('url', '?')})")
                if msg.type in ("error", "warning") else None)
        page.on("pageerror", lambda exc: self._add(f"uncaught: {exc}"))

    def _add(self, problem: str) -> None:
        self.problems.append(problem)


@pytest.fixture
def console() -> Console:
    """What ``page`` logged, checked after the test."""
    return Console()


@pytest.fixture
def page(browser: Any, backend: Backend, console: Console, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A desktop-sized page on the backend; the test fails if the page logged any console error or warning."""
    context = browser.new_context(viewport=DESKTOP, base_url=backend.url, locale="en-US",
                                  timezone_id="UTC", reduced_motion="reduce")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    console.attach(tab)
    tab.on("request", lambda r: backend.requests.append(r.url.removeprefix(backend.url))
           if "/api/" in r.url else None)
    yield tab
    context.close()
    assert console.problems == [], "the page logged problems:\n" + "\n".join(console.problems)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe violations of the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the UI's Content-Security-Policy (rightly) refuses inline scripts.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def check_accessibility(page: Any, label: str) -> None:
    """Run axe on the page as it is now; fail on any serious or critical violation."""
    bad = axe_violations(page)
    assert bad == [], f"axe on {label}: " + json.dumps(bad, ensure_ascii=False, indent=1)


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as tests/e2e/artifacts/<name>.png (git-ignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def api_requests(backend: Backend, pattern: str) -> list[str]:
    """API paths the browser requested that match the regex ``pattern``."""
    rx = re.compile(pattern)
    return [p for p in backend.requests if rx.search(p)]



def record(name: str, value: Any) -> None:
    """Keep a measurement in tests/e2e/artifacts/measurements.json (for the report; never asserted on time)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "measurements.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data[name] = value
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
