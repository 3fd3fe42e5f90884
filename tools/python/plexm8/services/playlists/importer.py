"""Importing an M3U/M3U8/CSV file as a new Plex playlist, matched by path first, then by metadata."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Sequence

from plexm8.errors import Conflict, Unprocessable
from plexm8.services.external import ExternalPlaylist
from plexm8.services.library.index import LibraryIndex
from plexm8.services.library.path_match import PathRule
from plexm8.services.local_files import absolute, refuse_cross_origin
from plexm8.services.playlists.journal import create_playlist as create_journalled
from plexm8.services.plex_service import PlexLibraryCalls
from plexm8.services.providers.files import parse_csv, parse_m3u, read_playlist_file
from plexm8.services.servers.registry import ServerRegistry
from plexm8.services.sync.diff import unique_in_order
from plexm8.services.sync.source_matching import external_to_dict, match_external
from plexm8.services.tracks import track_key

log = logging.getLogger(__name__)


def read_upload(filename: str, data: bytes) -> ExternalPlaylist:
    """An uploaded playlist file, by its extension (CSV/TSV, else M3U)."""
    stem = Path(filename).stem or "Imported playlist"
    if Path(filename).suffix.lower() in (".csv", ".tsv"):
        return parse_csv(data, name=stem)
    return parse_m3u(data, name=stem)


def read_path(path: str, allow_local: bool = True) -> ExternalPlaylist:
    """A playlist file on this computer (403 for a caller that may not name local files)."""
    refuse_cross_origin(allow_local)
    return read_playlist_file(absolute(path))


def import_playlist(
    servers: ServerRegistry,
    library: LibraryIndex,
    playlist: ExternalPlaylist,
    title: str | None,
    path_rules: Sequence[PathRule] = (),
) -> dict[str, Any]:
    """Create a Plex playlist of the file's matched entries, in file order; report every line."""
    if not playlist.tracks:
        raise Unprocessable("The playlist file has no entries.", field="file")
    server, service = servers.resolve()
    name = (title or playlist.name or "Imported playlist").strip()
    calls = PlexLibraryCalls(service)
    if any(p.title == name for p in calls.audio_playlists()):
        raise Conflict(f"Plex already has a playlist named {name!r}; choose another title.")
    with library.locked(server.id):
        library.refresh(server.id, service)
        outcomes = match_external(library, server.id, playlist.tracks, path_rules=path_rules)
    desired = unique_in_order([o.rating_key for o in outcomes if o.rating_key is not None])
    unmatched = [
        {**external_to_dict(o.external), "line": o.position + 1, "file_path": o.external.file_path,
         "reason": o.reason, "best_candidate": o.best_candidate.to_dict() if o.best_candidate else None}
        for o in outcomes if not o.matched
    ]
    if not desired:
        raise Unprocessable(
            f"None of the {len(outcomes)} entries matched a track in Plex, so no playlist was created.",
            field="file",
        )
    playlist_key = create_journalled(calls, name, desired, server_id=server.id)
    log.info("Imported %r: %d of %d entries matched", name, len(outcomes) - len(unmatched), len(outcomes))
    return {
        "success": True,
        "playlist": {"key": f"/playlists/{playlist_key}", "ratingKey": str(playlist_key), "title": name,
                     "type": "audio", "itemCount": len(desired)},
        "total": len(outcomes),
        "matched": len(outcomes) - len(unmatched),
        "unmatched": len(unmatched),
        "matches": [
            {"line": o.position + 1, "title": o.external.title, "file_path": o.external.file_path,
             "track_key": track_key(o.rating_key), "score": o.score, "reasons": list(o.reasons)}
            for o in outcomes
        ],
        "unmatched_items": unmatched,
    }
