"""Changing playlists through the API, checked against the simulator's state; bad input changes nothing."""
from __future__ import annotations

import copy

import pytest

from tests.playlists.conftest import entries, track_keys, writes


def _snapshot(plex_sim):
    return copy.deepcopy(plex_sim.library.playlists)


# -- create ------------------------------------------------------------------------------------

def test_create_with_tracks_in_order_accepting_both_key_forms(plex_client, plex_sim, library_keys):
    wanted = [library_keys[9], library_keys[2], library_keys[40]]
    response = plex_client.post("/api/playlists", json={
        "title": "Mix", "description": "late night",
        "track_keys": [f"/library/metadata/{wanted[0]}", str(wanted[1]), wanted[2]]})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    key = int(body["playlist"]["ratingKey"])
    assert body == {"success": True, "playlist": {"key": f"/playlists/{key}", "ratingKey": str(key),
                                                  "title": "Mix", "type": "audio", "itemCount": 3}}
    created = plex_sim.library.playlists[key]
    assert (created.title, created.summary, created.smart) == ("Mix", "late night", False)
    assert track_keys(plex_sim, key) == wanted


def test_create_an_empty_playlist(plex_client, plex_sim):
    response = plex_client.post("/api/playlists", json={"title": "Later"})
    assert response.status_code == 201
    key = int(response.get_json()["playlist"]["ratingKey"])
    assert response.get_json()["playlist"]["itemCount"] == 0
    assert plex_sim.library.playlists[key].title == "Later" and entries(plex_sim, key) == []
    listed = plex_client.get(f"/api/playlists/{key}").get_json()["playlist"]
    assert (listed["leafCount"], listed["smart"]) == (0, 0)


@pytest.mark.parametrize("bad", [["/library/metadata/999999"], "album", ["/library/metadata/123", "abc"]])
def test_create_with_an_unknown_track_creates_nothing(plex_client, plex_sim, library_keys, bad):
    before = _snapshot(plex_sim)
    if bad == "album":
        bad = [library_keys[0], next(iter(plex_sim.library.albums))]  # an album is not a track
    response = plex_client.post("/api/playlists", json={"title": "Nope", "track_keys": bad})
    assert response.status_code == 422
    assert response.get_json()["field"] == "track_keys"
    assert plex_sim.library.playlists == before


def test_malformed_keys_and_blank_titles_never_reach_plex(connected, plex_sim):
    for body, field in (({"title": "x", "track_keys": ["abc"]}, "track_keys"), ({"title": "   "}, "title"),
                        ({"track_keys": []}, "title"), ({"title": "x", "extra": 1}, "extra")):
        response = connected.post("/api/playlists", json=body)
        assert response.status_code == 422 and response.get_json()["field"] == field, body
    assert plex_sim.request_count == 0


# -- add ---------------------------------------------------------------------------------------

def test_add_appends_in_order(plex_client, plex_sim, regular, library_keys):
    before = track_keys(plex_sim, regular)
    new = [library_keys[0], library_keys[299], library_keys[0]]
    response = plex_client.post(f"/api/playlists/{regular}/items",
                                json={"track_keys": [str(new[0]), f"/library/metadata/{new[1]}", new[2]]})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["success"], body["added"], body["playlist"]["leafCount"]) == (True, 3, 123)
    assert track_keys(plex_sim, regular) == before + new


def test_add_with_one_unknown_track_adds_nothing(connected, plex_sim, regular, library_keys):
    before = _snapshot(plex_sim)
    response = connected.post(f"/api/playlists/{regular}/items",
                              json={"track_keys": [library_keys[0], 987654, library_keys[1]]})
    assert response.status_code == 422 and response.get_json()["field"] == "track_keys"
    assert "/library/metadata/987654" in response.get_json()["message"]
    assert plex_sim.library.playlists == before and writes(plex_sim) == []


