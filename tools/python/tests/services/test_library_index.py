"""The library index: a full build in pages, incremental refresh by updatedAt, removals noticed."""
from __future__ import annotations

import contextlib

from plexm8.models.entities import LibraryTrack


def _refresh(app, full=False):
    runtime = app.extensions["plexm8"]
    with runtime.db.connection_context():
        server = runtime.servers.default()
        report = runtime.library.refresh(server.id, runtime.servers.resolve().service, full=full)
        rows = {r.rating_key: r for r in LibraryTrack.select()}
        index = runtime.library.match_index(server.id)
    return report, rows, index


def test_full_then_incremental_refresh(plex_app, plex_sim):
    library = plex_sim.library
    report, rows, index = _refresh(plex_app)
    assert report.mode == "full" and report.total == len(library.tracks) == len(rows) == len(index)
    some = next(iter(library.tracks.values()))
    stored = rows[some.rating_key]
    assert stored.title == some.title and stored.file_path == some.file and stored.duration_ms == some.duration_ms

    plex_sim.reset_counters()
    report, rows, _ = _refresh(plex_app)
    assert report.mode == "incremental" and report.upserted <= 5
    assert plex_sim.request_count <= 4  # listing of changes + a count, not the whole library

    new = library.add_track("Brand New Song", "New Artist", "New Album", duration_ms=200_000)
    library.update_track(some.rating_key, title="Renamed Song")
    report, rows, index = _refresh(plex_app)
    assert report.mode == "incremental"
    assert rows[new.rating_key].title == "Brand New Song"
    assert rows[some.rating_key].title == "Renamed Song"
    assert index.get(str(some.rating_key)).title == "Renamed Song"


def test_removed_tracks_leave_the_index(plex_app, plex_sim):
    _refresh(plex_app)
    victim = next(iter(plex_sim.library.tracks))
    plex_sim.library.remove_track(victim)
    plex_sim.reset_counters()
    report, rows, index = _refresh(plex_app)
    assert victim not in rows and str(victim) not in index
    assert report.removed == 1 and report.mode == "incremental+rescan"
    assert len([path for _method, path in plex_sim.requests if "/all?type=8" in path]) == 1  # listed once


def test_full_build_pages_through_a_library_bigger_than_a_page(make_app):
    from plexm8.devtools.plex_simulator import PlexSimulator
    from plexm8.devtools.sample_library import generate_library

    with PlexSimulator(generate_library(12_000, seed=3)) as sim:
        app = make_app(plex_server_url=sim.url, plex_token=sim.token)
        report, rows, _ = _refresh(app)
        assert report.total == len(rows) == 12_000
        listing = [path for method, path in sim.requests if "/all?type=10" in path]
        assert len(listing) == 3  # pages of 5,000
        assert len([path for method, path in sim.requests if "/all?type=8" in path]) == 1  # the artists' sort names


def test_sort_names_are_stored_and_match_romanised_titles(plex_app, plex_sim):
    from plexm8.services.external import ExternalTrack
    from plexm8.services.matching import match_track

    track = plex_sim.library.add_track("チェリー", "スピッツ", "インディゴ地平線", duration_ms=262_000,
                                       title_sort="Cherry", artist_sort="Spitz")
    plain = plex_sim.library.add_track("夜に駆ける", "YOASOBI", "THE BOOK", duration_ms=261_000)
    _report, rows, index = _refresh(plex_app, full=True)
    assert rows[track.rating_key].title_sort == "Cherry" and rows[track.rating_key].artist_sort == "Spitz"
    assert rows[plain.rating_key].title_sort == "" and rows[plain.rating_key].artist_sort == ""
    spotify = ExternalTrack("s1", "Cherry", ("Spitz",), "", 262_000)
    result = match_track(spotify, index)
    assert result.track is not None and result.track.rating_key == str(track.rating_key)
    assert result.reasons[0] == "title exact via titleSort"
    deezer = ExternalTrack("d1", "Yoru ni Kakeru", ("YOASOBI",), "", 261_000)
    result = match_track(deezer, index)
    assert result.track is not None and result.track.rating_key == str(plain.rating_key)
    assert result.reasons[0] == "title exact when romanised"


def test_progress_is_visible_while_the_index_builds(make_app):
    import threading
    import time

    from plexm8.devtools.plex_simulator import PlexSimulator
    from plexm8.devtools.sample_library import generate_library

    with PlexSimulator(generate_library(15_000, seed=4), latency_ms=150) as sim:
        app = make_app(plex_server_url=sim.url, plex_token=sim.token)
        client = app.test_client()
        worker = threading.Thread(target=_refresh, args=(app,))
        worker.start()
        seen = []
        while worker.is_alive():
            state = client.get("/api/sync/library").get_json()
            if state["status"] == "building":
                seen.append(state["progress"]["done"])
            time.sleep(0.02)
        worker.join()
        assert any(0 < done < 15_000 for done in seen), seen
        assert client.get("/api/sync/library").get_json()["status"] == "ready"


