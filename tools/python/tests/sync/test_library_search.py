"""GET /api/library/search: the hand-pinning search over the library index."""
from __future__ import annotations


def test_search_finds_tracks_by_words_of_title_and_artist_in_any_script(sync_env):
    client = sync_env.client
    assert client.post("/api/sync/library/refresh", json={"full": True}).status_code == 200
    # Traditional-script artist in the library, Simplified query: both fold to the same key
    found = client.get("/api/library/search", query_string={"q": "晴天 周杰伦"}).get_json()
    titles = {(t["title"], t["artist"]) for t in found["tracks"]}
    assert ("晴天 (Live)", "周杰倫") in titles and found["index_status"] == "ready"
    assert all(t["track_key"] == f"/library/metadata/{t['ratingKey']}" for t in found["tracks"])
    lemon = client.get("/api/library/search", query_string={"q": "lemon cover"}).get_json()["tracks"]
    assert [(t["title"], t["album"]) for t in lemon] == [("Lemon", "Covers Vol. 1")]
    assert client.get("/api/library/search", query_string={"q": "no such words zzzz"}).get_json()["count"] == 0


def test_search_without_plex_says_how_to_configure_it(client):
    answer = client.get("/api/library/search", query_string={"q": "x"})
    assert answer.status_code == 503 and answer.get_json()["message"]


def test_search_validates_its_query(sync_env):
    missing = sync_env.client.get("/api/library/search")
    assert missing.status_code in (400, 422) and "q" in missing.get_json()["message"]
    too_many = sync_env.client.get("/api/library/search", query_string={"q": "a", "limit": 1000})
    assert too_many.status_code in (400, 422)
