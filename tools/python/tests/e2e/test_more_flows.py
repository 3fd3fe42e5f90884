"""Smart playlists, downloads, logs and settings in the browser, each change checked where it lands."""
from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests import fake_plextv
from tests.e2e.conftest import check_accessibility, screenshot


def test_smart_playlist_rules_show_a_count_then_save_edit_and_delete(page, backend):
    library = backend.demo.plex.library
    loved = sum(1 for t in library.tracks.values() if (t.user_rating or 0) >= 8)
    best = sum(1 for t in library.tracks.values() if (t.user_rating or 0) >= 10)
    assert 0 < best < loved
    page.goto("/smart-playlists")
    page.get_by_role("button", name="New smart playlist").click()
    editor = page.get_by_role("form", name="New smart playlist")
    editor.get_by_role("textbox", name="Title").fill("Loved 爱")
    editor.get_by_role("combobox", name="Field 1").select_option("userRating")
    editor.get_by_role("combobox", name="Operator 1").select_option(">=")
    editor.get_by_label("Value 1").fill("4")
    count = editor.get_by_role("status")
    expect(count).to_have_text(f"{loved:,} tracks match these rules.", timeout=10_000)  # before saving
    check_accessibility(page, "Smart playlist editor")
    screenshot(page, "flow-smart-editor")
    editor.get_by_role("button", name="Create smart playlist").click()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Loved 爱"))
    expect(card).to_contain_text(f"{loved:,} tracks")
    saved = backend.sim_playlist("Loved 爱")
    assert saved is not None and saved.smart

    card.get_by_role("button", name="Edit Loved 爱").click()
    editor = page.get_by_role("form", name="Edit “Loved 爱”")
    editor.get_by_label("Value 1").fill("5")
    expect(editor.get_by_role("status")).to_have_text(f"{best:,} tracks match these rules.", timeout=10_000)
    editor.get_by_role("button", name="Save changes").click()
    expect(card).to_contain_text(f"{best:,} tracks")
    assert "userRating" in (backend.sim_playlist("Loved 爱").filter_uri or "")

    card.get_by_role("button", name="Delete").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(page.get_by_role("heading", name="Loved 爱")).to_have_count(0)
    assert backend.sim_playlist("Loved 爱") is None


def test_downloads_page_says_what_to_do_when_downloads_are_not_set_up(page, backend):
    features = backend.api("GET", "/api/health").json()["features"]
    page.goto("/downloads")
    if "download" not in features:
        expect(page.get_by_role("heading", name="Downloads are not set up")).to_be_visible()
        expect(page.get_by_role("main").get_by_role("link", name=re.compile("^Settings"))).to_be_visible()
    else:
        sessions = backend.api("GET", "/api/download/sessions").json()["sessions"]
        assert sessions == []
        expect(page.get_by_role("heading", name=re.compile("No downloads yet|Downloads are not set up"))).to_be_visible()
    check_accessibility(page, "Downloads")


def test_logs_filter_by_level_and_task(page, backend):
    examples = backend.api("GET", "/api/sync/examples").json()["examples"]
    good = backend.api("POST", "/api/sync/tasks", json={"name": "Good sync", "source_url": examples[0]["url"],
                                                       "playlist_title": "Good"}).json()["task"]
    assert backend.run_task(good["id"])["status"] == "succeeded"
    bad = backend.api("POST", "/api/sync/tasks", json={"name": "Private list", "source_url": "netease:5105117051",
                                                      "playlist_title": "Never"}).json()["task"]
    assert backend.run_task(bad["id"])["status"] == "failed"  # the fake NetEase answers "no permission"
    warnings = backend.api("GET", "/api/logs", params={"level": "WARNING", "limit": 100}).json()["logs"]
    assert warnings and all(line["level"] in ("WARNING", "ERROR", "CRITICAL") for line in warnings)

    page.goto("/logs")
    table = page.get_by_role("table", name="Log lines, newest first")
    expect(table).to_contain_text("Sync of 'Good'")
    page.get_by_label("Level").select_option(label="WARNING and above")
    expect(table.locator("tbody tr")).to_have_count(len(warnings))
    expect(table).not_to_contain_text("Sync of 'Good'")
    page.get_by_label("Level").select_option(label="All")
    page.get_by_label("Task").select_option(label="Good sync")
    good_lines = backend.api("GET", "/api/logs", params={"task_id": good["id"], "limit": 100}).json()["logs"]
    expect(table.locator("tbody tr")).to_have_count(len(good_lines))
    expect(table).not_to_contain_text("5105117051")
    check_accessibility(page, "Logs filtered")
    screenshot(page, "flow-logs-filtered")


def test_logs_follow_live_shows_new_lines_without_a_reload(page, backend):
    page.goto("/logs")
    table = page.get_by_role("table", name="Log lines, newest first")
    page.get_by_label(re.compile(r"^Follow live")).check()
    expect(page.get_by_text(re.compile(r"\((streaming|checking every 3 s)\)"))).to_be_visible()
    examples = backend.api("GET", "/api/sync/examples").json()["examples"]
    task = backend.api("POST", "/api/sync/tasks", json={"name": "Live", "source_url": examples[1]["url"],
                                                       "playlist_title": "Followed"}).json()["task"]
    assert backend.run_task(task["id"])["status"] == "succeeded"
    expect(table).to_contain_text("Sync of 'Followed'", timeout=15_000)  # arrived while the page stayed open
    screenshot(page, "flow-logs-follow-live")


