"""The recommendation catalog: paged listings, tags joined from albums and artists, caching."""
from __future__ import annotations

from plexm8.services.plex_service import PlexRecommendCalls, TaggedParent, TaggedTrack
from plexm8.services.recommend import CatalogCache, build_catalog


def _tagged(rating_key: int, **changes) -> TaggedTrack:
    fields = {"rating_key": rating_key, "title": f"Song {rating_key}", "artist": "Ann Lee", "album_artist": "Ann Lee",
                  "album_artist_key": 1, "album": "First", "album_key": 2, "year": 1994, "genres": (), "styles": (), "moods": (),
                  "user_rating": None, "view_count": 0, "analysed": False}
    return TaggedTrack(**{**fields, **changes})


def test_the_whole_library_loads_in_a_handful_of_paged_requests(plex_app, plex_sim, lib):
    service = plex_app.extensions["plexm8"].servers.resolve().service
    service.music_section()
    plex_sim.reset_counters()
    catalog = plex_app.extensions["plexm8"].catalogs.get(service)
    assert len(catalog.tracks) == len(lib.tracks) == 300
    assert plex_sim.request_count == 4, plex_sim.requests  # tracks, albums, artists, playlists
    plex_sim.reset_counters()
    pages = list(PlexRecommendCalls(service).iter_tagged_tracks(page_size=100))
    assert [len(p) for p in pages] == [100, 100, 100] and plex_sim.request_count == 3


def test_catalog_tracks_carry_album_and_artist_tags_as_plex_lists_them(plex_app, lib):
    runtime = plex_app.extensions["plexm8"]
    with runtime.db.bound():
        catalog = runtime.catalogs.get(runtime.servers.resolve().service)
    for rating_key, sim_track in list(lib.tracks.items())[:50]:
        track = catalog.tracks[rating_key]
        album, artist = lib.albums[sim_track.album_key], lib.artists[sim_track.artist_key]
        assert set(track.genres) == set(sim_track.genres) | set(album.genres)
        assert set(album.styles) <= set(track.styles)
        if artist.title != "Various Artists":
            assert set(artist.styles) <= set(track.styles)
        assert set(sim_track.moods) <= set(track.moods)
        assert track.decade == (sim_track.year // 10 * 10 if sim_track.year else None)
        assert track.analysed == (sim_track.sonic is not None)
        assert track.user_rating == sim_track.user_rating


def test_genres_come_from_the_album_then_the_artist_when_tracks_have_none():
    album = TaggedParent(2, 1994, ("Jazz",), ("Bebop",), ("Calm",))
    artist = TaggedParent(1, None, ("Blues",), ("Delta",), ())
    catalog = build_catalog([_tagged(10), _tagged(11, album_key=3)], [album], [artist])
    assert catalog.tracks[10].genres == ("Jazz",) and catalog.tracks[10].moods == ("Calm",)
    assert catalog.tracks[10].styles == ("Bebop", "Delta")
    assert catalog.tracks[11].genres == ("Blues",)  # its album is not listed: the artist's genres stand in
    assert catalog.tracks[10].decade == 1990


def test_compilations_and_featured_artists():
    various = _tagged(10, artist="Ann Lee feat. Bo Diddley", album_artist="Various Artists", album_artist_key=9)
    own = _tagged(11, artist="Bo Diddley", album_artist="Bo Diddley", album_artist_key=8)
    catalog = build_catalog([various, own])
    track = catalog.tracks[10]
    assert track.album_artist_key is None and "various artists" not in track.artist_keys
    assert {"ann lee", "bo diddley"} <= track.artist_keys and track.primary_artist == "ann lee"
    assert catalog.by_artist["bo diddley"] == [10, 11]
    live = build_catalog([_tagged(12, title="Song 10 (Live)"), _tagged(13, title="Song 10")])
    assert live.tracks[12].song_key == live.tracks[13].song_key


def test_the_cache_reuses_a_fresh_catalog_and_reloads_a_stale_one(plex_app, plex_sim, lib):
    service = plex_app.extensions["plexm8"].servers.resolve().service
    cache = CatalogCache(ttl_s=3600)
    first = cache.get(service)
    plex_sim.reset_counters()
    assert cache.get(service) is first and plex_sim.request_count == 0
    new = lib.add_track("Late Arrival", "Ann Lee", "First")
    cache.ttl_s = 0
    assert new.rating_key in cache.get(service).tracks
    assert plex_sim.request_count == 4


def test_catalog_tracks_carry_plays_skips_and_dates_as_plex_lists_them(plex_app, lib):
    skipped = next(t for t in lib.tracks.values() if t.skip_count == 0)
    lib.skip(skipped.rating_key)
    lib.skip(skipped.rating_key)
    runtime = plex_app.extensions["plexm8"]
    catalog = runtime.catalogs.get(runtime.servers.resolve().service)
    assert sum(1 for t in lib.tracks.values() if t.skip_count) > 10  # the sample library has skips to learn from
    for rating_key, sim_track in lib.tracks.items():
        track = catalog.tracks[rating_key]
        assert (track.view_count, track.skip_count) == (sim_track.view_count, sim_track.skip_count)
        assert track.last_viewed_at == sim_track.last_viewed_at and track.added_at == sim_track.added_at
    assert catalog.tracks[skipped.rating_key].skip_count == 2
    assert catalog.ratings == {k: t.user_rating for k, t in lib.tracks.items() if t.user_rating is not None}


def test_catalog_tracks_carry_last_fm_listeners_where_plex_has_them(plex_app, lib):
    runtime = plex_app.extensions["plexm8"]
    catalog = runtime.catalogs.get(runtime.servers.resolve().service)
    counted = [t for t in lib.tracks.values() if t.rating_count is not None]
    assert 0.3 < len(counted) / len(lib.tracks) < 0.7  # Plex's agent matched about half, as on real servers
    for rating_key, sim_track in lib.tracks.items():
        assert catalog.tracks[rating_key].listeners == sim_track.rating_count
