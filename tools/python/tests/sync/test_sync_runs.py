"""Sync runs end to end: platform fakes and the Plex simulator over real HTTP, through the API."""
from __future__ import annotations

from plexm8.devtools.fakes.catalog import CURATED, songs
from plexm8.devtools.fakes.netease import CJK_PLAYLIST_ID

from .conftest import NOT_IN_LIBRARY

CURATED_IN_LIBRARY = [s.number for s in CURATED if s.number not in NOT_IN_LIBRARY]


def test_netease_link_becomes_a_plex_playlist_in_source_order(sync_env):
    task = sync_env.create_task(
        source_url=f"https://music.163.com/#/playlist?id={CJK_PLAYLIST_ID}", playlist_title="深夜循环"
    )
    assert task["provider"] == "netease" and task["next_run_at"] is None
    run = sync_env.run(task["id"])
    assert run["status"] == "succeeded", run
    assert (run["total"], run["matched"], run["unmatched"]) == (10, 8, 2)
    assert sync_env.playlist_keys("深夜循环") == [sync_env.keys[n] for n in CURATED_IN_LIBRARY]

    unmatched = sync_env.client.get(f"/api/sync/tasks/{task['id']}/unmatched").get_json()
    assert unmatched["count"] == 2
    assert {u["title"] for u in unmatched["unmatched"]} == {"小幸运", "起风了"}
    assert all(u["reason"] for u in unmatched["unmatched"])

    matches = sync_env.client.get(f"/api/sync/tasks/{task['id']}/matches").get_json()["matches"]
    assert [m["position"] for m in matches] == list(range(10))
    sunny = matches[0]
    assert sunny["title"] == "晴天" and sunny["track_key"] == f"/library/metadata/{sync_env.keys[1]}"
    assert sunny["reasons"]
    assert sunny["matched"]["title"] == "晴天"  # what it matched, named for the review list
    assert all(m["matched"] is None for m in matches if m["track_key"] is None)


def test_second_run_with_nothing_new_makes_no_plex_writes(sync_env):
    task = sync_env.create_task(source_url=f"netease:{CJK_PLAYLIST_ID}", playlist_title="Twice")
    assert sync_env.run(task["id"])["status"] == "succeeded"
    playlist_key = sync_env.playlist("Twice").rating_key
    before = sync_env.writes()
    run = sync_env.run(task["id"])
    assert run["status"] == "succeeded"
    assert (run["added"], run["removed"], run["moved"], run["plex_writes"]) == (0, 0, 0, 0)
    assert sync_env.writes() == before
    assert sync_env.playlist("Twice").rating_key == playlist_key
    listed = sync_env.client.get("/api/sync/tasks").get_json()["tasks"]
    assert listed[0]["last_run"]["id"] == run["id"] and listed[0]["running"] is False


def test_failing_or_empty_source_leaves_the_playlist_untouched(sync_env):
    task = sync_env.create_task(source_url=f"netease:{CJK_PLAYLIST_ID}", playlist_title="Keep me")
    assert sync_env.run(task["id"])["status"] == "succeeded"
    items_before = list(sync_env.playlist("Keep me").items)
    writes = sync_env.writes()

    sync_env.platforms.netease.private.add(CJK_PLAYLIST_ID)
    failed = sync_env.run(task["id"])
    assert failed["status"] == "failed" and failed["error"]
    sync_env.platforms.netease.private.discard(CJK_PLAYLIST_ID)

    sync_env.platforms.netease.playlists[CJK_PLAYLIST_ID]["tracks"] = []
    empty = sync_env.run(task["id"])
    assert empty["status"] == "failed" and "no tracks" in empty["error"]

    assert sync_env.playlist("Keep me").items == items_before
    assert sync_env.writes() == writes


