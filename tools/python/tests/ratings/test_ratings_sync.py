"""POST /api/ratings/sync with library XML from other computers: dry run, real run, second run, policies."""
from __future__ import annotations

import pytest

from tests.ratings.conftest import role_entries
from tests.ratings.library_xml import WINDOWS_ROOT, library_xml, relative, track_entry


def _by_key(items):
    return {item["track_key"]: item for item in items}


def test_dry_run_reports_every_outcome_and_writes_nothing(ratings_env, itunes_file):
    env = ratings_env
    env.sim.reset_counters()
    response = env.sync(source="itunes", path=str(itunes_file), policy="overwrite")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["dry_run"] is True and body["source"] == "itunes"
    # new, raise, lower, dup, meta would change; same is equal; the duplicate's two ratings disagree
    assert (body["synced"], body["unchanged"], body["conflicts"], body["failed"], body["unmatched"]) == (5, 1, 1, 0, 1)
    assert body["skipped"] == 2  # Rating Computed and unrated
    changes = _by_key(body["changes"])
    assert set(changes) == {env.key(r) for r in ("new", "raise", "lower", "dup", "meta")}
    assert changes[env.key("raise")]["old_rating"] == 6.0 and changes[env.key("raise")]["new_rating"] == 10.0
    assert changes[env.key("dup")]["new_rating"] == 8.0  # the higher of 60 and 80
    assert changes[env.key("meta")]["matched_by"] == "metadata"
    assert changes[env.key("new")]["matched_by"] == "path"
    assert changes[env.key("new")]["title"] == env.tracks["new"].title
    [duplicate] = body["conflict_items"]
    assert duplicate["kind"] == "duplicate" and duplicate["source_ratings"] == [6.0, 8.0]
    [missing] = body["unmatched_items"]
    assert missing["title"] == "No Such Song" and missing["path"].startswith("/Users/me/Music/iTunes/")
    assert missing["reason"]
    assert "Dry run" in body["message"]
    assert env.rate_writes() == []
    assert env.rating("new") is None and env.rating("raise") == 6.0


def test_real_run_sets_the_ratings_and_a_second_run_changes_nothing(ratings_env, itunes_file):
    env = ratings_env
    env.sim.reset_counters()
    body = env.sync(source="itunes", path=str(itunes_file), policy="overwrite", dry_run=False).get_json()
    assert body["dry_run"] is False and body["synced"] == 5 and body["failed"] == 0
    assert {r: env.rating(r) for r in env.tracks} == {
        "new": 8.0, "raise": 10.0, "lower": 4.0, "same": 6.0, "computed": None, "unrated": None, "dup": 8.0,
        "meta": 10.0,
    }
    assert len(env.rate_writes()) == 5  # only the ratings that change
    # current ratings came from one filtered listing, not a request per track
    listings = [p for m, p in env.sim.requests if m == "GET" and "userRating" in p]
    assert len(listings) == 1

    env.sim.reset_counters()
    again = env.sync(source="itunes", path=str(itunes_file), policy="overwrite", dry_run=False).get_json()
    assert (again["synced"], again["unchanged"], again["conflicts"]) == (0, 6, 1)
    assert again["changes"] == []
    assert env.rate_writes() == []


def test_musicbee_xml_with_windows_paths_and_half_stars(ratings_env, tmp_path):
    env = ratings_env
    library = env.sim.library
    entries = [
        track_entry(1, env.tracks["new"], library, root=WINDOWS_ROOT, rating=70),  # 3.5 stars
        track_entry(2, env.tracks["raise"], library, root=WINDOWS_ROOT, rating=90),
    ]
    assert entries[0]["Location"].startswith("file://localhost/C:/Users/Me/Music/MusicBee/")
    path = tmp_path / "iTunes Music Library.xml"
    path.write_bytes(library_xml(entries, music_folder=WINDOWS_ROOT))
    body = env.sync(source="musicbee", path=str(path), policy="overwrite", dry_run=False).get_json()
    assert body["source"] == "musicbee" and body["synced"] == 2
    assert {c["matched_by"] for c in body["changes"]} == {"path"}
    assert env.rating("new") == 7.0 and env.rating("raise") == 9.0


@pytest.mark.parametrize("policy, synced, conflicts, after", [
    ("overwrite", 5, 1, {"raise": 10.0, "lower": 4.0, "new": 8.0}),
    ("only-unrated", 3, 3, {"raise": 6.0, "lower": 8.0, "new": 8.0}),
    ("keep-higher", 4, 2, {"raise": 10.0, "lower": 8.0, "new": 8.0}),
])
def test_policies(ratings_env, itunes_file, policy, synced, conflicts, after):
    env = ratings_env
    body = env.sync(source="itunes", path=str(itunes_file), policy=policy, dry_run=False).get_json()
    assert (body["synced"], body["conflicts"], body["unchanged"]) == (synced, conflicts, 1)
    assert {role: env.rating(role) for role in after} == after
    kept = {item["track_key"]: item for item in body["conflict_items"] if item["kind"] == "policy"}
    for role in ("raise", "lower"):
        assert (env.key(role) in kept) == (env.rating(role) == ratings_env_before(role)), role


def ratings_env_before(role):
    from tests.ratings.conftest import ROLES

    return ROLES[role][0]