def test_add_refuses_smart_playlists_unknown_playlists_and_empty_lists(plex_client, plex_sim, smart, regular,
                                                                       library_keys):
    before = _snapshot(plex_sim)
    refused = plex_client.post(f"/api/playlists/{smart}/items", json={"track_keys": [library_keys[0]]})
    assert refused.status_code == 409 and "rules" in refused.get_json()["message"]
    assert plex_client.post("/api/playlists/555555/items", json={"track_keys": [library_keys[0]]}).status_code == 404
    empty = plex_client.post(f"/api/playlists/{regular}/items", json={"track_keys": []})
    assert empty.status_code == 422 and empty.get_json()["field"] == "track_keys"
    assert plex_sim.library.playlists == before


def _more_tracks(plex_sim, count):
    return [plex_sim.library.add_track(f"Extra {i}", "Extra Artist", f"Extra Album {i // 20}").rating_key
            for i in range(count)]


def _fail_addition(plex_sim, victim, nth):
    """Delete `victim` from the library as the `nth` addition request arrives, so Plex refuses that request."""
    seen = []

    def hook(method, target):
        if method == "PUT" and "/items?uri=" in target:
            seen.append(target)
            if len(seen) == nth:
                plex_sim.library.remove_track(victim)

    plex_sim.on_request = hook


def test_an_addition_failing_halfway_is_undone(connected, plex_sim, regular):
    keys = _more_tracks(plex_sim, 510)  # two addition requests: 500 + 10
    before = entries(plex_sim, regular)
    _fail_addition(plex_sim, keys[505], nth=2)
    response = connected.post(f"/api/playlists/{regular}/items", json={"track_keys": keys})
    assert response.status_code == 502
    assert entries(plex_sim, regular) == before


def test_a_creation_failing_halfway_leaves_no_playlist(connected, plex_sim):
    keys = _more_tracks(plex_sim, 510)
    before = set(plex_sim.library.playlists)
    _fail_addition(plex_sim, keys[505], nth=1)  # the creation request carries the first 500
    response = connected.post("/api/playlists", json={"title": "Too big", "track_keys": keys})
    assert response.status_code == 502
    assert set(plex_sim.library.playlists) == before


# -- remove and move ---------------------------------------------------------------------------

def test_remove_one_entry(plex_client, plex_sim, regular):
    before = entries(plex_sim, regular)
    item_id = before[3][0]
    response = plex_client.delete(f"/api/playlists/{regular}/items/{item_id}")
    assert response.status_code == 200
    assert response.get_json()["removed"] == item_id and response.get_json()["playlist"]["leafCount"] == 119
    assert entries(plex_sim, regular) == before[:3] + before[4:]
    again = plex_client.delete(f"/api/playlists/{regular}/items/{item_id}")
    assert again.status_code == 404 and str(item_id) in again.get_json()["message"]
    assert entries(plex_sim, regular) == before[:3] + before[4:]


def test_move_after_another_entry_and_to_the_top(plex_client, plex_sim, regular):
    a, b, c, d = entries(plex_sim, regular)[:4]
    moved = plex_client.put(f"/api/playlists/{regular}/items/{c[0]}/move", json={"after": a[0]})
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["moved"] == c[0] and moved.get_json()["after"] == a[0]
    assert entries(plex_sim, regular)[:4] == [a, c, b, d]
    top = plex_client.put(f"/api/playlists/{regular}/items/{d[0]}/move", json={"after": None})
    assert top.status_code == 200
    assert entries(plex_sim, regular)[:4] == [d, a, c, b]
    listed = plex_client.get(f"/api/playlists/{regular}/items?limit=4").get_json()["MediaContainer"]["Metadata"]
    assert [item["playlistItemID"] for item in listed] == [d[0], a[0], c[0], b[0]]


