"""Reading playlists through the API: the list, one playlist, items page by page, and the error paths."""
from __future__ import annotations

from tests.playlists.conftest import entries, track_keys

METADATA_FIELDS = {"ratingKey", "key", "title", "type", "smart", "summary", "leafCount", "duration", "thumb",
                   "addedAt", "updatedAt"}
ITEM_FIELDS = {"key", "ratingKey", "playlistItemID", "title", "artist", "album", "duration", "userRating", "thumb",
               "index"}


def test_list_has_the_hosted_apps_media_container_shape(plex_client, plex_sim, regular, smart):
    body = plex_client.get("/api/playlists").get_json()
    container = body["MediaContainer"]
    assert container["size"] == len(container["Metadata"]) == 2
    by_title = {p["title"]: p for p in container["Metadata"]}
    road = by_title["Road trip"]
    assert set(road) == METADATA_FIELDS
    sim = plex_sim.library.playlists[regular]
    assert road["ratingKey"] == str(regular) and road["key"] == f"/playlists/{regular}"
    assert (road["type"], road["smart"], road["summary"], road["leafCount"]) == ("audio", 0, "for the car", 120)
    assert road["duration"] == sum(plex_sim.library.tracks[k].duration_ms for k in track_keys(plex_sim, regular))
    assert (road["addedAt"], road["updatedAt"]) == (sim.added_at, sim.updated_at)
    assert by_title["First thirty"]["smart"] == 1 and by_title["First thirty"]["leafCount"] == 30


def test_list_filters_smart_and_regular(plex_client, regular, smart):
    only_smart = plex_client.get("/api/playlists?smart=1").get_json()["MediaContainer"]["Metadata"]
    only_regular = plex_client.get("/api/playlists?smart=0").get_json()["MediaContainer"]["Metadata"]
    assert [p["ratingKey"] for p in only_smart] == [str(smart)]
    assert [p["ratingKey"] for p in only_regular] == [str(regular)]
    assert plex_client.get("/api/playlists?smart=maybe").status_code == 400


def test_get_one_playlist_and_404_for_unknown_ids_or_tracks(plex_client, plex_sim, regular):
    body = plex_client.get(f"/api/playlists/{regular}").get_json()
    assert set(body["playlist"]) == METADATA_FIELDS and body["playlist"]["title"] == "Road trip"
    a_track = next(iter(plex_sim.library.tracks))
    for missing in (999_999, a_track):
        response = plex_client.get(f"/api/playlists/{missing}")
        assert response.status_code == 404
        assert set(response.get_json()) >= {"error", "message"}


def test_items_come_in_playlist_order_page_by_page(plex_client, plex_sim, regular):
    pages = []
    for offset in (0, 50, 100):
        container = plex_client.get(f"/api/playlists/{regular}/items?limit=50&offset={offset}").get_json()[
            "MediaContainer"]
        assert (container["totalSize"], container["offset"]) == (120, offset)
        assert container["size"] == len(container["Metadata"]) == (50 if offset < 100 else 20)
        pages += container["Metadata"]
    assert [int(item["ratingKey"]) for item in pages] == track_keys(plex_sim, regular)
    assert [item["playlistItemID"] for item in pages] == [item_id for item_id, _ in entries(plex_sim, regular)]
    assert [item["index"] for item in pages] == list(range(120))
    first = pages[0]
    assert set(first) == ITEM_FIELDS
    track = plex_sim.library.tracks[int(first["ratingKey"])]
    assert first["key"] == f"/library/metadata/{track.rating_key}"
    assert (first["title"], first["album"], first["duration"]) == (
        track.title, plex_sim.library.albums[track.album_key].title, track.duration_ms)
    assert first["userRating"] == track.user_rating


def test_listing_a_page_is_one_plex_request(connected, plex_sim, regular):
    response = connected.get(f"/api/playlists/{regular}/items?limit=50&offset=50")
    assert response.get_json()["MediaContainer"]["size"] == 50
    assert plex_sim.requests == [("GET", f"/playlists/{regular}/items")]


def test_items_past_the_end_and_the_default_page(plex_client, regular):
    past = plex_client.get(f"/api/playlists/{regular}/items?offset=500").get_json()["MediaContainer"]
    assert (past["size"], past["totalSize"], past["Metadata"]) == (0, 120, [])
    default = plex_client.get(f"/api/playlists/{regular}/items").get_json()["MediaContainer"]
    assert (default["size"], default["offset"]) == (50, 0)
    for bad in ("limit=0", "limit=5000", "offset=-1", "limit=ten"):
        assert plex_client.get(f"/api/playlists/{regular}/items?{bad}").status_code == 400, bad


def test_smart_playlist_items_have_no_playlist_item_id(plex_client, smart):
    container = plex_client.get(f"/api/playlists/{smart}/items?limit=20&offset=20").get_json()["MediaContainer"]
    assert (container["size"], container["totalSize"]) == (10, 30)
    assert all(item["playlistItemID"] is None for item in container["Metadata"])
    assert [item["index"] for item in container["Metadata"]] == list(range(20, 30))


def test_items_of_an_unknown_playlist_is_404(plex_client):
    assert plex_client.get("/api/playlists/424242/items").status_code == 404


def test_plex_down_is_503_and_back_up_works_again(connected, plex_sim, regular):
    plex_sim.set_offline(True)
    for path in ("/api/playlists", f"/api/playlists/{regular}", f"/api/playlists/{regular}/items"):
        response = connected.get(path)
        assert response.status_code == 503, path
        assert "Cannot reach Plex" in response.get_json()["message"]
    plex_sim.set_offline(False)
    assert connected.get(f"/api/playlists/{regular}").status_code == 200


def test_no_plex_configured_is_503(client):
    response = client.get("/api/playlists")
    assert response.status_code == 503 and response.get_json()["error"] == "Plex not configured"
