"""/api/smart-playlists through the real plexapi client against the simulator: shapes, read-back, changes, errors."""
from __future__ import annotations

import pytest
from plexm8.services.playlists.smart_rules import FIELDS, OPERATORS

VALUES = {
    "string": ["Night", "the", "a", "love", "e", "Blue"],
    "number": {"year": 1990, "decade": 1980, "userRating": 7.5, "viewCount": 3, "duration": 241.25},
    "date": {"before": "2023-01-01", "after": "2022-06-30T18:30:00Z", "in_last": "90d", "not_in_last": "1y"},
    "tag": {"genre": "Jazz", "mood": ["Calm", "Romantic"], "style": "Drone"},
}


def _every_rule() -> list[dict]:
    rules = []
    for name, spec in FIELDS.items():
        for i, operator in enumerate(OPERATORS[spec.kind]):
            if spec.kind == "string":
                value = VALUES["string"][i]
            elif spec.kind == "number":
                value = VALUES["number"][name]
            elif spec.kind == "date":
                value = VALUES["date"][operator]
            else:
                value = VALUES["tag"][name]
            rules.append({"field": name, "operator": operator, "value": value})
    return rules


def _writes(sim) -> list[tuple[str, str]]:
    return [(method, path) for method, path in sim.requests if method in ("POST", "PUT", "DELETE")]


def _create(client, **body) -> dict:
    response = client.post("/api/smart-playlists", json={"title": "Smart", "rules": [], **body})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["success"] is True
    return body["smart_playlist"]


# -- round trip ------------------------------------------------------------------------------------

@pytest.mark.parametrize("half", [0, 1])
def test_every_field_and_operator_reads_back_as_it_was_written(plex_client, plex_server, half):
    every = _every_rule()
    assert len(every) > 60 and {r["field"] for r in every} == set(FIELDS)
    rules = every[:33] if half == 0 else every[33:]
    created = _create(plex_client, title="Everything", rules=rules, match="any",
                      sort=[{"field": "artist", "direction": "asc"}, {"field": "year", "direction": "desc"}],
                      limit=500)

    got = plex_client.get(f"/api/smart-playlists/{created['id']}").get_json()["smart_playlist"]
    assert got["rules"] == rules
    assert got["match"] == "any" and got["limit"] == 500 and got["rules_readable"] is True
    assert got["sort"] == [{"field": "artist", "direction": "asc"}, {"field": "year", "direction": "desc"}]
    assert created["rules"] == rules  # the POST answer is read back from Plex too

    # It is Plex's own smart playlist: plexapi sees a smart playlist whose filter it can parse.
    playlist = plex_server.fetchItem(f"/playlists/{created['id']}")
    assert playlist.smart is True and playlist.playlistType == "audio"
    assert playlist.filters()["limit"] == 500 and playlist.filters()["libtype"] == "track"


def test_shape_of_a_smart_playlist(plex_client, plex_sim):
    created = _create(plex_client, title="Loved", rules=[{"field": "userRating", "operator": ">=", "value": 8}],
                      sort="userRating:desc", limit=20)
    assert set(created) == {"id", "ratingKey", "key", "title", "summary", "smart", "leafCount", "duration", "rules",
                            "match", "sort", "limit", "rules_readable", "plex_filter", "addedAt", "updatedAt"}
    stored = plex_sim.library.playlists[created["id"]]
    assert created["ratingKey"] == str(created["id"]) and created["key"] == f"/playlists/{created['id']}"
    assert created["title"] == "Loved" and created["smart"] is True
    loved = [t for t in plex_sim.library.tracks.values() if (t.user_rating or 0) >= 8]
    assert created["leafCount"] == min(20, len(loved)) > 0
    assert created["duration"] > 0 and created["addedAt"] == stored.added_at
    assert "track.userRating>>=8" in created["plex_filter"]


def test_inputs_are_read_back_in_one_spelling(plex_client):
    created = _create(plex_client, rules=[
        {"field": "genre", "operator": "is", "value": ["jazz"]},          # Plex's spelling of the tag, one value
        {"field": "lastViewedAt", "operator": "after", "value": "30d"},   # relative "after" is "in the last"
        {"field": "addedAt", "operator": "before", "value": "6M"},
        {"field": "addedAt", "operator": "after", "value": "2024-01-01T00:00:00+00:00"},
        {"field": "userRating", "operator": ">", "value": 6.0},
        {"field": "duration", "operator": "<", "value": 200.0004},
    ], sort="artist,album:desc")
    assert created["rules"] == [
        {"field": "genre", "operator": "is", "value": "Jazz"},
        {"field": "lastViewedAt", "operator": "in_last", "value": "30d"},
        {"field": "addedAt", "operator": "not_in_last", "value": "6m"},
        {"field": "addedAt", "operator": "after", "value": "2024-01-01"},
        {"field": "userRating", "operator": ">", "value": 6},
        {"field": "duration", "operator": "<", "value": 200},
    ]
    assert created["sort"] == [{"field": "artist", "direction": "asc"}, {"field": "album", "direction": "desc"}]
    assert created["limit"] is None and created["match"] == "all"