def test_default_policy_keeps_existing_plex_ratings(ratings_env, itunes_file):
    env = ratings_env
    body = env.sync(source="itunes", path=str(itunes_file), dry_run=False).get_json()
    assert body["synced"] == 3
    assert env.rating("raise") == 6.0 and env.rating("lower") == 8.0 and env.rating("new") == 8.0


def test_path_map_picks_the_right_copy_where_the_suffix_is_ambiguous(ratings_env, tmp_path):
    env = ratings_env
    library = env.sim.library
    original = env.tracks["new"]
    artist = library.artists[original.artist_key].title
    album = library.albums[original.album_key].title
    copy = library.add_track(original.title, artist, album, duration_ms=original.duration_ms,
                             file="/archive/" + relative(original))
    entry = track_entry(1, original, library, root="file:///Volumes/Backup/Music/", rating=100)
    path = tmp_path / "library.xml"
    path.write_bytes(library_xml([entry]))

    mapped = env.sync(source="itunes", path=str(path), policy="overwrite", dry_run=False,
                      path_map=[{"from": "/Volumes/Backup/Music", "to": "/archive"}]).get_json()
    assert mapped["synced"] == 1
    assert mapped["changes"][0]["track_key"] == f"/library/metadata/{copy.rating_key}"
    assert mapped["changes"][0]["matched_by"] == "path"
    assert library.tracks[copy.rating_key].user_rating == 10.0 and env.rating("new") is None


def test_upload_of_the_export_file(ratings_env):
    env = ratings_env
    data = library_xml(role_entries(env))
    response = env.upload(data, "iTunes Library.xml", source="itunes", policy="overwrite", dry_run="false",
                          path_map='[{"from": "/Users/other", "to": "/music"}]')
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["synced"] == 5 and env.rating("new") == 8.0


def test_upload_defaults_to_a_dry_run(ratings_env):
    env = ratings_env
    env.sim.reset_counters()
    body = env.upload(library_xml(role_entries(env)), "lib.xml", source="itunes").get_json()
    assert body["dry_run"] is True and body["synced"] == 3 and env.rate_writes() == []


def test_upload_needs_the_upload_header(ratings_env):
    env = ratings_env
    import io

    response = env.client.post("/api/ratings/sync", data={"file": (io.BytesIO(b"<plist/>"), "a.xml"),
                                                           "source": "itunes"})
    assert response.status_code == 415


@pytest.mark.parametrize("body, field", [
    ({"source": "winamp", "path": "/x.xml"}, "source"),
    ({"source": "itunes", "path": "/x.xml", "policy": "newest"}, "policy"),
    ({"source": "itunes", "path": "/x.xml", "dry_run": "maybe"}, "dry_run"),
    ({"source": "itunes", "path": "/x.xml", "path_map": [{"from": "/a"}]}, "path_map.0.to"),
    ({"source": "itunes", "path": "relative/lib.xml"}, "path"),
    ({"source": "itunes", "path": "/no/such/library.xml"}, "path"),
])
def test_bad_fields_are_422_naming_the_field_and_plex_is_not_asked(ratings_env, body, field):
    env = ratings_env
    env.sim.reset_counters()
    response = env.sync(**body)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["field"] == field
    assert env.sim.request_count == 0


def test_bad_upload_fields_are_422_naming_the_field(ratings_env):
    env = ratings_env
    data = library_xml(role_entries(env))
    assert env.upload(data, "a.xml", source="winamp").get_json()["field"] == "source"
    assert env.upload(data, "a.xml", source="itunes", policy="x").get_json()["field"] == "policy"
    response = env.upload(data, "a.xml", source="itunes", path_map="not json")
    assert response.status_code == 422 and response.get_json()["field"] == "path_map"


def test_malformed_xml_is_400_and_nothing_changes(ratings_env, tmp_path):
    env = ratings_env
    good = library_xml(role_entries(env))
    broken = tmp_path / "broken.xml"
    broken.write_bytes(good[: len(good) // 2])
    env.sim.reset_counters()
    response = env.sync(source="itunes", path=str(broken), policy="overwrite", dry_run=False)
    assert response.status_code == 400
    assert "malformed" in response.get_json()["message"]
    assert env.sim.request_count == 0 and env.rating("new") is None
    not_library = env.upload(b'<?xml version="1.0"?><plist version="1.0"><dict/></plist>', "x.xml",
                             source="musicbee", dry_run="false")
    assert not_library.status_code == 400 and "Tracks" in not_library.get_json()["message"]


def test_neither_path_nor_upload_is_400(ratings_env):
    response = ratings_env.sync(source="itunes")
    assert response.status_code == 400


def test_plex_down_is_503_and_nothing_is_written(ratings_env, itunes_file):
    env = ratings_env
    env.sim.set_offline(True)
    try:
        response = env.sync(source="itunes", path=str(itunes_file), dry_run=False)
    finally:
        env.sim.set_offline(False)
    assert response.status_code == 503
    assert env.rating("new") is None


def test_a_source_without_ratings_reports_nothing_to_do(ratings_env, tmp_path):
    env = ratings_env
    entry = track_entry(1, env.tracks["unrated"], env.sim.library)
    path = tmp_path / "unrated.xml"
    path.write_bytes(library_xml([entry]))
    env.sim.reset_counters()
    body = env.sync(source="itunes", path=str(path), dry_run=False).get_json()
    assert (body["synced"], body["entries"], body["skipped"]) == (0, 0, 1)
    assert "nothing to import" in body["message"]
    assert env.sim.request_count == 0