def test_source_changes_are_diffed_not_rebuilt(sync_env):
    netease = sync_env.platforms.netease
    first = list(songs(40)[10:30])
    netease.add_playlist("9000000001", "Diff me", first)
    task = sync_env.create_task(source_url="netease:9000000001", playlist_title="Diffed", mode="mirror")
    assert sync_env.run(task["id"])["status"] == "succeeded"
    playlist = sync_env.playlist("Diffed")
    original_items = dict((key, item) for item, key in playlist.items)

    # the source drops two songs, adds three, and moves one to the front
    changed = [first[7]] + [s for s in first if s not in (first[7], first[3], first[12])] + list(songs(43)[40:43])
    netease.add_playlist("9000000001", "Diff me", changed)
    run = sync_env.run(task["id"])
    assert run["status"] == "succeeded", run
    assert (run["added"], run["removed"]) == (3, 2)
    assert run["moved"] <= 4  # a handful of moves, not a rebuild
    assert sync_env.playlist("Diffed").rating_key == playlist.rating_key
    assert sync_env.playlist_keys("Diffed") == [sync_env.keys[s.number] for s in changed]
    kept = {key: item for item, key in sync_env.playlist("Diffed").items}
    assert all(kept[k] == original_items[k] for k in kept if k in original_items)  # same entries, not re-added


def test_append_mode_keeps_what_the_user_added_and_mirror_removes_it(sync_env):
    task = sync_env.create_task(source_url=f"netease:{CJK_PLAYLIST_ID}", playlist_title="Mine too", mode="append")
    assert sync_env.run(task["id"])["status"] == "succeeded"
    playlist = sync_env.playlist("Mine too")
    own = sync_env.keys[100]
    sync_env.sim.library.add_to_playlist(playlist.rating_key, [own])

    run = sync_env.run(task["id"])
    assert run["status"] == "succeeded" and run["removed"] == 0
    assert own in sync_env.playlist_keys("Mine too")

    sync_env.client.put(f"/api/sync/tasks/{task['id']}", json={"mode": "mirror"})
    run = sync_env.run(task["id"])
    assert run["removed"] == 1 and own not in sync_env.playlist_keys("Mine too")


def test_duplicates_in_source_or_playlist_end_up_once(sync_env):
    netease = sync_env.platforms.netease
    twice = list(songs(15)[10:15]) + [songs(15)[11]]
    netease.add_playlist("9000000002", "Dups", twice)
    task = sync_env.create_task(source_url="netease:9000000002", playlist_title="No dups")
    assert sync_env.run(task["id"])["status"] == "succeeded"
    keys = sync_env.playlist_keys("No dups")
    assert len(keys) == len(set(keys)) == 5
    playlist = sync_env.playlist("No dups")
    sync_env.sim.library.add_to_playlist(playlist.rating_key, [keys[2]])
    assert sync_env.run(task["id"])["status"] == "succeeded"
    assert sync_env.playlist_keys("No dups") == keys


def test_pinned_matches_win_on_every_run(sync_env):
    task = sync_env.create_task(source_url=f"netease:{CJK_PLAYLIST_ID}", playlist_title="Pinned")
    assert sync_env.run(task["id"])["status"] == "succeeded"
    unmatched = sync_env.client.get(f"/api/sync/tasks/{task['id']}/unmatched").get_json()["unmatched"]
    lucky = next(u for u in unmatched if u["title"] == "小幸运")
    stand_in = sync_env.sim.library.add_track("小幸运 (电影版)", "田馥甄", "我的少女时代 OST").rating_key

    pinned = sync_env.client.put(
        f"/api/sync/tasks/{task['id']}/matches",
        json={"external_id": lucky["external_id"], "track_key": f"/library/metadata/{stand_in}"},
    )
    assert pinned.status_code == 200, pinned.get_json()
    sunny_id = sync_env.client.get(f"/api/sync/tasks/{task['id']}/matches").get_json()["matches"][0]["external_id"]
    assert sync_env.client.put(
        f"/api/sync/tasks/{task['id']}/matches", json={"external_id": sunny_id, "track_key": None}
    ).status_code == 200

    for _ in range(2):
        run = sync_env.run(task["id"])
        assert run["status"] == "succeeded"
        keys = sync_env.playlist_keys("Pinned")
        assert stand_in in keys and sync_env.keys[1] not in keys
    matches = sync_env.client.get(f"/api/sync/tasks/{task['id']}/matches").get_json()["matches"]
    pinned_rows = [m for m in matches if m["pinned"]]
    assert {m["external_id"] for m in pinned_rows} == {lucky["external_id"], sunny_id}
    # the stand-in sits where 小幸运 is in the source: after 红豆 and Something Just Like This
    assert keys.index(stand_in) == keys.index(sync_env.keys[6]) + 1


