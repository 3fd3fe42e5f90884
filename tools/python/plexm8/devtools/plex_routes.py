"""The simulator's one route table: the dispatcher serves exactly these, and the conformance
test checks each against the reference OpenAPI spec, so the two cannot drift apart.

Every route is in the spec (same path, same method) unless it says otherwise in ``spec_path``
(``None``: the spec lacks the path) or ``spec_method`` (the spec documents another method);
such routes exist because plexapi 4.18.3 calls them, and ``plexapi_calls`` quotes the plexapi
source that does. ``statuses`` are all the answers a handler may give (401 comes from the token
check of every non-public route); ``beyond_spec`` are those the spec does not list, with ``why``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from plexm8.devtools import library_handlers as lib
from plexm8.devtools import playlist_handlers as pl
from plexm8.devtools.plex_http import Request, Response

SAME = "same as path"


@dataclass(frozen=True)
class Route:
    """One served (method, path template) and how it relates to the reference spec."""

    method: str
    path: str
    handler: Callable[[Request], Response]
    statuses: frozenset[int]
    spec_path: str | None = SAME
    spec_method: str | None = None
    beyond_spec: frozenset[int] = frozenset()
    why: str = ""
    plexapi_calls: str = ""
    public: bool = False

    def match(self, path: str) -> dict[str, str] | None:
        """The placeholder values if ``path`` fits this route's template."""
        found = _pattern(self.path).fullmatch(path)
        return found.groupdict() if found else None


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[A-Za-z]+\})", template)
    return re.compile("".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts))


def _codes(*codes: int) -> frozenset[int]:
    return frozenset(codes)


NOT_FOUND_WHY = "an unknown id answers 404 (plexapi raises NotFound), which the spec omits here"
BAD_QUERY_WHY = "malformed parameters answer 400 instead of a 5xx"

ROUTES: tuple[Route, ...] = (
    Route("GET", "/", lib.server_root, _codes(200)),
    Route("GET", "/identity", lib.identity, _codes(200), public=True),
    Route("GET", "/activities", lib.activities, _codes(200)),
    Route("GET", "/library", lib.library_root, _codes(200), spec_path=None,
          why="PlexServer.library reads /library first (it falls back to /library/sections/ only on a 400)",
          plexapi_calls="key = '/library'"),
    Route("GET", "/library/sections", lib.sections, _codes(200), spec_path=None,
          why="the spec lists the sections at /library/sections/all; plexapi reads /library/sections",
          plexapi_calls="key = '/library/sections'"),
    Route("GET", "/library/sections/all", lib.sections, _codes(200)),
    Route("GET", "/library/sections/{sectionId}/all", lib.section_all, _codes(200, 400, 404)),
    Route("GET", "/library/sections/{sectionId}/albums", lib.section_albums, _codes(200, 400, 404),
          beyond_spec=_codes(400, 404), why=f"{NOT_FOUND_WHY}; {BAD_QUERY_WHY}"),
    Route("GET", "/library/sections/{sectionId}/collections", lib.section_collections, _codes(200, 400, 404),
          beyond_spec=_codes(400, 404), why=f"{NOT_FOUND_WHY}; {BAD_QUERY_WHY}"),
    *(Route("GET", f"/library/sections/{{sectionId}}/{kind}", lib.filter_choices, _codes(200, 400, 404),
            spec_path=None, why="the filter choices plexapi resolves tag filters with (genre=<tag id>)",
            plexapi_calls="/library/sections/{self._librarySectionID}/{filterTag}?type=")
      for kind in ("genre", "mood", "style")),
    Route("GET", "/library/sections/{sectionId}/refresh", lib.section_refresh, _codes(200, 400, 404),
          spec_method="post", beyond_spec=_codes(400, 404),
          why=f"LibrarySection.update(path=) scans with GET, the spec documents POST; {NOT_FOUND_WHY}",
          plexapi_calls="key = f'/library/sections/{self.key}/refresh'"),
    Route("POST", "/library/sections/{sectionId}/refresh", lib.section_refresh, _codes(200, 400, 404),
          beyond_spec=_codes(400, 404), why=f"{NOT_FOUND_WHY}; {BAD_QUERY_WHY} (force=)"),
    Route("GET", "/library/metadata/{ids}", lib.metadata, _codes(200, 400, 404),
          beyond_spec=_codes(404), why=NOT_FOUND_WHY),
    Route("GET", "/library/metadata/{ids}/children", lib.children, _codes(200, 400, 404), spec_path=None,
          why="Album.tracks() lists /children; the spec has no such path",
          plexapi_calls="key = self._buildQueryKey(f'{self.key}/children')"),
    Route("GET", "/library/metadata/{ids}/allLeaves", lib.all_leaves, _codes(200, 400, 404),
          beyond_spec=_codes(400, 404), why=f"{NOT_FOUND_WHY}; {BAD_QUERY_WHY}"),
    Route("GET", "/library/metadata/{ids}/nearest", lib.nearest, _codes(200, 400, 404),
          beyond_spec=_codes(400, 404), why=f"{NOT_FOUND_WHY}; {BAD_QUERY_WHY}"),
    Route("GET", "/hubs/search", lib.hub_search, _codes(200, 400, 404)),
    Route("PUT", "/:/rate", lib.rate, _codes(200, 400, 404)),
    Route("GET", "/:/scrobble", lib.scrobble, _codes(200, 400, 404), spec_method="put",
          why="markPlayed() scrobbles with GET; the spec documents PUT",
          plexapi_calls="key = '/:/scrobble'"),
    Route("PUT", "/:/scrobble", lib.scrobble, _codes(200, 400, 404)),
    Route("GET", "/:/unscrobble", lib.unscrobble, _codes(200, 400, 404), spec_method="put",
          why="markUnplayed() unscrobbles with GET; the spec documents PUT",
          plexapi_calls="key = '/:/unscrobble'"),
    Route("PUT", "/:/unscrobble", lib.unscrobble, _codes(200, 400, 404)),
    Route("GET", "/playlists", pl.list_playlists, _codes(200, 400)),
    Route("POST", "/playlists", pl.create_playlist, _codes(200, 400)),
    Route("GET", "/playlists/{playlistId}", pl.get_playlist, _codes(200, 404)),
    Route("PUT", "/playlists/{playlistId}", pl.edit_playlist, _codes(204, 400, 404),
          beyond_spec=_codes(400), why="an empty title answers 400 instead of being stored"),
    Route("DELETE", "/playlists/{playlistId}", pl.delete_playlist, _codes(204, 404)),
    Route("GET", "/playlists/{playlistId}/items", pl.playlist_items, _codes(200, 400, 404)),
    Route("PUT", "/playlists/{playlistId}/items", pl.add_playlist_items, _codes(200, 400, 404)),
    Route("DELETE", "/playlists/{playlistId}/items", pl.clear_playlist, _codes(200, 400, 404)),
    Route("DELETE", "/playlists/{playlistId}/items/{playlistItemId}", pl.remove_playlist_item,
          _codes(200, 400, 404)),
    Route("PUT", "/playlists/{playlistId}/items/{playlistItemId}/move", pl.move_playlist_item,
          _codes(200, 400, 404)),
)


def find_route(method: str, path: str) -> tuple[Route | None, dict[str, str], list[str]]:
    """(route, placeholder values, methods allowed on the path) for a request."""
    allowed: list[str] = []
    for route in ROUTES:
        args = route.match(path)
        if args is None:
            continue
        if route.method == method:
            return route, args, allowed
        allowed.append(route.method)
    return None, {}, allowed
