"""The library index: every track of a server's music section in the store, kept fresh by `updatedAt`."""
from __future__ import annotations

import gc
import logging
import threading
from array import array
from dataclasses import dataclass
from typing import Any, Iterable, cast

from peewee import fn

from plexm8.models.db import database
from plexm8.models.entities import LibraryState, iso, utcnow
from plexm8.models.entities import LibraryTrack as StoredTrack
from plexm8.services.events.bus import EventBus
from plexm8.services.matching.index import MatchIndex
from plexm8.services.matching.normalize import normalize_text
from plexm8.services.matching.types import LibraryTrack
from plexm8.services.plex_service import PlexLibraryCalls, PlexService, TrackRow

log = logging.getLogger(__name__)
PAGE_SIZE = 5000
WRITE_BATCH = 500


@dataclass
class RefreshReport:
    """What one refresh of the index changed."""

    mode: str  # "full" or "incremental"
    upserted: int = 0
    removed: int = 0
    total: int = 0


def _library_track(row: Any) -> LibraryTrack:
    return LibraryTrack(
        rating_key=str(row.rating_key),
        title=row.title,
        artist=row.artist,
        album=row.album,
        original_title=row.original_title,
        duration_ms=row.duration_ms,
        file_path=row.file_path,
        title_sort=row.title_sort,
        artist_sort=row.artist_sort,
    )


_MATCH_COLUMNS = (StoredTrack.rating_key, StoredTrack.title, StoredTrack.artist, StoredTrack.album,
                  StoredTrack.original_title, StoredTrack.duration_ms, StoredTrack.file_path, StoredTrack.title_sort,
                  StoredTrack.artist_sort)  # what _library_track reads
_COLUMNS = ("server_id", *TrackRow._fields, "title_key", "artist_key")  # the order _stored writes them in
# One prepared statement for a whole page: executemany in one transaction is what keeps up with the listing.
_UPSERT = (f"INSERT OR REPLACE INTO library_track ({', '.join(_COLUMNS)}) "
           f"VALUES ({', '.join('?' for _ in _COLUMNS)})")


# The secondary indexes of library_track (as migration v3 made them). A cold build (the table empty) drops them
# and creates them once at the end: sorting 100,000 keys once costs a fifth of keeping two b-trees up to date
# row by row. `IF NOT EXISTS` makes every build put them back, should a build ever die before its end.
_SECONDARY_INDEXES = {"library_track_title_key": "server_id, title_key", "library_track_file_path": "server_id, file_path"}


def _secondary_indexes(present: bool) -> None:
    """Create (if missing) or drop the secondary indexes of library_track."""
    with database.atomic():
        for name, columns in _SECONDARY_INDEXES.items():
            database.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON library_track ({columns})" if present
                                 else f"DROP INDEX IF EXISTS {name}")


def _stored(server_id: int, row: TrackRow) -> tuple[Any, ...]:
    return (server_id, *row, normalize_text(row.title), normalize_text(row.original_title or row.artist))