def test_pinning_an_unknown_track_is_422_and_changes_nothing(sync_env):
    task = sync_env.create_task(source_url=f"netease:{CJK_PLAYLIST_ID}", playlist_title="Pins")
    assert sync_env.run(task["id"])["status"] == "succeeded"
    response = sync_env.client.put(
        f"/api/sync/tasks/{task['id']}/matches", json={"external_id": "x", "track_key": "/library/metadata/999999"}
    )
    assert response.status_code == 422 and response.get_json()["field"] == "track_key"
    bad = sync_env.client.put(f"/api/sync/tasks/{task['id']}/matches", json={"external_id": "x", "track_key": "abc"})
    assert bad.status_code == 422
    assert not any(m["pinned"] for m in sync_env.client.get(f"/api/sync/tasks/{task['id']}/matches").get_json()["matches"])


def test_japanese_and_korean_songs_find_their_romanised_or_english_plex_copies(sync_env):
    from tests.fakes.catalog import Song

    library = sync_env.sim.library
    # The user's Plex files are tagged in romaji/English; NetEase sends kana, kanji and Hangul.
    romaji = library.add_track("Harujion", "YOASOBI", "THE BOOK", duration_ms=239_400)
    english = library.add_track("Spring Day", "BTS", "You Never Walk Alone", duration_ms=274_400)
    sorted_ = library.add_track("チェリー", "スピッツ", "インディゴ地平線", duration_ms=262_400, title_sort="Cherry",
                                artist_sort="Spitz")
    aliased = library.add_track("Uma to Shika", "Kenshi Yonezu", "Uma to Shika", duration_ms=253_400)
    other = library.add_track("Gunjou", "YOASOBI", "THE BOOK", duration_ms=248_400)  # same artist, another song
    songs_ = [
        Song(901, "ハルジオン", ("YOASOBI",), "THE BOOK", 239),
        Song(902, "봄날", ("방탄소년단",), "YOU NEVER WALK ALONE", 274, aliases=("Spring Day",),
             artist_aliases=(("BTS", "Bangtan Boys"),)),
        Song(903, "Cherry", ("Spitz",), "インディゴ地平線", 262),
        Song(904, "馬と鹿", ("米津玄師",), "馬と鹿", 253, artist_aliases=(("Kenshi Yonezu",),)),
        Song(905, "アイドル", ("YOASOBI",), "アイドル", 248),  # not in Plex: must not take another YOASOBI song
    ]
    sync_env.platforms.netease.add_playlist("9000000905", "J/K", songs_)
    task = sync_env.create_task(source_url="netease:9000000905", playlist_title="J/K in Plex")
    run = sync_env.run(task["id"])
    assert run["status"] == "succeeded", run
    assert sync_env.playlist_keys("J/K in Plex") == [romaji.rating_key, english.rating_key, sorted_.rating_key,
                                                     aliased.rating_key]
    assert other.rating_key not in sync_env.playlist_keys("J/K in Plex")
    matches = sync_env.client.get(f"/api/sync/tasks/{task['id']}/matches").get_json()
    reasons = {m["title"]: m["reasons"][0] for m in matches["matches"] if m["reasons"]}
    assert reasons.get("ハルジオン") == "title exact when romanised"
    assert reasons.get("馬と鹿") == "title exact when romanised"
    assert reasons.get("봄날") == "title exact via alias"
    assert reasons.get("Cherry") == "title exact via titleSort"