def test_list_holds_only_smart_playlists_with_their_rules(plex_client, plex_sim):
    lib = plex_sim.library
    regular = lib.create_playlist("Plain", list(lib.tracks)[:3])
    first = _create(plex_client, title="b jazz", rules=[{"field": "genre", "operator": "is", "value": "Jazz"}])
    second = _create(plex_client, title="A calm", rules=[{"field": "mood", "operator": "is", "value": "Calm"}])
    third = _create(plex_client, title="c rock", rules=[{"field": "genre", "operator": "is_not", "value": "Rock"}])

    plex_sim.reset_counters()
    body = plex_client.get("/api/smart-playlists").get_json()
    assert body["count"] == 3
    assert [p["id"] for p in body["smart_playlists"]] == [second["id"], first["id"], third["id"]]
    assert regular.rating_key not in {p["id"] for p in body["smart_playlists"]}
    assert body["smart_playlists"][0]["rules"] == [{"field": "mood", "operator": "is", "value": "Calm"}]
    # one listing plus one lookup per tag field (genre ids → names, mood ids → names), not one per playlist
    assert plex_sim.request_count == 3, plex_sim.requests


def test_fields_catalog(client):
    body = client.get("/api/smart-playlists/fields").get_json()
    by_name = {f["name"]: f for f in body["fields"]}
    for required in ("userRating", "viewCount", "lastViewedAt", "addedAt", "genre", "mood", "artist", "album",
                     "year", "title", "duration"):
        assert required in by_name
    assert by_name["duration"]["unit"] == "seconds" and by_name["genre"]["operators"] == ["is", "is_not"]
    assert "random" in body["sort_fields"] and "genre" not in body["sort_fields"]


def test_health_lists_the_feature(client):
    assert "smart-playlists" in client.get("/api/health").get_json()["features"]


# -- changes ---------------------------------------------------------------------------------------

RULES = [{"field": "genre", "operator": "is", "value": "Folk"}, {"field": "viewCount", "operator": ">=", "value": 2}]


def test_rename_only_leaves_the_rules_alone(plex_client, plex_sim):
    created = _create(plex_client, title="Folk", rules=RULES, sort="viewCount:desc", limit=10)
    plex_sim.reset_counters()
    response = plex_client.put(f"/api/smart-playlists/{created['id']}", json={"title": "Folk favourites"})
    assert response.status_code == 200
    updated = response.get_json()["smart_playlist"]
    assert updated["title"] == "Folk favourites" and plex_sim.library.playlists[created["id"]].title == updated["title"]
    assert (updated["rules"], updated["sort"], updated["limit"]) == (RULES, created["sort"], 10)
    assert len(_writes(plex_sim)) == 1 and _writes(plex_sim)[0][1].startswith(f"/playlists/{created['id']}?")


def test_changing_limit_match_and_sort_keeps_the_rules(plex_client, plex_sim, plex_server):
    created = _create(plex_client, title="Folk", rules=RULES, sort="viewCount:desc", limit=10)
    url = f"/api/smart-playlists/{created['id']}"

    updated = plex_client.put(url, json={"limit": 3, "match": "any"}).get_json()["smart_playlist"]
    assert (updated["rules"], updated["match"], updated["limit"], updated["sort"]) == (RULES, "any", 3, created["sort"])
    assert len(plex_server.fetchItem(f"/playlists/{created['id']}").items()) == 3

    updated = plex_client.put(url, json={"limit": None, "sort": None}).get_json()["smart_playlist"]
    assert (updated["rules"], updated["match"], updated["limit"], updated["sort"]) == (RULES, "any", None, [])
    assert updated["leafCount"] > 3


def test_new_rules_replace_the_old_ones(plex_client, plex_server, plex_sim):
    created = _create(plex_client, title="Folk", rules=RULES, limit=50)
    new_rules = [{"field": "mood", "operator": "is", "value": "Romantic"}]
    response = plex_client.put(f"/api/smart-playlists/{created['id']}", json={"rules": new_rules, "title": "Romance"})
    updated = response.get_json()["smart_playlist"]
    assert response.status_code == 200 and updated["rules"] == new_rules and updated["title"] == "Romance"
    assert updated["limit"] == 50  # not sent: kept
    keys = {i.ratingKey for i in plex_server.fetchItem(f"/playlists/{created['id']}").items()}
    assert keys == {t.rating_key for t in plex_sim.library.tracks.values() if "Romantic" in t.moods}


def test_bad_rules_in_an_update_change_nothing(plex_client, plex_sim):
    created = _create(plex_client, title="Folk", rules=RULES)
    url = f"/api/smart-playlists/{created['id']}"
    plex_sim.reset_counters()
    for body in ({"title": "New", "rules": [{"field": "rating", "operator": ">", "value": 5}]},
                 {"title": "New", "rules": [{"field": "genre", "operator": "is", "value": "Polka"}]},
                 {"title": "New", "sort": "genre"},
                 {"title": "New", "limit": 0}):
        assert plex_client.put(url, json=body).status_code == 422, body
    assert _writes(plex_sim) == []
    got = plex_client.get(url).get_json()["smart_playlist"]
    assert got["title"] == "Folk" and got["rules"] == RULES


