"""Playlists through the real plexapi client: regular ones item by item, blank ones, smart ones by rules."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from plexapi.exceptions import BadRequest, NotFound
from plexapi.playlist import Playlist
from plexapi.server import PlexServer
from plexm8.devtools.plex_simulator import PlexSimulator
from plexm8.devtools.sample_library import Library, SimTrack

DAY = 86_400


def order(playlist: Playlist) -> list[int]:
    return [item.ratingKey for item in playlist.items()]


def fresh(plex_server: PlexServer, playlist: Playlist) -> Playlist:
    return plex_server.fetchItem(playlist.key)


def rated_above(lib: Library, threshold: float) -> list[SimTrack]:
    return [t for t in lib.tracks.values() if t.user_rating is not None and t.user_rating > threshold]


def test_regular_playlist_lifecycle(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    music = plex_server.library.section("Music")
    tracks = music.searchTracks(maxresults=8)
    playlist = plex_server.createPlaylist("Road trip", items=tracks[:4])
    assert (playlist.playlistType, playlist.smart, playlist.leafCount) == ("audio", False, 4)
    assert playlist.duration == sum(t.duration for t in tracks[:4])
    items = playlist.items()
    assert [i.ratingKey for i in items] == [t.ratingKey for t in tracks[:4]]
    assert len({i.playlistItemID for i in items}) == 4 and all(i.playlistItemID for i in items)

    playlist.addItems(tracks[4:6])
    playlist = fresh(plex_server, playlist)
    assert order(playlist) == [t.ratingKey for t in tracks[:6]]
    playlist.removeItems([tracks[1]])
    playlist = fresh(plex_server, playlist)
    playlist.moveItem(tracks[5], after=tracks[0])
    playlist = fresh(plex_server, playlist)
    assert order(playlist) == [tracks[i].ratingKey for i in (0, 5, 2, 3, 4)]
    playlist.moveItem(tracks[4])  # no "after": to the top
    playlist = fresh(plex_server, playlist)
    assert order(playlist) == [tracks[i].ratingKey for i in (4, 0, 5, 2, 3)]

    playlist.editTitle("Road trip 2").editSummary("windows down")
    playlist = plex_server.playlist("Road trip 2")
    assert (playlist.title, playlist.summary, playlist.leafCount) == ("Road trip 2", "windows down", 5)
    sim_playlist = plex_sim.library.playlists[playlist.ratingKey]
    assert [key for _, key in sim_playlist.items] == order(playlist)

    playlist.delete()
    with pytest.raises(NotFound):
        plex_server.playlist("Road trip 2")
    with pytest.raises(NotFound):
        plex_server.fetchItem(f"/playlists/{playlist.ratingKey}")


def test_listing_filters_by_type_smart_and_title(plex_server: PlexServer) -> None:
    music = plex_server.library.section("Music")
    plex_server.createPlaylist("Dumb one", items=music.searchTracks(maxresults=2))
    plex_server.createPlaylist("Smart one", section=music, smart=True, filters={"userRating>>": 8})
    assert {p.title for p in plex_server.playlists(playlistType="audio")} == {"Dumb one", "Smart one"}
    assert plex_server.playlists(playlistType="video") == []
    assert [p.title for p in plex_server.fetchItems("/playlists?smart=1")] == ["Smart one"]
    assert [p.title for p in plex_server.fetchItems("/playlists?smart=0")] == ["Dumb one"]
    assert [p.title for p in plex_server.playlists(title="dumb")] == ["Dumb one"]


def test_blank_playlists_need_a_raw_request(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    plex_sim.reset_counters()
    with pytest.raises(BadRequest):  # plexapi 4.18.3 refuses before sending anything
        plex_server.createPlaylist("Nothing yet", items=[])
    assert plex_sim.request_count == 0
    data = plex_server.query("/playlists?type=audio&title=Nothing%20yet&smart=0", method=plex_server._session.post)
    playlist = Playlist(plex_server, data[0])
    assert (playlist.title, playlist.leafCount, playlist.smart) == ("Nothing yet", 0, False)
    uri = f"{plex_server._uriRoot()}"  # a URI naming no item is a blank playlist too
    data = plex_server.query(f"/playlists?type=audio&title=Also%20empty&smart=0&uri={quote(uri, safe='')}",
                             method=plex_server._session.post)
    assert Playlist(plex_server, data[0]).leafCount == 0
    track = plex_server.library.section("Music").searchTracks(maxresults=1)[0]
    playlist.addItems([track])
    assert order(fresh(plex_server, playlist)) == [track.ratingKey]


def test_album_and_artist_uris_add_their_tracks(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    lib = plex_sim.library
    album = next(iter(lib.albums.values()))
    playlist = plex_server.createPlaylist("Seed", items=[plex_server.fetchItem(next(iter(lib.tracks)))])
    uri = quote(f"{plex_server._uriRoot()}/library/metadata/{album.rating_key}", safe="")
    plex_server.query(f"{playlist.key}/items?uri={uri}", method=plex_server._session.put)
    assert order(fresh(plex_server, playlist))[1:] == [t.rating_key for t in lib.album_tracks(album.rating_key)]
    unknown = quote(f"{plex_server._uriRoot()}/library/metadata/999999", safe="")
    with pytest.raises(BadRequest):
        plex_server.query(f"{playlist.key}/items?uri={unknown}", method=plex_server._session.put)


def test_smart_playlist_items_are_the_tracks_its_rules_match(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    lib = plex_sim.library
    music = plex_server.library.section("Music")
    genre = max({g for a in lib.albums.values() for g in a.genres},
                key=lambda g: sum(g in a.genres for a in lib.albums.values()))
    playlist = plex_server.createPlaylist("Liked " + genre, section=music, smart=True, sort="userRating:desc",
                                          filters={"userRating>>": 4, "genre": genre})
    expected = sorted((t for t in rated_above(lib, 4) if genre in lib.albums[t.album_key].genres),
                      key=lambda t: -t.user_rating)
    items = playlist.items()
    assert [i.userRating for i in items] == [t.user_rating for t in expected]
    assert {i.ratingKey for i in items} == {t.rating_key for t in expected}
    assert all(i.playlistItemID is None for i in items)  # smart items cannot be addressed one by one
    assert playlist.smart and playlist.leafCount == len(expected)
    assert {"track.userRating>>": "4"} in playlist.filters()["filters"]["and"]  # plexapi reads the rules back
    assert playlist.section().key == 1

    newcomer = next(t for t in lib.tracks.values() if t.user_rating is None and genre in lib.albums[t.album_key].genres)
    plex_server.fetchItem(newcomer.rating_key).rate(10)
    playlist = fresh(plex_server, playlist)  # rules are live: the newly rated track joins
    assert newcomer.rating_key in order(playlist) and playlist.leafCount == len(expected) + 1


def test_smart_playlist_match_any_limit_and_new_rules(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    lib = plex_sim.library
    music = plex_server.library.section("Music")
    genres = sorted({g for a in lib.albums.values() for g in a.genres})[:2]
    playlist = plex_server.createPlaylist("Either", section=music, smart=True,
                                          filters={"or": [{"genre": genres[0]}, {"genre": genres[1]}]})
    expected = {t.rating_key for t in lib.tracks.values() if set(genres) & set(lib.albums[t.album_key].genres)}
    assert set(order(playlist)) == expected

    playlist.updateFilters(limit=5, sort="viewCount:desc", filters={"viewCount>>": 0})
    playlist = fresh(plex_server, playlist)
    most_played = sorted((t for t in lib.tracks.values() if t.view_count > 0), key=lambda t: -t.view_count)[:5]
    assert [i.viewCount for i in playlist.items()] == [t.view_count for t in most_played]
    assert playlist.leafCount == 5
    with pytest.raises(BadRequest):
        playlist.addItems(music.searchTracks(maxresults=1))  # plexapi refuses for smart playlists
    with pytest.raises(BadRequest):
        plex_server.query(f"{playlist.key}/items/1", method=plex_server._session.delete)


def test_smart_playlist_with_relative_dates(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    lib = plex_sim.library
    newest = max(t.added_at for t in lib.tracks.values())
    lib.clock = lambda: newest + DAY
    music = plex_server.library.section("Music")
    playlist = plex_server.createPlaylist("Fresh", section=music, smart=True, filters={"addedAt>>": "30d"})
    assert set(order(playlist)) == {t.rating_key for t in lib.tracks.values() if t.added_at > newest - 29 * DAY}
    assert order(playlist)


def test_bad_smart_rules_are_refused_at_creation(plex_server: PlexServer) -> None:
    root = plex_server._uriRoot()
    for search in ("/library/sections/1/all?type=10&nosuchfield=1", "/library/sections/2/all?type=10",
                   "/library/metadata/1", ""):
        with pytest.raises(BadRequest):
            plex_server.query(f"/playlists?type=audio&title=x&smart=1&uri={quote(root + search, safe='')}",
                              method=plex_server._session.post)


def test_removing_a_track_from_the_library_removes_it_from_playlists(plex_server: PlexServer,
                                                                     plex_sim: PlexSimulator) -> None:
    tracks = plex_server.library.section("Music").searchTracks(maxresults=3)
    playlist = plex_server.createPlaylist("Short-lived", items=tracks)
    plex_sim.library.remove_track(tracks[1].ratingKey)
    assert order(fresh(plex_server, playlist)) == [tracks[0].ratingKey, tracks[2].ratingKey]
