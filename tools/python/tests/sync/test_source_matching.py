"""match_external: a typed outcome per source track saying how it matched (pinned, path or metadata)."""
from __future__ import annotations

from plexm8.services.external import ExternalTrack
from plexm8.services.sync.source_matching import MatchOutcome, match_external


def test_each_outcome_says_how_it_matched(plex_app, plex_sim):
    runtime = plex_app.extensions["plexm8"]
    server, service = runtime.servers.resolve()
    runtime.library.refresh(server.id, service)
    first, second, third = sorted(plex_sim.library.tracks.values(), key=lambda t: t.rating_key)[:3]
    artist = plex_sim.library.artists[second.artist_key].title
    tracks = [
        ExternalTrack("by-file", "whatever the title says", file_path=first.file),
        ExternalTrack("by-tags", second.title, (artist,), duration_ms=second.duration_ms),
        ExternalTrack("pinned", "pinned title"),
        ExternalTrack("never", third.title, (artist,)),
    ]
    outcomes = match_external(runtime.library, server.id, tracks, pins={"pinned": third.rating_key, "never": None})
    assert all(isinstance(o, MatchOutcome) for o in outcomes)
    assert [(o.method, o.rating_key) for o in outcomes] == [
        ("path", first.rating_key), ("metadata", second.rating_key), ("pinned", third.rating_key), ("pinned", None),
    ]
    assert [o.pinned for o in outcomes] == [False, False, True, True]
    assert outcomes[3].reason == "pinned: never match this track" and not outcomes[3].matched
