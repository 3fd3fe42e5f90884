"""POST /api/playlists/import: an M3U/M3U8/CSV file becomes a Plex playlist, every line reported."""
from __future__ import annotations

import io


def _m3u(plex_sim, count=3):
    """An M3U of library files as another (Windows) machine names them, plus one unknown song."""
    tracks = list(plex_sim.library.tracks.values())[:count]
    lines = ["#EXTM3U"]
    for t in tracks:
        relative = t.file.split("/music/", 1)[1].replace("/", "\\")
        lines += [f"#EXTINF:{t.duration_ms // 1000},x - y", "E:\\Backup\\Music\\" + relative]
    lines += ["#EXTINF:200,Nobody - No Such Song", "E:\\Backup\\Music\\Nobody\\No Such Song.mp3"]
    return tracks, "\n".join(lines)


def test_upload_creates_the_playlist_in_file_order(plex_client, plex_sim):
    tracks, text = _m3u(plex_sim)
    response = plex_client.post(
        "/api/playlists/import",
        data={"file": (io.BytesIO(text.encode("utf-8")), "Road trip.m3u8"), "title": "Road trip"},
        headers={"X-PlexM8-Upload": "1"},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["total"], body["matched"], body["unmatched"]) == (4, 3, 1)
    assert body["unmatched_items"][0]["line"] == 4 and body["unmatched_items"][0]["reason"]
    playlist = plex_sim.library.playlists[int(body["playlist"]["ratingKey"])]
    assert playlist.title == "Road trip"
    assert [key for _item, key in playlist.items] == [t.rating_key for t in tracks]


def test_upload_needs_the_upload_header(plex_client, plex_sim):
    _tracks, text = _m3u(plex_sim)
    response = plex_client.post("/api/playlists/import", data={"file": (io.BytesIO(text.encode()), "a.m3u")})
    assert response.status_code == 415
    assert not plex_sim.library.playlists


def test_path_with_a_path_map(plex_client, plex_sim, tmp_path):
    tracks = list(plex_sim.library.tracks.values())[:2]
    lines = [f"/Volumes/Old/{t.file.split('/music/', 1)[1]}" for t in tracks]
    # the same file names in another folder layout: only the path map can tell
    file = tmp_path / "mapped.m3u"
    file.write_text("\n".join(lines), encoding="utf-8")
    response = plex_client.post(
        "/api/playlists/import",
        json={"path": str(file), "title": "Mapped", "path_map": [{"from": "/Volumes/Old", "to": "/music"}]},
    )
    assert response.status_code == 201, response.get_json()
    assert [m["reasons"] for m in response.get_json()["matches"]] == [["file path"], ["file path"]]


def test_existing_title_is_409_and_nothing_matched_is_422(plex_client, plex_sim, tmp_path):
    _tracks, text = _m3u(plex_sim)
    file = tmp_path / "list.m3u8"
    file.write_text(text, encoding="utf-8")
    assert plex_client.post("/api/playlists/import", json={"path": str(file), "title": "Once"}).status_code == 201
    again = plex_client.post("/api/playlists/import", json={"path": str(file), "title": "Once"})
    assert again.status_code == 409
    nothing = tmp_path / "nothing.m3u"
    nothing.write_text("#EXTINF:100,Nobody - Nothing\n/x/Nobody/Nothing.mp3\n", encoding="utf-8")
    count = len(plex_sim.library.playlists)
    response = plex_client.post("/api/playlists/import", json={"path": str(nothing), "title": "Empty"})
    assert response.status_code == 422
    assert len(plex_sim.library.playlists) == count


def test_missing_file_is_422(plex_client):
    response = plex_client.post("/api/playlists/import", json={"path": "/no/such/file.m3u"})
    assert response.status_code == 422 and response.get_json()["field"] == "path"
