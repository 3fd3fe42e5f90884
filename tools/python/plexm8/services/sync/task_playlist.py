"""A sync task's Plex playlist: finding it, and writing it crash-safely (sync runs and downloads share this)."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from plexm8.errors import APIError
from plexm8.models.entities import SyncTask
from plexm8.services.playlists.journal import Journal
from plexm8.services.plex_service import Converged, PlaylistWriter, PlexLibraryCalls
from plexm8.services.sync.diff import Entry


def find_task_playlist(calls: PlexLibraryCalls, task: SyncTask) -> int | None:
    """The task's regular playlist: the one it wrote last (by ratingKey), else one with its title."""
    playlists = calls.audio_playlists(smart=False)
    by_key = (p.rating_key for p in playlists if p.rating_key == task.plex_playlist_key)
    by_title = (p.rating_key for p in playlists if p.title == task.playlist_title)
    return next(by_key, None) or next(by_title, None)


def write_task_playlist(calls: PlexLibraryCalls, task: SyncTask, journal: Journal, desired: Sequence[int],
                        mode: str, *, mismatch: Callable[[list[Entry]], Exception],
                        on_write: Callable[[], None] | None = None) -> Converged:
    """Create the task's playlist (when the journal names none) or converge it to `desired` in `mode`.

    The task remembers the playlist's ratingKey as soon as it is known. The journal counts every request and
    ends done once the playlist reads back holding `desired` in order; otherwise it ends failed and the error
    (`mismatch(entries)` when it reads back wrong) is raised.
    """
    def wrote() -> None:
        journal.wrote()
        if on_write is not None:
            on_write()

    def remember(key: int) -> None:
        journal.set_key(key)
        task.plex_playlist_key = key
        task.save()

    writer = PlaylistWriter(calls, on_write=wrote)
    key = journal.row.playlist_key
    try:
        if key is None:
            journal.counted(Converged(0, added=len(desired)))
            key = writer.create(task.playlist_title, desired, on_created=remember)
            result = Converged(key, added=len(desired), entries=calls.playlist_entries(key))
        else:
            if task.plex_playlist_key != key:
                task.plex_playlist_key = key
                task.save()
            result = writer.converge(key, desired, mode, on_plan=journal.counted)
        result.writes = writer.writes
        entries = result.entries or []
        if not writer.holds(entries, desired):
            raise mismatch(entries)
    except Exception as exc:
        journal.failed(exc.message if isinstance(exc, APIError) else str(exc) or type(exc).__name__)
        raise
    journal.done()
    return result
