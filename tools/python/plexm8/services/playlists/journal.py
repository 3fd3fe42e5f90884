"""The journal of multi-request playlist writes: stored before the first request, finished at the next start.

A change that needs several Plex requests (a creation in chunks, a multi-chunk addition, a sync run's
diff) gets a `PlaylistWrite` row first, saying what the playlist must end up holding. If the process dies
half-way, the row is still `pending` at the next start and `finish_write` completes it with the same
`PlaylistWriter`, from whatever state Plex is in.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from plexm8.errors import APIError
from plexm8.models.entities import PlaylistWrite, utcnow
from plexm8.services.plex_service import PlaylistWriter, PlexLibraryCalls
from plexm8.services.plex_service.playlist_writer import Converged, chunks

log = logging.getLogger(__name__)


class Journal:
    """One journalled write: created before the first request, marked done (or failed) at the end."""

    def __init__(self, row: PlaylistWrite) -> None:
        self.row = row

    @classmethod
    def begin(cls, kind: str, *, title: str, mode: str, planned: Sequence[int], server_id: int | None = None,
              playlist_key: int | None = None, base: int = 0, sync_run_id: int | None = None) -> Journal:
        """Store what the playlist must end up holding, before anything is sent to Plex."""
        row = PlaylistWrite.create(kind=kind, server_id=server_id, playlist_key=playlist_key, title=title,
                                   mode=mode, planned=json.dumps(list(planned)), base=base,
                                   sync_run=sync_run_id)
        return cls(row)

    @property
    def planned(self) -> list[int]:
        """The ratingKeys the playlist must hold."""
        return [int(k) for k in json.loads(self.row.planned)]

    def set_key(self, playlist_key: int) -> None:
        """Record the playlist's ratingKey as soon as Plex created it."""
        self.row.playlist_key = playlist_key
        self.row.save(only=[PlaylistWrite.playlist_key])

    def counted(self, result: Converged) -> None:
        """Record the logical changes planned (so an interrupted run keeps its real counts)."""
        self.row.added, self.row.removed, self.row.moved = result.added, result.removed, result.moved
        self.row.save(only=[PlaylistWrite.added, PlaylistWrite.removed, PlaylistWrite.moved])

    def wrote(self) -> None:
        """Count one Plex request that changed the playlist."""
        self.row.writes += 1
        self.row.save(only=[PlaylistWrite.writes])

    def done(self) -> None:
        """The playlist holds what was planned."""
        self.row.status, self.row.finished_at = "done", utcnow()
        self.row.save(only=[PlaylistWrite.status, PlaylistWrite.finished_at])

    def failed(self, error: str) -> None:
        """The write stopped on an error the user was told about; it is not resumed at the next start."""
        self.row.status, self.row.error, self.row.finished_at = "failed", error, utcnow()
        self.row.save(only=[PlaylistWrite.status, PlaylistWrite.error, PlaylistWrite.finished_at])


def writer_for(calls: PlexLibraryCalls, journal: Journal | None) -> PlaylistWriter:
    """A PlaylistWriter counting its requests in `journal` (if any)."""
    return PlaylistWriter(calls, on_write=journal.wrote if journal is not None else None)


def create_playlist(calls: PlexLibraryCalls, title: str, rating_keys: Sequence[int], *,
                    server_id: int | None = None) -> int:
    """Create a playlist of these tracks in order; returns its ratingKey.

    Journalled when it takes more than one request (a crash is finished at the next start); when a later
    request fails, the half-made playlist is deleted and the error raised.
    """
    journal = None
    if len(chunks(rating_keys)) > 1:
        journal = Journal.begin("create", title=title, mode="mirror", planned=rating_keys, server_id=server_id)
        journal.counted(Converged(0, added=len(rating_keys)))
    writer = writer_for(calls, journal)
    created: list[int] = []

    def remember(key: int) -> None:
        created.append(key)
        if journal is not None:
            journal.set_key(key)

    try:
        playlist_key = writer.create(title, rating_keys, on_created=remember)
    except APIError as exc:
        if created:
            undo_creation(calls, created[0])
        if journal is not None:
            journal.failed(f"undone: {exc.message}")
        raise
    if journal is not None:
        journal.done()
    return playlist_key


def undo_creation(calls: PlexLibraryCalls, playlist_key: int) -> None:
    """Delete a half-made playlist (logged, never raised: the original error is what the caller reports)."""
    try:
        calls.delete_playlist(playlist_key)
    except APIError as exc:
        log.error("Could not delete the half-made playlist %s: %s", playlist_key, exc.message)


def add_to_playlist(calls: PlexLibraryCalls, playlist_key: int, title: str, base: int,
                    rating_keys: Sequence[int], *, undo: Callable[[], None], server_id: int | None = None) -> None:
    """Append tracks after the first `base` entries, journalled when it takes more than one request;
    when a request fails, `undo` runs and the error is raised."""
    journal = None
    if len(chunks(rating_keys)) > 1:
        journal = Journal.begin("add", title=title, mode="extend", planned=rating_keys, server_id=server_id,
                                playlist_key=playlist_key, base=base)
    try:
        writer_for(calls, journal).add(playlist_key, rating_keys)
    except APIError as exc:
        undo()
        if journal is not None:
            journal.failed(f"undone: {exc.message}")
        raise
    if journal is not None:
        journal.done()


def pending_writes() -> list[PlaylistWrite]:
    """Writes a stopped process left unfinished, oldest first."""
    return list(PlaylistWrite.select().where(PlaylistWrite.status == "pending").order_by(PlaylistWrite.id))


@dataclass
class Finished:
    """What finishing an interrupted write did."""

    playlist_key: int
    writes: int
    entries: list[tuple[int, int]]


def _newest_titled(calls: PlexLibraryCalls, title: str) -> int | None:
    keys = [p.rating_key for p in calls.audio_playlists(smart=False) if p.title == title]
    return max(keys) if keys else None


def finish_write(row: PlaylistWrite, calls: PlexLibraryCalls, playlist_key: int | None = None) -> Finished:
    """Bring the playlist of an interrupted write to what it planned; the row is marked done.

    `playlist_key` overrides the row's (a sync run finds its playlist its own way). A creation whose
    ratingKey was never recorded looks for the newest playlist of that title, else creates it again.
    """
    journal = Journal(row)
    writer = writer_for(calls, journal)
    planned = journal.planned
    key = playlist_key if playlist_key is not None else row.playlist_key
    if key is None and row.kind != "add":
        key = _newest_titled(calls, row.title)
    if key is None:
        key = writer.create(row.title, planned, on_created=journal.set_key)
        entries = calls.playlist_entries(key)
    elif row.mode == "extend":
        writer.extend(key, row.base, planned)
        entries = calls.playlist_entries(key)
    else:
        if row.playlist_key != key:
            journal.set_key(key)
        fresh = row.writes == 0 and not (row.added or row.removed or row.moved)  # stopped before planning
        entries = writer.converge(key, planned, row.mode, on_plan=journal.counted if fresh else None).entries or []
    journal.done()
    log.info("Finished the interrupted %s of playlist %r (%d Plex requests)", row.kind, row.title, writer.writes)
    return Finished(key, writer.writes, entries)
