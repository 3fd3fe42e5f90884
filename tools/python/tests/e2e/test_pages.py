"""Every page of the nav, on a desktop and on a 360 px phone: reachable from the nav, renders its heading,
nothing serious for axe, no sideways scrolling on the phone, and a screenshot kept of each."""
from __future__ import annotations

import gzip
import re
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, check_accessibility, record, screenshot

PAGES = ("Dashboard", "Sync", "Playlists", "Ratings", "Recommendations", "Smart playlists", "Downloads", "Logs",
         "Settings")


def main_nav(page: Any) -> Any:
    """The main navigation's page links."""
    return page.get_by_role("navigation", name="Main").get_by_role("listitem").get_by_role("link")


def nav_link(page: Any, name: str) -> Any:
    """The main navigation's link to the page ``name``."""
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def current_page(page: Any) -> Any:
    """The nav entry marked as the current page (found even while a phone's menu is closed)."""
    return page.locator("nav[aria-label='Main'] li a[aria-current='page']")


def settle(page: Any) -> None:
    """Wait until the page shows its heading and has nothing loading."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main [role=status]").filter(has_text="Loading")).to_have_count(0)


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def test_every_page_is_in_the_nav_and_renders_accessibly_on_a_desktop(page, backend):
    page.goto("/")
    settle(page)
    expect(main_nav(page)).to_have_count(len(PAGES))
    for name in PAGES:
        expect(nav_link(page, name)).to_be_visible()
    for name in PAGES:
        nav_link(page, name).click()
        settle(page)
        expect(current_page(page)).to_have_text(re.compile(rf"{re.escape(name)}$"))
        screenshot(page, f"page-{_slug(name)}-desktop")
        check_accessibility(page, f"{name} (desktop)")


def test_every_page_is_reachable_through_the_menu_at_360_px(page, backend):
    page.set_viewport_size(PHONE)
    page.goto("/")
    settle(page)
    menu = page.get_by_role("button", name="Menu")
    for name in PAGES:
        if not nav_link(page, name).is_visible():  # a phone shows the nav behind the menu button
            menu.click()
            expect(menu).to_have_attribute("aria-expanded", "true")
        nav_link(page, name).click()
        settle(page)
        expect(current_page(page)).to_have_text(re.compile(rf"{re.escape(name)}$"))
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} scrolls sideways at 360 px ({width} px wide)"
        screenshot(page, f"page-{_slug(name)}-phone")
        check_accessibility(page, f"{name} (phone)")


def test_the_first_load_ships_at_most_300_kb_of_gzipped_javascript(page, backend):
    scripts: dict[str, bytes] = {}

    def keep(response: Any) -> None:
        if response.request.resource_type == "script" and response.ok:
            scripts[urlsplit(response.url).path] = response.body()

    page.on("response", keep)
    page.goto("/")
    settle(page)
    sizes = {path: len(gzip.compress(body, compresslevel=9)) for path, body in scripts.items()}
    total = sum(sizes.values())
    record("first_load_js_gzip_bytes", total)
    record("first_load_js_files", sizes)
    assert scripts, "no JavaScript was loaded"
    assert total <= 300 * 1024, f"the first load ships {total} bytes of gzipped JavaScript: {sizes}"


def test_deep_links_and_unknown_paths_load_the_app(page, backend):
    page.goto("/smart-playlists")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(current_page(page)).to_have_text(re.compile(r"Smart playlists$"))
    page.goto("/no/such/page")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Dashboard").first).to_be_visible()

