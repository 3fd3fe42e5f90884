"""Ratings from audio file tags (real MP3/FLAC/Ogg/Opus/M4A files written in the test) and foobar2000 exports."""
from __future__ import annotations

from pathlib import Path

import pytest
from plexm8.services.ratings.importer.tags import read_tags_path

from tests.ratings.audio_files import write_flac, write_m4a, write_mp3, write_ogg_vorbis, write_opus

ARTIST, ALBUM = "Tag Artist", "Tagged Album"


@pytest.fixture
def tagged(plex_sim, tmp_path):
    """Five Plex tracks in five formats, and the same files on 'this computer' with rating tags."""
    library = plex_sim.library
    names = {"mp3": "01 - Popm.mp3", "flac": "02 - Vorbis.flac", "ogg": "03 - Fmps.ogg", "opus": "04 - Opus.opus",
             "m4a": "05 - Freeform.m4a"}
    keys = {}
    for kind, name in names.items():
        title = name[5:].rsplit(".", 1)[0]
        track = library.add_track(title, ARTIST, ALBUM, file=f"/music/{ARTIST}/{ALBUM}/{name}", duration_ms=1000)
        keys[kind] = track.rating_key
    folder = tmp_path / "My Music" / ARTIST / ALBUM
    common = {"artist": ARTIST, "album": ALBUM}
    write_mp3(folder / names["mp3"], title="Popm", popm=[("Windows Media Player 9 Series", 64), ("MusicBee", 196)],
              **common)
    write_flac(folder / names["flac"], title="Vorbis", RATING="60", **common)
    write_ogg_vorbis(folder / names["ogg"], title="Fmps", FMPS_RATING="0.9", **common)
    write_opus(folder / names["opus"], title="Opus", RATING="4.5", **common)
    write_m4a(folder / names["m4a"], title="Freeform", freeform={"RATING": "40"}, **common)
    write_flac(folder / "06 - Unrated.flac", title="Unrated", **common)
    write_mp3(tmp_path / "My Music" / "Elsewhere" / "Nobody - Nothing.mp3", title="Nothing", artist="Nobody",
              album="None", popm=[("MusicBee", 255)])
    (folder / "07 - Broken.flac").write_bytes(b"fLaC but not really")
    (folder / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    return {"root": tmp_path / "My Music", "folder": folder, "keys": keys}


EXPECTED = {"mp3": 8.0, "flac": 6.0, "ogg": 9.0, "opus": 9.0, "m4a": 4.0}


def test_reading_a_folder_of_tagged_files(tagged):
    result = read_tags_path(tagged["root"])
    ratings = {Path(e.path).name: e.rating for e in result.entries}
    assert ratings == {"01 - Popm.mp3": 8.0, "02 - Vorbis.flac": 6.0, "03 - Fmps.ogg": 9.0, "04 - Opus.opus": 9.0,
                       "05 - Freeform.m4a": 4.0, "Nobody - Nothing.mp3": 10.0}
    assert (result.read, result.skipped) == (8, 2)  # the unrated FLAC and the broken one
    assert len(result.warnings) == 1 and "07 - Broken.flac" in result.warnings[0]
    popm = next(e for e in result.entries if e.path.endswith("Popm.mp3"))
    assert (popm.title, popm.artist, popm.album) == ("Popm", ARTIST, ALBUM)


def test_tags_import_through_the_api(plex_client, plex_sim, tagged):
    plex_sim.reset_counters()
    dry = plex_client.post("/api/ratings/sync", json={"source": "tags", "path": str(tagged["root"])}).get_json()
    assert dry["dry_run"] is True and dry["synced"] == 5 and dry["unmatched"] == 1
    assert {c["matched_by"] for c in dry["changes"]} == {"path"}
    assert not [r for r in plex_sim.requests if r[0] == "PUT"]

    real = plex_client.post("/api/ratings/sync", json={"source": "tags", "path": str(tagged["root"]),
                                                       "dry_run": False}).get_json()
    assert real["synced"] == 5
    assert {kind: plex_sim.library.tracks[key].user_rating for kind, key in tagged["keys"].items()} == EXPECTED
    again = plex_client.post("/api/ratings/sync", json={"source": "tags", "path": str(tagged["root"]),
                                                        "dry_run": False}).get_json()
    assert (again["synced"], again["unchanged"]) == (0, 5)


def test_one_tagged_file_by_path_and_by_upload(plex_client, plex_sim, tagged):
    file = tagged["folder"] / "02 - Vorbis.flac"
    by_path = plex_client.post("/api/ratings/sync", json={"source": "tags", "path": str(file), "dry_run": False})
    assert by_path.get_json()["synced"] == 1
    assert plex_sim.library.tracks[tagged["keys"]["flac"]].user_rating == 6.0
    upload = plex_client.post(
        "/api/ratings/sync",
        data={"file": ((tagged["folder"] / "03 - Fmps.ogg").open("rb"), "03 - Fmps.ogg"), "source": "tags",
              "dry_run": "false"},
        headers={"X-PlexM8-Upload": "1"},
    ).get_json()
    # an uploaded file has no folder: it is matched by its tags
    assert upload["synced"] == 1 and upload["changes"][0]["matched_by"] == "metadata"
    assert plex_sim.library.tracks[tagged["keys"]["ogg"]].user_rating == 9.0


def test_tags_path_errors(plex_client, tagged, tmp_path):
    picture = tagged["folder"] / "cover.jpg"
    for path in (str(picture), "/"):
        response = plex_client.post("/api/ratings/sync", json={"source": "tags", "path": path})
        assert response.status_code == 422 and response.get_json()["field"] == "path"


FOOBAR_ROWS = "{artist}\t{title}\t{album}\t{path}\t{stars}"


def _foobar_line(plex_sim, track, stars, root="D:\\Music\\"):
    library = plex_sim.library
    relative = track.file.split("/music/", 1)[1].replace("/", "\\")
    return FOOBAR_ROWS.format(artist=library.artists[track.artist_key].title, title=track.title,
                              album=library.albums[track.album_key].title, path=root + relative, stars=stars)


@pytest.mark.parametrize("delimiter, suffix", [("\t", ".tsv"), (",", ".csv")])
def test_foobar_export_through_the_api(plex_client, plex_sim, tmp_path, delimiter, suffix):
    tracks = [t for t in sorted(plex_sim.library.tracks.values(), key=lambda t: t.rating_key)
              if "," not in t.title + t.file][:3]
    for track in tracks:
        plex_sim.library.rate(track.rating_key, None)
    lines = ["artist\ttitle\talbum\tpath\trating"]
    lines += [_foobar_line(plex_sim, t, stars) for t, stars in zip(tracks, (5, 3, "?"))]
    file = tmp_path / f"foobar{suffix}"
    file.write_text("\n".join(line.replace("\t", delimiter) for line in lines), encoding="utf-8")
    body = plex_client.post("/api/ratings/sync", json={"source": "foobar2000", "path": str(file),
                                                       "dry_run": False}).get_json()
    assert (body["synced"], body["skipped"], body["unmatched"]) == (2, 1, 0)
    assert [plex_sim.library.tracks[t.rating_key].user_rating for t in tracks] == [10.0, 6.0, None]
    assert {c["matched_by"] for c in body["changes"]} == {"path"}


def test_foobar_upload(plex_client, plex_sim):
    track = sorted(plex_sim.library.tracks.values(), key=lambda t: t.rating_key)[2]
    plex_sim.library.rate(track.rating_key, None)
    import io

    data = ("Artist\tTitle\tAlbum\tPath\tRating\n" + _foobar_line(plex_sim, track, 4)).encode("utf-8")
    response = plex_client.post(
        "/api/ratings/sync",
        data={"file": (io.BytesIO(data), "ratings.txt"), "source": "foobar2000", "dry_run": "0"},
        headers={"X-PlexM8-Upload": "1"},
    )
    assert response.status_code == 200, response.get_json()
    assert plex_sim.library.tracks[track.rating_key].user_rating == 8.0


def test_foobar_path_must_be_an_export_file(plex_client, tmp_path):
    xml = tmp_path / "library.xml"
    xml.write_text("<plist/>")
    response = plex_client.post("/api/ratings/sync", json={"source": "foobar2000", "path": str(xml)})
    assert response.status_code == 422 and response.get_json()["field"] == "path"
    response = plex_client.post("/api/ratings/sync", json={"source": "itunes", "path": str(tmp_path)})
    assert response.status_code == 422 and response.get_json()["field"] == "path"
