"""The real plexapi client against the running simulator: server, library, metadata, search, ratings, plays."""
from __future__ import annotations

import math
import time
from datetime import datetime
from urllib.parse import quote

import pytest
import requests
from plexapi.audio import Album, Artist, Track
from plexapi.exceptions import BadRequest, NotFound, Unauthorized
from plexapi.library import MusicSection
from plexapi.server import PlexServer
from plexm8.devtools.plex_simulator import PlexSimulator
from plexm8.devtools.sample_library import Library, SimTrack, generate_library


def default_order(lib: Library) -> list[int]:
    """Plex's default track listing: album artist, album, disc, track number."""
    def key(t: SimTrack) -> tuple:
        album, artist = lib.albums[t.album_key], lib.artists[t.artist_key]
        return (artist.title_sort.casefold(), album.title_sort.casefold(), album.rating_key, t.disc, t.index,
                t.rating_key)
    return [t.rating_key for t in sorted(lib.tracks.values(), key=key)]


def keys(items) -> set[int]:
    return {item.ratingKey for item in items}


@pytest.fixture
def music(plex_server: PlexServer) -> MusicSection:
    return plex_server.library.section("Music")


def test_plexapi_reads_the_server(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    assert plex_server.friendlyName == plex_sim.server_name
    assert plex_server.machineIdentifier == plex_sim.machine_identifier
    assert plex_server.version == plex_sim.version
    assert plex_server.myPlex is True
    assert plex_server.identity().machineIdentifier == plex_sim.machine_identifier


def test_the_music_section(music: MusicSection, plex_sim: PlexSimulator) -> None:
    assert isinstance(music, MusicSection)
    assert (music.key, music.type, music.title, music.locations) == (1, "artist", "Music", ["/music"])
    assert music.totalViewSize(libtype="track") == len(plex_sim.library.tracks)
    assert music.totalViewSize(libtype="album") == len(plex_sim.library.albums)


def test_all_tracks_arrive_page_by_page_in_order(music: MusicSection, plex_sim: PlexSimulator) -> None:
    plex_sim.reset_counters()
    tracks = music.searchTracks(container_size=64)
    assert [t.ratingKey for t in tracks] == default_order(plex_sim.library)
    pages = [path for _, path in plex_sim.requests if "/all?" in path]
    assert len(pages) == math.ceil(len(tracks) / 64)


def test_track_elements_carry_what_plexapi_reads(music: MusicSection, plex_sim: PlexSimulator) -> None:
    lib = plex_sim.library
    sim_track = next(t for t in lib.tracks.values() if t.user_rating and t.view_count and t.sonic and t.moods)
    track = music.searchTracks(filters={"id": sim_track.rating_key})[0]
    album, artist = lib.albums[sim_track.album_key], lib.artists[sim_track.artist_key]
    assert isinstance(track, Track)
    assert (track.title, track.grandparentTitle, track.parentTitle) == (sim_track.title, artist.title, album.title)
    assert (track.grandparentRatingKey, track.parentRatingKey) == (artist.rating_key, album.rating_key)
    assert (track.index, track.parentIndex, track.year) == (sim_track.index, sim_track.disc, sim_track.year)
    assert (track.duration, track.userRating, track.viewCount) == (sim_track.duration_ms, sim_track.user_rating,
                                                                   sim_track.view_count)
    assert track.originalTitle == sim_track.original_title
    assert track.locations == [sim_track.file]
    assert track.media[0].parts[0].size == sim_track.size_bytes
    assert int(track.addedAt.timestamp()) == sim_track.added_at
    assert int(track.updatedAt.timestamp()) == sim_track.updated_at
    assert int(track.lastViewedAt.timestamp()) == sim_track.last_viewed_at
    assert [g.tag for g in track.genres] == sim_track.genres and [m.tag for m in track.moods] == sim_track.moods
    assert track.hasSonicAnalysis and track.guid == sim_track.guid
    assert (track.librarySectionID, track.librarySectionTitle) == (1, "Music")


def test_artists_and_albums(music: MusicSection, plex_sim: PlexSimulator) -> None:
    lib = plex_sim.library
    artists = music.all()
    assert all(isinstance(a, Artist) for a in artists) and keys(artists) == set(lib.artists)
    assert keys(music.searchAlbums()) == set(lib.albums) == keys(music.albums())


def test_filters_return_exactly_the_matching_tracks(music: MusicSection, plex_sim: PlexSimulator) -> None:
    lib = plex_sim.library
    tracks = list(lib.tracks.values())
    cutoff = sorted(t.updated_at for t in tracks)[len(tracks) // 2]
    assert keys(music.searchTracks(filters={"updatedAt>>": datetime.fromtimestamp(cutoff)})) == {
        t.rating_key for t in tracks if t.updated_at > cutoff}
    assert keys(music.searchTracks(title="ll")) == {t.rating_key for t in tracks if "ll" in t.title.casefold()}
    some = tracks[5].title
    assert keys(music.searchTracks(filters={"title=": some.upper()})) == {
        t.rating_key for t in tracks if t.title.casefold() == some.casefold()}
    assert keys(music.searchTracks(filters={"title!": "e", "title<": "s"})) == {
        t.rating_key for t in tracks if "e" not in t.title.casefold() and t.title.casefold().startswith("s")}
    genre = tracks[0].genres[0]
    assert keys(music.searchTracks(filters={"genre": genre})) == {
        t.rating_key for t in tracks if genre in lib.albums[t.album_key].genres}
    assert keys(music.searchTracks(filters={"userRating>>": 6})) == {
        t.rating_key for t in tracks if t.user_rating is not None and t.user_rating > 6}
    artist = lib.artists[tracks[0].artist_key]
    assert keys(music.searchTracks(filters={"artist.title": artist.title})) >= set(
        t.rating_key for t in lib.artist_tracks(artist.rating_key))
    best = music.searchTracks(sort="userRating:desc", maxresults=3)
    assert [t.userRating for t in best] == sorted((t.user_rating for t in tracks if t.user_rating), reverse=True)[:3]


def test_items_children_and_parents(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    lib = plex_sim.library
    sim_album = next(a for a in lib.albums.values() if len(lib.album_tracks(a.rating_key)) > 3)
    first, second = lib.album_tracks(sim_album.rating_key)[:2]
    track = plex_server.fetchItem(first.rating_key)
    assert isinstance(track, Track) and track.title == first.title
    album = track.album()
    assert isinstance(album, Album) and album.title == sim_album.title and album.leafCount == len(album.tracks())
    assert [t.ratingKey for t in album.tracks()] == [t.rating_key for t in lib.album_tracks(sim_album.rating_key)]
    artist = track.artist()
    assert keys(artist.albums()) == {a.rating_key for a in lib.artist_albums(artist.ratingKey)}
    assert keys(artist.tracks()) == {t.rating_key for t in lib.artist_tracks(artist.ratingKey)}
    assert [t.ratingKey for t in plex_server.fetchItems([first.rating_key, second.rating_key])] == [
        first.rating_key, second.rating_key]


def test_unknown_ids_are_not_found(plex_server: PlexServer) -> None:
    with pytest.raises(NotFound):
        plex_server.fetchItem(999_999)
    with pytest.raises(NotFound):
        plex_server.fetchItem("/library/metadata/999999/children")
    with pytest.raises(NotFound):
        plex_server.library.sectionByID(2)


def test_hub_search_finds_titles_ignoring_case_and_accents(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    lib = plex_sim.library
    halo = lib.add_track("Halo", "Beyoncé", "I Am... Sasha Fierce")
    assert halo.artist_key in keys(plex_server.search("BEYONCE", mediatype="artist"))
    assert halo.rating_key in keys(plex_server.search("halo", mediatype="track"))
    cjk = next(t for t in lib.tracks.values() if t.title[0] >= "\u3040")
    found = plex_server.library.section("Music").hubSearch(cjk.title, mediatype="track", limit=50)
    assert cjk.rating_key in keys(found)
    assert len(plex_server.search("e", mediatype="track")) == 3  # the spec's default of 3 per hub


def test_rating_and_clearing(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    sim_track = next(t for t in plex_sim.library.tracks.values() if t.user_rating is None)
    track = plex_server.fetchItem(sim_track.rating_key)
    track.rate(7.0)
    assert plex_server.fetchItem(sim_track.rating_key).userRating == 7.0 == sim_track.user_rating
    track.rate()
    assert plex_server.fetchItem(sim_track.rating_key).userRating is None
    with pytest.raises(BadRequest):
        plex_server.query(f"/:/rate?key={sim_track.rating_key}&identifier=com.plexapp.plugins.library&rating=11",
                          method=plex_server._session.put)


def test_scrobble_counts_a_play(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    plex_sim.library.clock = lambda: 1_760_000_000
    sim_track = next(iter(plex_sim.library.tracks.values()))
    plays, updated = sim_track.view_count, sim_track.updated_at
    track = plex_server.fetchItem(sim_track.rating_key)
    track.markPlayed()
    again = plex_server.fetchItem(sim_track.rating_key)
    assert again.viewCount == plays + 1 and int(again.lastViewedAt.timestamp()) == 1_760_000_000
    assert sim_track.updated_at == updated  # plays live outside the metadata, as in Plex
    track.markUnplayed()
    assert plex_server.fetchItem(sim_track.rating_key).viewCount == 0


def test_sonically_similar(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    lib = plex_sim.library
    seed = next(t for t in lib.tracks.values() if t.sonic is not None)
    similar = plex_server.fetchItem(seed.rating_key).sonicallySimilar(limit=10, maxDistance=0.3)
    assert 0 < len(similar) <= 10 and seed.rating_key not in keys(similar)
    assert all(lib.tracks[t.ratingKey].sonic is not None and t.distance <= 0.3 for t in similar)
    assert [t.distance for t in similar] == sorted(t.distance for t in similar)
    unanalysed = next(t for t in lib.tracks.values() if t.sonic is None)
    assert plex_server.fetchItem(unanalysed.rating_key).sonicallySimilar() == []


def test_section_update_records_the_scan_and_runs_the_hook(music: MusicSection, plex_sim: PlexSimulator) -> None:
    def scanned(refresh) -> None:
        plex_sim.library.add_track("Downloaded", "New Artist", "New Album", file=f"{refresh.path}/01 - Downloaded.mp3")

    plex_sim.on_refresh = scanned
    music.update(path="/music/New Artist/New Album")
    assert [(r.section_id, r.path) for r in plex_sim.refreshes] == [(1, "/music/New Artist/New Album")]
    assert music.searchTracks(title="Downloaded")[0].locations == [
        "/music/New Artist/New Album/01 - Downloaded.mp3"]


def test_a_wrong_or_missing_token_is_unauthorized(plex_sim: PlexSimulator) -> None:
    with pytest.raises(Unauthorized):
        PlexServer(plex_sim.url, "wrong-token")
    for path in ("/", "/library/sections", "/library/metadata/1", "/playlists"):
        assert requests.get(plex_sim.url + path, timeout=5).status_code == 401
    assert requests.get(f"{plex_sim.url}/library/sections?X-Plex-Token={plex_sim.token}", timeout=5).status_code == 200
    assert requests.get(plex_sim.url + "/identity", timeout=5).status_code == 200  # public in the spec


def test_client_mistakes_are_bad_requests(plex_server: PlexServer) -> None:
    for key in ("/library/sections/1/all?type=abc", "/library/sections/1/all?nosuchfield=1",
                "/library/sections/1/all?X-Plex-Container-Size=-1", "/library/metadata/abc",
                "/hubs/search?query=", "/library/metadata/1/nearest?maxDistance=far"):
        with pytest.raises(BadRequest):
            plex_server.query(key)


def test_latency_and_request_counting(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    plex_sim.reset_counters()
    plex_sim.latency_ms = 60
    started = time.perf_counter()
    plex_server.query("/library/sections")
    assert time.perf_counter() - started >= 0.06
    plex_sim.latency_ms = 0
    plex_server.query(f"/library/sections?X-Plex-Token={plex_sim.token}")
    assert plex_sim.request_count == 2
    assert plex_sim.requests == [("GET", "/library/sections"), ("GET", "/library/sections?X-Plex-Token=***")]


def test_offline_and_back(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    plex_server.query("/identity")
    plex_sim.set_offline(True)
    with pytest.raises(requests.ConnectionError):
        plex_server.query("/identity", timeout=2)
    plex_sim.set_offline(False)
    assert plex_server.query("/identity").attrib["machineIdentifier"] == plex_sim.machine_identifier


def test_markup_and_scripts_survive_the_round_trip(plex_server: PlexServer, plex_sim: PlexSimulator) -> None:
    title = 'Rock & Roll <"Live"> 東京 – 서울\ttab'
    track = plex_sim.library.add_track(title, "AC/DC", "Bonfire & Friends", original_title="AC/DC feat. 周杰倫")
    got = plex_server.fetchItem(track.rating_key)
    assert (got.title, got.grandparentTitle, got.originalTitle) == (title, "AC/DC", "AC/DC feat. 周杰倫")
    assert got.locations == [track.file] and "AC_DC" in track.file
    assert plex_server.query(f"/library/metadata/{quote(str(track.rating_key))}")[0].attrib["title"] == title


def test_listing_50k_tracks_in_pages(capsys: pytest.CaptureFixture[str]) -> None:
    library = generate_library(50_000, seed=1)
    with PlexSimulator(library, latency_ms=2) as sim:
        session = requests.Session()
        session.headers["X-Plex-Token"] = sim.token
        for size in (1000, 5000):
            sim.reset_counters()
            started, start, seen = time.perf_counter(), 0, 0
            while True:
                response = session.get(f"{sim.url}/library/sections/1/all?type=10", timeout=30, headers={
                    "X-Plex-Container-Start": str(start), "X-Plex-Container-Size": str(size)})
                seen += response.text.count("<Track ")
                start += size
                if start >= int(response.headers["X-Plex-Container-Total-Size"]):
                    break
            with capsys.disabled():
                print(f"\n50,000 tracks in pages of {size}: {sim.request_count} requests, "
                      f"{time.perf_counter() - started:.2f}s (latency 2 ms)")
            assert seen == 50_000 and sim.request_count == 50_000 // size


def test_concurrent_clients_are_all_served_and_counted(plex_sim: PlexSimulator) -> None:
    from concurrent.futures import ThreadPoolExecutor

    track_keys = list(plex_sim.library.tracks)[:20]

    def client(worker: int) -> list[int]:
        session = requests.Session()
        session.headers["X-Plex-Token"] = plex_sim.token
        statuses = []
        for i in range(25):
            key = track_keys[(worker + i) % len(track_keys)]
            if i % 3 == 0:
                url = f"{plex_sim.url}/:/rate?key={key}&identifier=com.plexapp.plugins.library&rating={i % 11}"
                statuses.append(session.put(url, timeout=10).status_code)
            else:
                statuses.append(session.get(f"{plex_sim.url}/library/sections/1/all?type=10", timeout=10).status_code)
        return statuses

    plex_sim.reset_counters()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = [status for statuses in pool.map(client, range(8)) for status in statuses]
    assert results == [200] * 200 and plex_sim.request_count == 200
