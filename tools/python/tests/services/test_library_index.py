"""The library index: a full build in pages, incremental refresh by updatedAt, removals noticed."""
from __future__ import annotations

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
    report, rows, index = _refresh(plex_app)
    assert victim not in rows and str(victim) not in index
    assert report.removed == 1


def test_full_build_pages_through_a_library_bigger_than_a_page(make_app):
    from plexm8.devtools.plex_simulator import PlexSimulator
    from plexm8.devtools.sample_library import generate_library

    with PlexSimulator(generate_library(12_000, seed=3)) as sim:
        app = make_app(plex_server_url=sim.url, plex_token=sim.token)
        report, rows, _ = _refresh(app)
        assert report.total == len(rows) == 12_000
        listing = [path for method, path in sim.requests if "/all?" in path]
        assert len(listing) == 3  # pages of 5,000


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
