"""GET /api/playlists/<id>/export: M3U8 with file paths, CSV and JSON downloads, read page by page."""
from __future__ import annotations

import csv
import io
import json

import pytest
from plexm8.services.playlists.export import CSV_COLUMNS, safe_filename
from plexm8.services.providers.files import parse_m3u

from tests.playlists.conftest import entries, track_keys


def _export(client, playlist_key, fmt):
    response = client.get(f"/api/playlists/{playlist_key}/export?format={fmt}")
    assert response.status_code == 200, response.get_json()
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return response


def test_m3u8_lists_every_file_in_order_and_parses_back(plex_client, plex_sim, regular):
    response = _export(plex_client, regular, "m3u8")
    assert response.mimetype == "audio/x-mpegurl"
    assert response.headers["Content-Disposition"] == 'attachment; filename="Road trip.m3u8"'
    text = response.data.decode("utf-8")
    lines = text.splitlines()
    assert lines[:2] == ["#EXTM3U", "#PLAYLIST:Road trip"]
    tracks = [plex_sim.library.tracks[k] for k in track_keys(plex_sim, regular)]
    first, artist = tracks[0], plex_sim.library.artists[tracks[0].artist_key].title
    shown_artist = first.original_title or artist
    assert lines[2] == f"#EXTINF:{round(first.duration_ms / 1000)},{shown_artist} - {first.title}"
    parsed = parse_m3u(response.data)
    assert parsed.name == "Road trip"
    assert [t.file_path for t in parsed.tracks] == [t.file for t in tracks]
    assert [t.title for t in parsed.tracks] == [t.title for t in tracks]


def test_csv_has_a_header_and_one_row_per_entry(plex_client, plex_sim, regular):
    first_key = track_keys(plex_sim, regular)[0]
    plex_sim.library.rate(first_key, 7.5)
    response = _export(plex_client, regular, "csv")
    assert response.mimetype == "text/csv" and response.mimetype_params.get("charset") == "utf-8"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    keys = track_keys(plex_sim, regular)
    assert [int(r["position"]) for r in rows] == list(range(1, len(keys) + 1))
    assert [r["track_key"] for r in rows] == [f"/library/metadata/{k}" for k in keys]
    tracks = [plex_sim.library.tracks[k] for k in keys]
    assert [r["file_path"] for r in rows] == [t.file for t in tracks]
    assert [int(r["duration_ms"]) for r in rows] == [t.duration_ms for t in tracks]
    assert rows[0]["rating"] == "7.5"
    assert [r["rating"] for r in rows[1:]] == [
        "" if t.user_rating is None else f"{t.user_rating:g}" for t in tracks[1:]]


def test_json_holds_the_playlist_and_its_entries(plex_client, plex_sim, regular):
    response = _export(plex_client, regular, "json")
    assert response.mimetype == "application/json"
    document = json.loads(response.data)
    assert document["playlist"]["ratingKey"] == str(regular) and document["playlist"]["leafCount"] == 120
    assert document["exported_at"].endswith("Z")
    assert [(t["playlistItemID"], int(t["ratingKey"])) for t in document["tracks"]] == entries(plex_sim, regular)
    assert document["tracks"][0]["position"] == 1
    assert document["tracks"][0]["file_path"] == plex_sim.library.tracks[track_keys(plex_sim, regular)[0]].file


def test_smart_playlists_export_too(plex_client, smart):
    document = json.loads(_export(plex_client, smart, "json").data)
    assert len(document["tracks"]) == 30 and document["playlist"]["smart"] == 1
    assert all(t["playlistItemID"] is None for t in document["tracks"])


def test_export_reads_pages_not_tracks(connected, plex_sim, library_keys):
    big = plex_sim.library.create_playlist("Everything twice and more", library_keys * 8 + library_keys[:100])
    plex_sim.reset_counters()
    response = _export(connected, big.rating_key, "m3u8")
    assert len(parse_m3u(response.data).tracks) == 2500
    assert plex_sim.requests == [("GET", f"/playlists/{big.rating_key}")] + \
        [("GET", f"/playlists/{big.rating_key}/items")] * 3  # pages of 1000


def test_unknown_playlist_and_format(plex_client, regular):
    assert plex_client.get("/api/playlists/31337/export?format=csv").status_code == 404
    bad = plex_client.get(f"/api/playlists/{regular}/export?format=xspf")
    assert bad.status_code == 400 and "format" in bad.get_json()["message"]
    default = plex_client.get(f"/api/playlists/{regular}/export")
    assert default.status_code == 200 and default.mimetype == "audio/x-mpegurl"


def test_export_filenames_are_safe(plex_client, plex_sim, regular):
    plex_sim.library.edit_playlist(regular, title='AC/DC: "Live" <1991>?')
    disposition = _export(plex_client, regular, "csv").headers["Content-Disposition"]
    assert 'filename="AC_DC_ _Live_ _1991.csv"' in disposition
    plex_sim.library.edit_playlist(regular, title="周杰伦 精选")
    disposition = _export(plex_client, regular, "json").headers["Content-Disposition"]
    assert "filename*=UTF-8''%E5%91%A8" in disposition


@pytest.mark.parametrize("title, expected", [
    ("Road trip", "Road trip.m3u8"),
    ("../../etc/passwd", "etc_passwd.m3u8"),
    ("a\\b\r\nc", "a_b_c.m3u8"),
    ("...", "playlist.m3u8"),
    ("CON", "playlist CON.m3u8"),
    ("x" * 300, "x" * 120 + ".m3u8"),
    ("Café Noir", "Café Noir.m3u8"),
])
def test_safe_filename(title, expected):
    assert safe_filename(title, "m3u8") == expected


def test_round_trip_export_then_import_recreates_the_order(plex_client, plex_sim, regular):
    exported = _export(plex_client, regular, "m3u8").data
    response = plex_client.post(
        "/api/playlists/import",
        data={"file": (io.BytesIO(exported), "Road trip.m3u8"), "title": "Road trip (copy)"},
        headers={"X-PlexM8-Upload": "1"},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["matched"], body["unmatched"]) == (120, 0)
    assert track_keys(plex_sim, body["playlist"]["ratingKey"]) == track_keys(plex_sim, regular)
