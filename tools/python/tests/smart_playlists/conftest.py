"""Fixtures for smart playlists: a simulator on a frozen clock, and the test's own reading of what rules select."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from plexm8.devtools.plex_simulator import PlexSimulator
from plexm8.devtools.sample_generator import GENERATED_AT
from plexm8.devtools.sample_library import Library, SimTrack

NOW = GENERATED_AT + 3_600  # relative dates ("in the last 30 days") must not drift while a test runs
DAY = 86_400
UNIT_SECONDS = {"s": 1, "min": 60, "h": 3_600, "d": DAY, "w": 7 * DAY, "m": 30 * DAY, "y": 365 * DAY}


@pytest.fixture
def plex_sim(sample_library: Library) -> Iterator[PlexSimulator]:
    """The sample library on a simulator whose clock stands still at NOW."""
    library = sample_library.copy()
    library.clock = lambda: NOW
    with PlexSimulator(library) as simulator:
        yield simulator


def track_value(lib: Library, track: SimTrack, field: str) -> Any:
    """What a rule on `field` looks at, read straight from the library data."""
    album = lib.albums[track.album_key]
    artist = lib.artists[track.artist_key]
    return {
        "title": track.title, "artist": artist.title, "album": album.title,
        "genre": album.genres, "style": album.styles, "mood": track.moods,  # Plex keeps genres on albums
        "year": album.year, "decade": None if album.year is None else album.year // 10 * 10,
        "userRating": track.user_rating, "viewCount": track.view_count, "duration": track.duration_ms / 1000,
        "addedAt": track.added_at, "lastViewedAt": track.last_viewed_at, "lastRatedAt": track.last_rated_at,
    }[field]


def _epoch(value: str) -> int:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def _relative_start(value: str) -> int:
    amount = int("".join(ch for ch in value if ch.isdigit()))
    unit = value.lstrip("0123456789")
    return NOW - amount * UNIT_SECONDS[unit]


def rule_holds(lib: Library, track: SimTrack, rule: dict[str, Any]) -> bool:
    """The test's own statement of what a rule means (no code shared with the app or the simulator)."""
    field, op, wanted = rule["field"], rule["operator"], rule["value"]
    value = track_value(lib, track, field)
    wanted_list = wanted if isinstance(wanted, list) else [wanted]
    if field in ("genre", "style", "mood"):
        have = {v.casefold() for v in value}
        hit = any(w.casefold() in have for w in wanted_list)
        return hit if op == "is" else not hit
    if isinstance(wanted_list[0], str) and field in ("title", "artist", "album"):
        text, needles = value.casefold(), [w.casefold() for w in wanted_list]
        return {
            "is": text in needles, "is_not": text not in needles,
            "contains": any(n in text for n in needles), "not_contains": all(n not in text for n in needles),
            "starts_with": any(text.startswith(n) for n in needles),
            "ends_with": any(text.endswith(n) for n in needles),
        }[op]
    if field in ("addedAt", "lastViewedAt", "lastRatedAt"):
        if value is None:  # never played / never rated: no date to compare
            return False
        if op in ("in_last", "not_in_last"):
            start = _relative_start(wanted)
            return value > start if op == "in_last" else value < start
        moment = _epoch(wanted)
        return value < moment if op == "before" else value > moment
    if value is None:  # unrated track, album without a year
        return op == "!="
    return {"=": value == wanted, "!=": value != wanted, ">": value > wanted, ">=": value >= wanted,
            "<": value < wanted, "<=": value <= wanted}[op]


def expected_keys(lib: Library, rules: list[dict[str, Any]], match: str = "all") -> set[int]:
    """ratingKeys of the library tracks the rules select."""
    combine = all if match == "all" else any
    return {t.rating_key for t in lib.tracks.values() if combine(rule_holds(lib, t, r) for r in rules)}