def test_settings_add_a_server_by_url_and_token_and_test_it(page, backend):
    plex = backend.demo.plex
    page.goto("/settings")
    form = page.get_by_role("form", name="Add by address and token")
    form.get_by_role("textbox", name="Name").fill("Second 二号")
    form.get_by_role("textbox", name="Server URL").fill(plex.url)
    form.get_by_label("Plex token").fill(plex.token)
    form.get_by_label("Make it the default").uncheck()
    form.get_by_role("button", name="Add server").click()
    page.get_by_role("button", name="Test Second 二号").click()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=re.compile("^Second 二号")))
    expect(card).to_contain_text("Reachable")
    expect(card).to_contain_text("PlexM8 Demo")
    servers = backend.api("GET", "/api/settings/servers").json()["servers"]
    added = next(s for s in servers if s["name"] == "Second 二号")
    assert added["url"] == plex.url and added["token_set"] and not added["is_default"]
    assert plex.token not in page.content()  # write-only: never shown again
    check_accessibility(page, "Settings with a second server")
    screenshot(page, "flow-settings-servers")


@pytest.fixture
def plextv(backend_settings: dict[str, Any], demo_services, monkeypatch):
    """A local plex.tv whose account reaches the demo's simulated server."""
    fake = fake_plextv.FakePlexTv()
    plex = demo_services.plex
    port = int(plex.url.rsplit(":", 1)[1])
    monkeypatch.setattr(fake_plextv, "RESOURCES", [{
        **fake_plextv.RESOURCES[0], "name": "Living Room", "accessToken": plex.token, "publicAddress": "127.0.0.1",
        "connections": [{"protocol": "http", "address": "127.0.0.1", "port": port, "uri": plex.url, "local": True,
                         "relay": False, "IPv6": False}],
    }])
    backend_settings["plex_tv_url"] = fake.url
    yield fake
    fake.close()


def test_settings_sign_in_with_plex_pin_then_pick_a_server(plextv, page, backend):
    page.goto("/settings")
    signin = page.get_by_role("region", name="Sign in with Plex")
    signin.get_by_role("button", name="Sign in with Plex").click()
    link = signin.get_by_role("link", name="Open plex.tv to approve PlexM8")
    expect(link).to_be_visible()
    assert link.get_attribute("href").startswith("https://app.plex.tv/auth#?")
    pin_id = max(plextv.pins)
    assert link.get_attribute("href").count(plextv.pins[pin_id]["code"]) == 1
    plextv.approve(pin_id)  # the user approves on plex.tv
    servers = signin.get_by_role("list", name="Your Plex servers")
    expect(servers).to_contain_text("Living Room", timeout=15_000)
    screenshot(page, "flow-settings-plex-sign-in")
    servers.get_by_role("button", name=f"Use local {backend.demo.plex.url}", exact=True).click()
    added = None
    deadline = time.monotonic() + 10
    while added is None and time.monotonic() < deadline:
        listed = backend.api("GET", "/api/settings/servers").json()["servers"]
        added = next((s for s in listed if s["name"] == "Living Room"), None)
        time.sleep(0.1)
    assert added is not None and added["is_default"] and added["url"] == backend.demo.plex.url
    expect(page.get_by_role("heading", name=re.compile("^Living Room"))).to_be_visible()


API_TOKEN = "e2e-api-token-0123456789abcdef"


@pytest.fixture
def token_required(backend_settings: dict[str, Any]) -> str:
    """Start the backend with PLEXM8_API_TOKEN set."""
    backend_settings["api_token"] = API_TOKEN
    return API_TOKEN


def test_the_ui_asks_for_the_api_token_once_and_then_works(token_required, browser, backend):
    from tests.e2e.conftest import DESKTOP, Console

    context = browser.new_context(viewport=DESKTOP, base_url=backend.url)
    page = context.new_page()
    console = Console()
    console.attach(page)
    try:
        page.goto("/sync")
        dialog = page.get_by_role("dialog", name=re.compile("token", re.I))
        expect(dialog).to_be_visible()
        check_accessibility(page, "API token prompt")
        screenshot(page, "flow-api-token-prompt")
        dialog.get_by_label("API token").fill(token_required)
        dialog.get_by_role("button", name="Use token").click()
        expect(dialog).to_have_count(0)
        expect(page.get_by_role("heading", name="No sync tasks yet")).to_be_visible()
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Playlists", exact=True).click()
        expect(page.get_by_role("table", name="Playlists").or_(page.get_by_role("heading", name=re.compile("No audio playlists")))).to_be_visible()
        expect(page.get_by_role("dialog")).to_have_count(0)
    finally:
        context.close()
    # The refused calls before the token was given are the browser's 401s, nothing else.
    others = [p for p in console.problems if "401" not in p]
    assert others == [], others