def test_delete(plex_client, plex_sim):
    created = _create(plex_client, title="Gone soon", rules=RULES)
    response = plex_client.delete(f"/api/smart-playlists/{created['id']}")
    assert response.status_code == 200 and response.get_json() == {"success": True, "deleted": created["id"]}
    assert created["id"] not in plex_sim.library.playlists
    assert plex_client.get(f"/api/smart-playlists/{created['id']}").status_code == 404


# -- playlists made elsewhere -------------------------------------------------------------------------

def test_a_smart_playlist_made_in_another_app_is_listed_and_can_be_replaced(plex_client, plex_server, plex_sim):
    section = plex_server.library.section("Music")
    foreign = plex_server.createPlaylist("From Plexamp", section=section, smart=True, limit=40,
                                         filters={"or": [{"track.skipCount>>": 2},
                                                         {"and": [{"userRating>>": 4}, {"genre": "Pop"}]}]})
    url = f"/api/smart-playlists/{foreign.ratingKey}"
    got = plex_client.get(url).get_json()["smart_playlist"]
    assert got["rules_readable"] is False and got["rules"] == [] and got["limit"] == 40
    assert "track.skipCount>>=2" in got["plex_filter"]

    plex_sim.reset_counters()
    response = plex_client.put(url, json={"limit": 10})
    assert response.status_code == 409 and "rules" in response.get_json()["message"]
    assert _writes(plex_sim) == []

    replaced = plex_client.put(url, json={"rules": RULES}).get_json()["smart_playlist"]
    assert replaced["rules_readable"] is True and replaced["rules"] == RULES and replaced["limit"] == 40


def test_unprefixed_fields_from_other_apps_read_back(plex_client, plex_server, plex_sim):
    # Plex Web writes bare field names; on tracks `genre` is the album's genre, `userRating` the track's.
    jazz = plex_sim.library.find_tag("genre", "Jazz")
    uri = (f"server://{plex_sim.machine_identifier}/com.plexapp.plugins.library/library/sections/1/all?"
           f"type=10&userRating%3E%3E=6&genre={jazz}&lastViewedAt%3E%3E=-3mon&title%3C=the&sort=lastViewedAt:desc")
    created = plex_server.query(f"/playlists?type=audio&title=Web&smart=1&uri={_quote(uri)}",
                                method=plex_server._session.post)[0]
    got = plex_client.get(f"/api/smart-playlists/{created.attrib['ratingKey']}").get_json()["smart_playlist"]
    assert got["rules_readable"] is True and got["match"] == "all"
    assert got["rules"] == [
        {"field": "userRating", "operator": ">", "value": 6},
        {"field": "genre", "operator": "is", "value": "Jazz"},
        {"field": "lastViewedAt", "operator": "in_last", "value": "3m"},
        {"field": "title", "operator": "starts_with", "value": "the"},
    ]
    assert got["sort"] == [{"field": "lastViewedAt", "direction": "desc"}]


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


# -- not found, not configured ------------------------------------------------------------------------

def test_unknown_ids_and_regular_playlists_are_404(plex_client, plex_sim):
    lib = plex_sim.library
    regular = lib.create_playlist("Plain", list(lib.tracks)[:3])
    for playlist_id in (regular.rating_key, 999_999, next(iter(lib.tracks))):
        url = f"/api/smart-playlists/{playlist_id}"
        assert plex_client.get(url).status_code == 404
        assert plex_client.put(url, json={"title": "x"}).status_code == 404
        assert plex_client.put(url, json={"rules": RULES}).status_code == 404
        response = plex_client.delete(url)
        assert response.status_code == 404 and set(response.get_json()) >= {"error", "message"}
    assert regular.rating_key in lib.playlists and lib.playlists[regular.rating_key].title == "Plain"


def test_without_plex_it_is_503(client):
    assert client.get("/api/smart-playlists").status_code == 503
    response = client.post("/api/smart-playlists", json={"title": "x", "rules": RULES})
    assert response.status_code == 503 and "Plex" in response.get_json()["message"]


def test_plex_down_is_503(plex_client, plex_sim):
    plex_sim.set_offline(True)
    try:
        assert plex_client.get("/api/smart-playlists").status_code == 503
    finally:
        plex_sim.set_offline(False)


def test_smart_playlists_show_in_the_playlists_list(plex_client):
    created = _create(plex_client, title="Smart and listed", rules=RULES)
    listed = plex_client.get("/api/playlists?smart=1").get_json()["MediaContainer"]["Metadata"]
    entry = next(p for p in listed if p["ratingKey"] == created["ratingKey"])
    assert entry["smart"] == 1 and entry["title"] == "Smart and listed" and entry["leafCount"] == created["leafCount"]
