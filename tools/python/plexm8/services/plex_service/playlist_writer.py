"""The one writer of regular Plex playlists: create in chunks, add, remove, move, clear, and converge.

Every multi-request playlist change in the backend (sync runs, playlist import, the playlists API,
recommendation playlists) goes through `PlaylistWriter`. `converge` brings a playlist to a planned
content from whatever state it is in, so running it again after an interruption finishes the job; it
picks the cheaper of one-by-one edits and "clear, then re-add in chunks" (which keeps the ratingKey), so a
big mirror diff costs a number of requests that grows with chunks, not tracks.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from plexm8.services.plex_service.library import PlexLibraryCalls
from plexm8.services.plex_service.playlists import KEYS_PER_REQUEST
from plexm8.services.sync.diff import Entry, plan_changes, plan_moves, unique_in_order

log = logging.getLogger(__name__)
# Clearing and re-adding gives every entry a new playlistItemID (Plex's "added to playlist" date); small diffs
# keep their entries, and a rebuild is chosen only when it saves at least this many requests.
REBUILD_SAVING = 50


@dataclass
class Converged:
    """What converging a playlist did: logical changes (against the state it found) and requests sent."""

    playlist_key: int
    added: int = 0
    removed: int = 0
    moved: int = 0
    writes: int = 0
    cleared: bool = False
    entries: list[Entry] | None = None  # the playlist as read back at the end


def chunks(keys: Sequence[int], size: int = KEYS_PER_REQUEST) -> list[Sequence[int]]:
    """`keys` in slices of at most `size`."""
    return [keys[i:i + size] for i in range(0, len(keys), size)]


def _chunk_count(n: int) -> int:
    return -(-n // KEYS_PER_REQUEST)


class PlaylistWriter:
    """Writes to regular audio playlists; `on_write` is called after every request that changed Plex."""

    def __init__(self, calls: PlexLibraryCalls, on_write: Callable[[], None] | None = None,
                 allow_clear: bool = True) -> None:
        self.calls = calls
        self.on_write = on_write
        self.allow_clear = allow_clear  # False only to measure the one-by-one strategy (bench/)
        self.writes = 0

    def _wrote(self) -> None:
        self.writes += 1
        if self.on_write is not None:
            self.on_write()

    # -- single operations ---------------------------------------------------------------------

    def create(self, title: str, rating_keys: Sequence[int] = (),
               on_created: Callable[[int], None] | None = None) -> int:
        """Create a playlist of these tracks in order (none: an empty one), in chunks; returns its ratingKey.

        `on_created` learns the ratingKey right after the first request, before the remaining chunks.
        """
        parts = chunks(rating_keys)
        if parts:
            playlist_key = self.calls.create_playlist(title, parts[0])
        else:
            playlist_key = self.calls.create_empty_playlist(title)
        self._wrote()
        if on_created is not None:
            on_created(playlist_key)
        for part in parts[1:]:
            self.add(playlist_key, part)
        return playlist_key

    def add(self, playlist_key: int, rating_keys: Sequence[int]) -> None:
        """Append tracks in order, a chunk per request."""
        for part in chunks(rating_keys):
            self.calls.add_to_playlist(playlist_key, part)
            self._wrote()

    def remove(self, playlist_key: int, item_id: int) -> None:
        """Remove one entry by playlistItemID."""
        self.calls.remove_playlist_item(playlist_key, item_id)
        self._wrote()

    def move(self, playlist_key: int, item_id: int, after_item_id: int | None) -> None:
        """Move an entry after another one (None: to the top)."""
        self.calls.move_playlist_item(playlist_key, item_id, after_item_id)
        self._wrote()

    def clear(self, playlist_key: int) -> None:
        """Empty a regular playlist in one request; its ratingKey, title and summary stay."""
        self.calls.clear_playlist(playlist_key)
        self._wrote()

    # -- whole changes ---------------------------------------------------------------------------

    def converge(self, playlist_key: int, desired: Sequence[int], mode: str,
                 on_plan: Callable[[Converged], None] | None = None) -> Converged:
        """Make the playlist hold `desired` in order: exactly that (mirror), or among the others (append).

        `on_plan` learns the logical changes (added, removed, moved) before the first write.
        """
        wanted = unique_in_order(desired)
        entries = self.calls.playlist_entries(playlist_key)
        plan = plan_changes(entries, wanted, mode)
        removed = set(plan.remove)
        after_edits = [e for e in entries if e[0] not in removed] + [(-1 - i, k) for i, k in enumerate(plan.add)]
        moves_needed = len(plan_moves(after_edits, wanted))
        result = Converged(playlist_key, added=len(plan.add), removed=len(plan.remove), moved=moves_needed)
        if on_plan is not None:
            on_plan(result)
        one_by_one = len(plan.remove) + _chunk_count(len(plan.add)) + moves_needed
        rebuild = 1 + _chunk_count(len(wanted))
        start = self.writes
        if mode == "mirror" and self.allow_clear and one_by_one - rebuild >= REBUILD_SAVING:
            self.clear(playlist_key)
            self.add(playlist_key, wanted)
            result.cleared = True
            entries = self.calls.playlist_entries(playlist_key)
        else:
            for item_id in plan.remove:
                self.remove(playlist_key, item_id)
            self.add(playlist_key, plan.add)
            if self.writes > start:
                entries = self.calls.playlist_entries(playlist_key)
            moves = plan_moves(entries, wanted)
            for item_id, after in moves:
                self.move(playlist_key, item_id, after)
            if moves:
                entries = self.calls.playlist_entries(playlist_key)
        result.writes = self.writes - start
        result.entries = entries
        return result

    def extend(self, playlist_key: int, base: int, planned: Sequence[int]) -> int:
        """Finish appending `planned` after the first `base` entries (what is there already is kept); returns
        how many were added now. Used to finish an interrupted multi-chunk addition."""
        entries = self.calls.playlist_entries(playlist_key)
        appended = [key for _item, key in entries[base:]]
        done = 0
        while done < len(appended) and done < len(planned) and appended[done] == planned[done]:
            done += 1
        rest = list(planned[done:])
        self.add(playlist_key, rest)
        return len(rest)

    @staticmethod
    def holds(entries: Sequence[Entry], desired: Sequence[int]) -> bool:
        """Whether `entries` hold `desired` in order (other tracks ignored)."""
        wanted = set(desired)
        return unique_in_order([key for _item, key in entries if key in wanted]) == unique_in_order(desired)
