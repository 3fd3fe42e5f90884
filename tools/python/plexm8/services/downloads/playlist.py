"""Adding downloaded tracks to a task's Plex playlist in source order, through sync's crash-safe writer."""
from __future__ import annotations

from plexm8.errors import UpstreamError
from plexm8.models.entities import SyncMatch, SyncTask
from plexm8.services.playlists.journal import Journal
from plexm8.services.plex_service import PlexLibraryCalls
from plexm8.services.sync.diff import unique_in_order
from plexm8.services.sync.task_playlist import find_task_playlist, write_task_playlist


def desired_order(task: SyncTask) -> list[int]:
    """The task's matched tracks (downloaded ones included) in source order."""
    rows = SyncMatch.select(SyncMatch.rating_key).where(
        (SyncMatch.task == task.id) & SyncMatch.rating_key.is_null(False)).order_by(SyncMatch.position)
    return unique_in_order([r.rating_key for r in rows if r.rating_key is not None])


def add_in_source_order(calls: PlexLibraryCalls, task: SyncTask) -> int:
    """Bring the task's playlist to its source order without removing anything; returns Plex writes made.

    Journalled like a sync run's write (kind "download", mode "append"), so a crash half-way is finished at
    the next start; running it again converges to the same playlist.
    """
    desired = desired_order(task)
    if not desired:
        return 0
    journal = Journal.begin("download", title=task.playlist_title, mode="append", planned=desired,
                            server_id=task.server_id, playlist_key=find_task_playlist(calls, task))
    result = write_task_playlist(calls, task, journal, desired, "append", mismatch=lambda _entries: UpstreamError(
        f"Plex's playlist {task.playlist_title!r} does not read back in source order."))
    return result.writes
