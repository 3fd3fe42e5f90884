"""Adding downloaded tracks to a task's Plex playlist in source order (the sync playlist primitives, one place)."""
from __future__ import annotations

from plexm8.models.entities import SyncMatch, SyncTask
from plexm8.services.plex_service import PlexLibraryCalls
from plexm8.services.sync.diff import plan_changes, plan_moves, unique_in_order

URI_CHUNK = 500


def desired_order(task: SyncTask) -> list[int]:
    """The task's matched tracks (downloaded ones included) in source order."""
    rows = SyncMatch.select(SyncMatch.rating_key).where(
        (SyncMatch.task == task.id) & SyncMatch.rating_key.is_null(False)).order_by(SyncMatch.position)
    return unique_in_order([r.rating_key for r in rows])


def add_in_source_order(calls: PlexLibraryCalls, task: SyncTask) -> int:
    """Bring the task's playlist to its source order without removing anything; returns Plex writes made."""
    desired = desired_order(task)
    if not desired:
        return 0
    playlists = [p for p in calls.audio_playlists(smart=False)]
    key = next((p.rating_key for p in playlists if p.rating_key == task.plex_playlist_key), None) \
        or next((p.rating_key for p in playlists if p.title == task.playlist_title), None)
    writes = 0
    if key is None:
        key = calls.create_playlist(task.playlist_title, desired[:URI_CHUNK])
        writes += 1
        for start in range(URI_CHUNK, len(desired), URI_CHUNK):
            calls.add_to_playlist(key, desired[start:start + URI_CHUNK])
            writes += 1
    else:
        entries = calls.playlist_entries(key)
        plan = plan_changes(entries, desired, "append")
        for start in range(0, len(plan.add), URI_CHUNK):
            calls.add_to_playlist(key, plan.add[start:start + URI_CHUNK])
            writes += 1
    if task.plex_playlist_key != key:
        task.plex_playlist_key = key
        task.save()
    entries = calls.playlist_entries(key)
    for item_id, after in plan_moves(entries, desired):
        calls.move_playlist_item(key, item_id, after)
        writes += 1
    return writes
