"""The item states of the loop and how sessions and items look in the API."""
from __future__ import annotations

import json
from typing import Any

from plexm8.models.entities import DownloadItem, DownloadSession, iso
from plexm8.services.downloads.backends.base import Candidate
from plexm8.services.external import ExternalTrack
from plexm8.services.tracks import track_key

PRE_PLACED = ("queued", "searching", "downloading", "verifying")
POST_PLACED = ("placed", "scanning", "in_plex")
FINAL = ("in_playlist", "skipped", "failed", "cancelled", "quarantined")
DONE = ("in_plex", "in_playlist", "skipped")


def loads(text: str | None, default: Any) -> Any:
    return json.loads(text) if text else default


def wanted_of(item: DownloadItem) -> ExternalTrack:
    """The song an item is looking for."""
    return ExternalTrack(item.external_id, item.title, tuple(loads(item.artists, [])), item.album or "",
                         item.duration_ms)


def item_to_dict(item: DownloadItem) -> dict[str, Any]:
    """An item as the API shows it."""
    candidate = loads(item.candidate, None)
    return {
        "id": item.id, "session_id": item.session_id, "position": item.position, "external_id": item.external_id,
        "title": item.title, "artists": loads(item.artists, []), "album": item.album, "duration_ms": item.duration_ms,
        "state": item.state, "progress": round(item.progress, 3), "attempts": item.attempts, "file": item.file,
        "track_key": track_key(item.rating_key) if item.rating_key else None, "error": item.error,
        "candidate": Candidate.from_dict(candidate).public() if candidate else None,
    }


def session_to_dict(session: DownloadSession, items: list[DownloadItem] | None = None) -> dict[str, Any]:
    """A session with its counts (and its items when given)."""
    out = summary(session, items if items is not None else list(session.items))
    if items is not None:
        out["items"] = [item_to_dict(i) for i in sorted(items, key=lambda i: (i.position, i.id))]
    return out


def summary(session: DownloadSession, items: list[DownloadItem]) -> dict[str, Any]:
    """A session with its counts, without its items."""
    return {
        "id": session.id, "task_id": session.task_id, "status": session.status,
        "created_at": iso(session.created_at), "finished_at": iso(session.finished_at), "total": len(items),
        "done": sum(1 for i in items if i.state in DONE),
        "failed": sum(1 for i in items if i.state in ("failed", "quarantined")),
        "in_plex": sum(1 for i in items if i.state in ("in_plex", "in_playlist")),
    }
