"""Journalled playlist writes left half-done (the process died between two requests) are finished at start."""
from __future__ import annotations

from plexm8.models.entities import PlaylistWrite
from plexm8.services.playlists.journal import Journal
from plexm8.services.plex_service import PlaylistWriter, PlexLibraryCalls


def _keys(plex_sim, count: int) -> list[int]:
    return sorted(plex_sim.library.tracks)[:count]


def _playlist(plex_sim, title: str) -> list[int]:
    playlist = next(p for p in plex_sim.library.playlists.values() if p.title == title)
    return [key for _item, key in playlist.items]


def test_an_interrupted_creation_and_addition_are_finished_at_start(plex_app, plex_sim):
    runtime = plex_app.extensions["plexm8"]
    calls = PlexLibraryCalls(runtime.servers.resolve().service)
    writer = PlaylistWriter(calls)
    planned = _keys(plex_sim, 300)

    # a creation journalled, then only its first chunk sent before the "crash"
    created = Journal.begin("create", title="Half made", mode="mirror", planned=planned)
    key = writer.create("Half made", planned[:100])
    created.set_key(key)
    # an addition of 250 tracks after the 3 entries a playlist had, stopped after its first chunk
    base = writer.create("Grown", planned[:3])
    added = Journal.begin("add", title="Grown", mode="extend", planned=planned[50:300], playlist_key=base, base=3)
    writer.add(base, planned[50:150])
    # a creation whose ratingKey never reached the journal
    Journal.begin("create", title="Keyless", mode="mirror", planned=planned[:150])
    writer.create("Keyless", planned[:100])

    assert runtime.sync.finish_interrupted() == 0
    assert _playlist(plex_sim, "Half made") == planned
    assert _playlist(plex_sim, "Grown") == planned[:3] + planned[50:300]
    assert _playlist(plex_sim, "Keyless") == planned[:150]
    assert [w.status for w in PlaylistWrite.select()] == ["done"] * 3
    assert PlaylistWrite.get_by_id(created.row.id).playlist_key == key
    assert PlaylistWrite.get_by_id(added.row.id).writes == 1  # the 150 still missing, nothing twice
    assert runtime.sync.finish_interrupted() == 0  # nothing left: a second start changes nothing