def test_plex_going_away_mid_build_fails_the_build_with_a_clear_error(make_app):
    import threading

    import pytest
    from plexm8.devtools.plex_simulator import PlexSimulator
    from plexm8.devtools.sample_library import generate_library
    from plexm8.errors import APIError

    with PlexSimulator(generate_library(12_000, seed=5)) as sim:
        app = make_app(plex_server_url=sim.url, plex_token=sim.token)
        track_pages = []

        def on_request(method: str, target: str) -> None:
            if "type=10" in target:
                track_pages.append(target)
                if len(track_pages) == 2:  # the second page of tracks: Plex is gone
                    sim.set_offline(True)

        sim.on_request = on_request
        with pytest.raises(APIError) as failure:
            _refresh(app)
        assert failure.value.status in (502, 503, 504)
        assert not [t for t in threading.enumerate() if t.name.startswith("plex-listing")]  # its threads ended too
        runtime = app.extensions["plexm8"]
        with runtime.db.connection_context():
            state = runtime.library.state(runtime.servers.default().id)
        assert state["status"] == "failed" and state["error"]
        assert _secondary_indexes(runtime.db.database) == MIGRATED  # the cold build put them back as it failed


def _secondary_indexes(db_file: str) -> dict[str, list[str]]:
    """The secondary indexes of library_track and their columns, read through a connection of our own."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(db_file)) as con:
        names = [row[1] for row in con.execute("PRAGMA index_list(library_track)") if row[3] == "c"]
        return {name: [col[2] for col in con.execute(f"PRAGMA index_info({name})")] for name in names}


MIGRATED = {"library_track_title_key": ["server_id", "title_key"], "library_track_file_path": ["server_id", "file_path"]}


def test_a_cold_build_creates_the_indexes_once_at_its_end_and_a_rebuild_keeps_them(make_app):
    from plexm8.devtools.plex_simulator import PlexSimulator
    from plexm8.devtools.sample_library import generate_library

    with PlexSimulator(generate_library(6_000, seed=6)) as sim:
        app = make_app(plex_server_url=sim.url, plex_token=sim.token)
        db_file = app.extensions["plexm8"].db.database
        assert _secondary_indexes(db_file) == MIGRATED
        during: list[dict[str, list[str]]] = []  # the indexes as each build asks for its last page of tracks

        def on_request(method: str, target: str) -> None:
            if "type=10" in target:
                during.append(_secondary_indexes(db_file))

        sim.on_request = on_request
        report, rows, _ = _refresh(app, full=True)
        assert report.total == len(rows) == 6_000
        assert during == [{}, {}]  # the empty table was filled without keeping indexes up to date row by row...
        assert _secondary_indexes(db_file) == MIGRATED  # ...and has them once built

        some = next(iter(sim.library.tracks.values()))
        runtime = app.extensions["plexm8"]
        with runtime.db.connection_context():
            found = runtime.library.search(runtime.servers.default().id, some.title, limit=100)
        assert some.rating_key in {int(t["ratingKey"]) for t in found}  # search works right after the build

        during.clear()
        _refresh(app, full=True)
        assert during == [MIGRATED, MIGRATED]  # a table with rows keeps its indexes while a rebuild runs


_BUILD_IN_A_CHILD = """
import sys
from pathlib import Path
from plexm8 import create_app
from plexm8.config import Settings
app = create_app(Settings(data_dir=Path(sys.argv[1]), scheduler_enabled=False, plex_server_url=sys.argv[2],
                          plex_token=sys.argv[3]))
runtime = app.extensions["plexm8"]
runtime.start(workers=False)
with runtime.db.connection_context():
    runtime.library.refresh(runtime.servers.default().id, runtime.servers.resolve().service, full=True)
"""


def test_a_build_killed_halfway_is_never_taken_for_a_complete_index(make_app, tmp_path):
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time
    from pathlib import Path

    from plexm8.devtools.plex_simulator import PlexSimulator
    from plexm8.devtools.sample_library import generate_library

    with PlexSimulator(generate_library(12_000, seed=8), latency_ms=400) as sim:
        data = tmp_path / "data"
        make_app(plex_server_url=sim.url, plex_token=sim.token).extensions["plexm8"].close()  # the store exists
        child = subprocess.Popen([sys.executable, "-c", _BUILD_IN_A_CHILD, str(data), sim.url, sim.token],
                                 cwd=Path(__file__).resolve().parents[2], env=dict(os.environ))
        db_file = str(data / "plexm8.db")
        stored, deadline = 0, time.monotonic() + 60
        while stored == 0 and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            with contextlib.closing(sqlite3.connect(db_file)) as con:
                stored = con.execute("SELECT count(*) FROM library_track").fetchone()[0]
        os.kill(child.pid, signal.SIGKILL)  # the power goes out mid-build
        child.wait()
        assert 0 < stored < 12_000

        app = make_app(plex_server_url=sim.url, plex_token=sim.token)
        runtime = app.extensions["plexm8"]
        with runtime.db.connection_context():
            server_id = runtime.servers.default().id
            assert runtime.library.state(server_id)["status"] != "ready"
        sim.latency_ms = 0
        report, rows, index = _refresh(app)  # an ordinary refresh, as the next sync makes
        assert report.mode == "full" and report.total == len(rows) == len(index) == 12_000
        assert _secondary_indexes(db_file) == MIGRATED
        with runtime.db.connection_context():
            assert runtime.library.state(server_id)["status"] == "ready"