class LibraryIndex:
    """Builds and refreshes the stored index per server and keeps a MatchIndex of it in memory."""

    def __init__(self, events: EventBus | None = None) -> None:
        self.events = events
        self.long_lived = False  # set by the server process: what it loads stays until it exits
        self._indexes: dict[int, MatchIndex] = {}
        self._locks: dict[int, threading.RLock] = {}
        self._guard = threading.Lock()

    def _lock(self, server_id: int) -> threading.RLock:
        with self._guard:
            return self._locks.setdefault(server_id, threading.RLock())

    def locked(self, server_id: int) -> threading.RLock:
        """Hold this while matching (never while calling Plex): the MatchIndex must not change under a match."""
        return self._lock(server_id)

    def state(self, server_id: int) -> dict[str, Any]:
        """The index's status and progress, for the API."""
        state = LibraryState.get_or_none(LibraryState.server_id == server_id)
        if state is None:
            return {"status": "empty", "track_count": 0, "progress": {"done": 0, "total": 0},
                    "built_at": None, "refreshed_at": None, "error": None}
        return {
            "status": state.status,
            "track_count": state.track_count,
            "progress": {"done": state.progress_done, "total": state.progress_total},
            "built_at": iso(state.built_at),
            "refreshed_at": iso(state.refreshed_at),
            "error": state.error,
        }

    def match_index(self, server_id: int) -> MatchIndex:
        """The in-memory MatchIndex of a server, loaded from the store on first use."""
        with self._lock(server_id):  # a page written while it loads would otherwise be missing from it for good
            index = self._indexes.get(server_id)
            if index is None:
                query = StoredTrack.select(*_MATCH_COLUMNS).where(StoredTrack.server_id == server_id) \
                    .order_by(StoredTrack.rating_key).namedtuples()  # no model object per row: a third faster
                index = MatchIndex(_library_track(row) for row in query.iterator())
                self._indexes[server_id] = index
                if self.long_lived:
                    # The index lives as long as the server: left to the cyclic GC, each full collection walks
                    # its hundreds of thousands of objects (0.3 s at 50,000 tracks, in the middle of a sync).
                    # Frozen, they are freed by reference counting when replaced; nothing in it forms cycles.
                    gc.collect()
                    gc.freeze()
            return index

    def tracks_by_key(self, server_id: int, rating_keys: Iterable[int]) -> dict[int, Any]:
        """Stored rows for some ratingKeys."""
        keys = list(rating_keys)
        rows: dict[int, Any] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            query = StoredTrack.select().where((StoredTrack.server_id == server_id) & (StoredTrack.rating_key.in_(chunk)))
            rows.update({row.rating_key: row for row in query})
        return rows

    def search(self, server_id: int, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Indexed tracks whose title, artist or album hold every word of `text` (normalised), by title."""
        words = normalize_text(text).split()
        if not words:
            return []
        haystack = StoredTrack.title_key.concat(" ").concat(StoredTrack.artist_key).concat(" ") \
            .concat(fn.lower(StoredTrack.album))
        query = StoredTrack.select().where(StoredTrack.server_id == server_id)
        for word in words:
            query = query.where(fn.instr(haystack, word) > 0)
        rows = query.order_by(StoredTrack.title_key, StoredTrack.rating_key).limit(limit)
        return [{"track_key": f"/library/metadata/{row.rating_key}", "ratingKey": str(row.rating_key),
                 "title": row.title, "artist": row.original_title or row.artist, "album": row.album,
                 "duration_ms": row.duration_ms} for row in rows]

    def refresh(self, server_id: int, service: PlexService, *, full: bool = False) -> RefreshReport:
        """Bring the index up to date: a full build when new or asked, else only what changed since last time.

        No lock is held while Plex is asked: pages are fetched unlocked and written under the server's lock
        (writes are idempotent upserts, so two refreshes at once only cost time).
        """
        calls = PlexLibraryCalls(service)
        machine = calls.machine_identifier()
        section = calls.section_key()
        state = LibraryState.get_or_none(LibraryState.server_id == server_id)
        rebuild = full or state is None or state.built_at is None or state.machine_identifier != machine \
            or state.section_key != section
        if state is None:
            LibraryState.insert(server_id=server_id).on_conflict_ignore().execute()
            state = LibraryState.get(LibraryState.server_id == server_id)
        state.machine_identifier, state.section_key = machine, section
        try:
            if rebuild:
                report = self._full(server_id, calls, state)
            else:
                report = self._incremental(server_id, calls, state)
        except Exception as exc:
            state.status, state.error = "failed", str(getattr(exc, "message", exc))
            state.save()
            if self.events is not None:
                self.events.publish("library", {"server_id": server_id, "status": "failed", "error": state.error})
            raise
        log.info(
            "Library index %s refresh: %d tracks written, %d removed, %d in all",
            report.mode, report.upserted, report.removed, report.total,
        )
        return report

    def _write(self, server_id: int, rows: list[TrackRow], state: LibraryState | None = None) -> None:
        """Store a page of rows in one transaction, with the build's progress (`state`) when given."""
        with self._lock(server_id):  # a match in progress never sees the index change under it
            index = self._indexes.get(server_id)
            with database.atomic():
                database.cursor().executemany(_UPSERT, [_stored(server_id, r) for r in rows])
                if state is not None:
                    state.save()
            if index is not None:
                for row in rows:
                    index.add(_library_track(row))  # replaces a changed track; an unchanged one stays as it is

    def _remove(self, server_id: int, rating_keys: list[int]) -> None:
        with self._lock(server_id):
            index = self._indexes.get(server_id)
            with database.atomic():
                for start in range(0, len(rating_keys), WRITE_BATCH):
                    chunk = rating_keys[start:start + WRITE_BATCH]
                    StoredTrack.delete().where(
                        (StoredTrack.server_id == server_id) & (StoredTrack.rating_key.in_(chunk))
                    ).execute()
            if index is not None:
                for key in rating_keys:
                    if str(key) in index:
                        index.remove(str(key))

    def _progress(self, state: LibraryState, done: int, total: int, status: str, *, save: bool = True) -> None:
        state.progress_done, state.progress_total, state.status, state.error = done, total, status, None
        if save:
            state.save()
        if self.events is not None:
            self.events.publish("library", {"server_id": state.server_id, "status": status,
                                            "progress": {"done": done, "total": total}})

    def _full(self, server_id: int, calls: PlexLibraryCalls, state: LibraryState,
              sorts: dict[str, str] | None = None) -> RefreshReport:
        report = RefreshReport("full")
        # The ratingKeys listed, packed (8 bytes each): a set of int objects would outlive every page and pin
        # the memory the pages were parsed in (RSS then grows with the library instead of staying at a page).
        seen = array("q")
        max_updated = 0
        self._progress(state, 0, state.track_count, "building")
        had_rows = StoredTrack.select().where(StoredTrack.server_id == server_id).exists()
        cold = not had_rows and not StoredTrack.select().exists()  # no server has rows: nothing to keep indexed
        _secondary_indexes(present=not cold)
        try:
            if sorts is None:
                sorts = calls.artist_sorts(page_size=PAGE_SIZE)
            for rows, total in calls.iter_track_pages(page_size=PAGE_SIZE, artist_sorts=sorts):
                seen.extend([r.rating_key for r in rows])
                max_updated = max([max_updated] + [r.updated_at or 0 for r in rows])
                report.upserted += len(rows)
                state.progress_done, state.progress_total = len(seen), total
                self._write(server_id, rows, state)  # the page and the progress it makes: one transaction
                self._progress(state, len(seen), total, "building", save=False)
        finally:
            if cold:
                _secondary_indexes(present=True)
        gone: list[int] = []
        if had_rows:  # a first build has nothing to remove
            listed = set(seen)
            stored = StoredTrack.select(StoredTrack.rating_key).where(StoredTrack.server_id == server_id).tuples()
            gone = [key for (key,) in cast(Iterable[tuple[int]], stored) if key not in listed]
            del listed
        self._remove(server_id, gone)
        total = StoredTrack.select().where(StoredTrack.server_id == server_id).count()  # a track listed twice is one
        report.removed, report.total = len(gone), total
        state.max_updated_at = max_updated or None
        state.track_count = total
        state.built_at = state.refreshed_at = utcnow()
        self._progress(state, total, total, "ready")
        return report

    def _incremental(self, server_id: int, calls: PlexLibraryCalls, state: LibraryState) -> RefreshReport:
        report = RefreshReport("incremental")
        since = state.max_updated_at
        # `updatedAt>>=` is "later than"; one second back re-reads same-second edits (writes are idempotent).
        after = since - 1 if since else None
        max_updated = since or 0
        sorts = calls.artist_sorts(page_size=PAGE_SIZE)
        for rows, _total in calls.iter_track_pages(updated_after=after, page_size=PAGE_SIZE, artist_sorts=sorts):
            self._write(server_id, rows)
            report.upserted += len(rows)
            max_updated = max([max_updated] + [r.updated_at or 0 for r in rows])
        stored_count = StoredTrack.select().where(StoredTrack.server_id == server_id).count()
        if calls.count_tracks() != stored_count:
            # Removals leave no trace in updatedAt: when the counts differ, list every key once.
            full = self._full(server_id, calls, state, sorts)  # the artists' sort names were just listed
            full.upserted += report.upserted
            full.mode = "incremental+rescan"
            return full
        state.max_updated_at = max_updated or None
        state.track_count = stored_count
        state.refreshed_at = utcnow()
        self._progress(state, stored_count, stored_count, "ready")
        report.total = stored_count
        return report
