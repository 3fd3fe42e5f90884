"""Adding downloaded tracks to a task's Plex playlist in source order, through sync's crash-safe writer."""
from __future__ import annotations

from plexm8.errors import APIError, UpstreamError
from plexm8.models.entities import SyncMatch, SyncTask
from plexm8.services.playlists.journal import Journal
from plexm8.services.plex_service import Converged, PlaylistWriter, PlexLibraryCalls
from plexm8.services.sync.diff import unique_in_order


def desired_order(task: SyncTask) -> list[int]:
    """The task's matched tracks (downloaded ones included) in source order."""
    rows = SyncMatch.select(SyncMatch.rating_key).where(
        (SyncMatch.task == task.id) & SyncMatch.rating_key.is_null(False)).order_by(SyncMatch.position)
    return unique_in_order([r.rating_key for r in rows if r.rating_key is not None])


def _find(calls: PlexLibraryCalls, task: SyncTask) -> int | None:
    playlists = calls.audio_playlists(smart=False)
    return next((p.rating_key for p in playlists if p.rating_key == task.plex_playlist_key), None) \
        or next((p.rating_key for p in playlists if p.title == task.playlist_title), None)


def add_in_source_order(calls: PlexLibraryCalls, task: SyncTask) -> int:
    """Bring the task's playlist to its source order without removing anything; returns Plex writes made.

    Journalled like a sync run's write (kind "download", mode "append"), so a crash half-way is finished at
    the next start; running it again converges to the same playlist.
    """
    desired = desired_order(task)
    if not desired:
        return 0
    key = _find(calls, task)
    journal = Journal.begin("download", title=task.playlist_title, mode="append", planned=desired,
                            server_id=task.server_id, playlist_key=key)
    writer = PlaylistWriter(calls, on_write=journal.wrote)
    try:
        if key is None:
            journal.counted(Converged(0, added=len(desired)))

            def created(new_key: int) -> None:
                journal.set_key(new_key)
                task.plex_playlist_key = new_key
                task.save()

            key = writer.create(task.playlist_title, desired, on_created=created)
            entries = calls.playlist_entries(key)
        else:
            entries = writer.converge(key, desired, "append", on_plan=journal.counted).entries or []
        if not writer.holds(entries, desired):
            raise UpstreamError(f"Plex's playlist {task.playlist_title!r} does not read back in source order.")
    except Exception as exc:
        journal.failed(exc.message if isinstance(exc, APIError) else str(exc) or type(exc).__name__)
        raise
    journal.done()
    if task.plex_playlist_key != key:
        task.plex_playlist_key = key
        task.save()
    return writer.writes