def test_move_errors_change_nothing(plex_client, plex_sim, regular):
    before = entries(plex_sim, regular)
    first = before[0][0]
    cases = [("/items/999999/move", {"after": None}, 404), (f"/items/{first}/move", {"after": 999999}, 404),
             (f"/items/{first}/move", {"after": first}, 422), (f"/items/{first}/move", {}, 422),
             (f"/items/{first}/move", {"after": "x"}, 422)]
    for path, body, status in cases:
        response = plex_client.put(f"/api/playlists/{regular}{path}", json=body)
        assert response.status_code == status, (path, body, response.get_json())
    assert entries(plex_sim, regular) == before


def test_smart_playlists_refuse_removing_and_moving(plex_client, plex_sim, smart):
    before = _snapshot(plex_sim)
    assert plex_client.delete(f"/api/playlists/{smart}/items/1").status_code == 409
    assert plex_client.put(f"/api/playlists/{smart}/items/1/move", json={"after": None}).status_code == 409
    assert plex_sim.library.playlists == before


# -- edit and delete ---------------------------------------------------------------------------

def test_rename_and_describe(plex_client, plex_sim, regular):
    response = plex_client.put(f"/api/playlists/{regular}", json={"title": "Road trip 2026", "description": "北へ"})
    assert response.status_code == 200
    assert response.get_json()["playlist"]["title"] == "Road trip 2026"
    assert response.get_json()["playlist"]["summary"] == "北へ"
    sim = plex_sim.library.playlists[regular]
    assert (sim.title, sim.summary) == ("Road trip 2026", "北へ")
    cleared = plex_client.put(f"/api/playlists/{regular}", json={"description": ""})
    assert cleared.status_code == 200 and plex_sim.library.playlists[regular].summary == ""
    assert plex_sim.library.playlists[regular].title == "Road trip 2026"


def test_edit_errors_change_nothing(plex_client, plex_sim, regular):
    before = _snapshot(plex_sim)
    assert plex_client.put(f"/api/playlists/{regular}", json={}).status_code == 422
    blank = plex_client.put(f"/api/playlists/{regular}", json={"title": "  "})
    assert blank.status_code == 422 and blank.get_json()["field"] == "title"
    assert plex_client.put("/api/playlists/777777", json={"title": "x"}).status_code == 404
    assert plex_sim.library.playlists == before


def test_delete_a_playlist_keeps_its_tracks(plex_client, plex_sim, regular):
    tracks = track_keys(plex_sim, regular)
    response = plex_client.delete(f"/api/playlists/{regular}")
    assert response.status_code == 200
    assert response.get_json() == {"success": True, "deleted": {
        "key": f"/playlists/{regular}", "ratingKey": str(regular), "title": "Road trip"}}
    assert regular not in plex_sim.library.playlists
    assert all(k in plex_sim.library.tracks for k in tracks)
    assert plex_client.delete(f"/api/playlists/{regular}").status_code == 404
    a_track = tracks[0]
    assert plex_client.delete(f"/api/playlists/{a_track}").status_code == 404
    assert a_track in plex_sim.library.tracks


# -- Plex down ---------------------------------------------------------------------------------

def test_writes_while_plex_is_down_are_503_and_change_nothing(connected, plex_sim, regular, library_keys):
    before = _snapshot(plex_sim)
    plex_sim.set_offline(True)
    first = before[regular].items[0][0]
    calls = [("post", "/api/playlists", {"title": "Offline", "track_keys": [library_keys[0]]}),
             ("post", f"/api/playlists/{regular}/items", {"track_keys": [library_keys[0]]}),
             ("put", f"/api/playlists/{regular}", {"title": "Renamed"}),
             ("put", f"/api/playlists/{regular}/items/{first}/move", {"after": None}),
             ("delete", f"/api/playlists/{regular}/items/{first}", None),
             ("delete", f"/api/playlists/{regular}", None)]
    for method, path, body in calls:
        response = getattr(connected, method)(path, json=body) if body else getattr(connected, method)(path)
        assert response.status_code == 503, (method, path)
    plex_sim.set_offline(False)
    assert plex_sim.library.playlists == before
