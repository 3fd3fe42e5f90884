"""Plex's media query language as the simulator evaluates it (filters, groups, sorts, limits)."""
from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
from plexm8.devtools.media_query import QueryError, parse_media_query
from plexm8.devtools.sample_library import Library

NOW = 1_750_000_000
DAY = 86_400


@pytest.fixture
def library() -> Library:
    lib = Library(clock=lambda: NOW)
    rows = [  # title, artist, album, genres, rating, plays, added days ago, year, duration s
        ("Halo", "Beyoncé", "I Am... Sasha Fierce", ["Pop", "R&B"], 10.0, 12, 400, 2008, 261),
        ("Hello", "Adele", "25", ["Pop"], 8.0, 3, 20, 2015, 295),
        ("Hello, Goodbye", "The Beatles", "Magical Mystery Tour", ["Rock"], None, 0, 900, 1967, 208),
        ("晴天", "周杰伦", "叶惠美", ["Mandopop"], 6.0, 40, 5, 2003, 269),
        ("Hoppípolla", "Sigur Rós", "Takk...", ["Post-Rock", "Ambient"], None, 1, 2, 2005, 268),
    ]
    for title, artist, album, genres, rating, plays, days, year, seconds in rows:
        track = lib.add_track(title, artist, album, genres=genres, year=year, duration_ms=seconds * 1000,
                              added_at=NOW - days * DAY)
        if rating is not None:
            lib.rate(track.rating_key, rating)
        for _ in range(plays):
            lib.scrobble(track.rating_key)
    return lib


def titles(library: Library, query: str, level: str = "track") -> list[str]:
    parsed = parse_media_query(parse_qsl(query, keep_blank_values=True), library, default_level=level)
    return [item.title for item in parsed.run(library, NOW)]


@pytest.mark.parametrize(("query", "expected"), [
    ("title=hel", ["Hello", "Hello, Goodbye"]),  # string "=" is contains, case-insensitive
    ("title==hello", ["Hello"]),
    ("title%3D=hello", ["Hello"]),  # how plexapi sends "is": the operator inside the key
    ("title!%3D=hello&title=hel", ["Hello, Goodbye"]),
    ("title!==hello&title<=hel", ["Hello, Goodbye"]),
    ("title!=o", ["晴天"]),
    ("title>=bye", ["Hello, Goodbye"]),
    ("track.title=halo,晴", ["Halo", "晴天"]),  # a comma is OR
    ("userRating>>=7", ["Halo", "Hello"]),
    ("track.userRating<<=9", ["Hello", "晴天"]),  # unrated tracks never compare
    ("userRating!=10", ["Hello", "Hello, Goodbye", "晴天", "Hoppípolla"]),
    ("viewCount=0", ["Hello, Goodbye"]),
    ("addedAt>>=-30d", ["Hello", "晴天", "Hoppípolla"]),
    ("track.addedAt<<=-1y", ["Halo", "Hello, Goodbye"]),
    ("album.year>>=2004&album.year<<=2010", ["Halo", "Hoppípolla"]),
    ("year=1967,2015", ["Hello", "Hello, Goodbye"]),  # unprefixed year resolves to album.year
    ("duration>>=268500", ["Hello", "晴天"]),
    ("genre=pop", ["Halo", "Hello"]),  # tag by name; unprefixed genre resolves to album.genre
    ("genre!=pop", ["Hello, Goodbye", "晴天", "Hoppípolla"]),
    ("genre=pop&genre=r%26b", ["Halo"]),  # repeated key: AND
    ("artist.title==sigur rós", ["Hoppípolla"]),
    ("album.title<=magical", ["Hello, Goodbye"]),
    ("push=1&genre=rock&or=1&userRating>>=9&pop=1&viewCount>>=10", ["Halo"]),
    ("genre=rock&or=1&genre=mandopop", ["Hello, Goodbye", "晴天"]),
    ("viewCount>>=2&or=1&genre=rock&userRating>>=7", ["Halo", "Hello", "晴天"]),  # and binds tighter
])
def test_filters(library: Library, query: str, expected: list[str]) -> None:
    assert sorted(titles(library, query)) == sorted(expected)


def test_tag_filters_take_plex_tag_ids(library: Library) -> None:
    rock = library.tag_id("genre", "Rock")
    assert titles(library, f"album.genre={rock}") == ["Hello, Goodbye"]
    assert titles(library, "album.genre=999999") == []


def test_sorts_limits_and_nulls(library: Library) -> None:
    assert titles(library, "sort=userRating:desc&limit=2") == ["Halo", "Hello"]
    assert titles(library, "sort=track.userRating")[:2] == ["Hello, Goodbye", "Hoppípolla"]  # NULLs first
    assert titles(library, "sort=userRating:nullsLast")[-2:] == ["Hello, Goodbye", "Hoppípolla"]
    assert titles(library, "sort=artist.titleSort,titleSort") == ["Hello", "Hello, Goodbye", "Halo", "Hoppípolla", "晴天"]
    assert titles(library, "sort=viewCount:desc,titleSort&limit=0") == []


def test_other_levels(library: Library) -> None:
    assert titles(library, "type=8&genre=pop", level="artist") == ["Adele", "Beyoncé"]
    assert titles(library, "type=9&track.viewCount>>=30", level="artist") == ["叶惠美"]  # any child matches
    assert titles(library, "type=9&artist.title=beat", level="artist") == ["Magical Mystery Tour"]
    assert titles(library, "type=9&sort=year:desc", level="artist")[0] == "25"
    assert titles(library, "type=1") == []  # not a music type: nothing


@pytest.mark.parametrize("query", [
    "nosuch=1", "track.nosuch=1", "title>>=3", "genre>>=2", "userRating=high", "addedAt>>=yesterday",
    "push=1&title=a", "pop=1", "type=x", "limit=-1", "sort=nosuch", "sort=titleSort:sideways",
    "type=8&sort=track.titleSort",
])
def test_malformed_queries_are_rejected(library: Library, query: str) -> None:
    with pytest.raises(QueryError):
        titles(library, query)
