"""How sync tasks, runs and matches look in the API."""
from __future__ import annotations

import json
from typing import Any

from plexm8.models.entities import SyncMatch, SyncRun, SyncTask, iso
from plexm8.services.tracks import track_key


def task_to_dict(task: SyncTask, running: bool, last_run: SyncRun | None = None) -> dict[str, Any]:
    """A task as the API shows it."""
    return {
        "id": task.id,
        "name": task.name,
        "source_url": task.source_url,
        "provider": task.provider,
        "playlist_id": task.playlist_id,
        "playlist_title": task.playlist_title,
        "schedule": task.schedule,
        "mode": task.mode,
        "enabled": bool(task.enabled),
        "server_id": task.server_id,
        "plex_playlist_key": task.plex_playlist_key,
        "running": running,
        "created_at": iso(task.created_at),
        "updated_at": iso(task.updated_at),
        "last_run_at": iso(task.last_run_at),
        "next_run_at": iso(task.next_run_at),
        "last_run": run_to_dict(last_run) if last_run else None,
    }


def run_to_dict(run: SyncRun) -> dict[str, Any]:
    """A run as the API shows it."""
    return {
        "id": run.id,
        "task_id": run.task_id,
        "trigger": run.trigger,
        "status": run.status,
        "started_at": iso(run.started_at),
        "finished_at": iso(run.finished_at),
        "total": run.total,
        "matched": run.matched,
        "unmatched": run.unmatched,
        "added": run.added,
        "removed": run.removed,
        "moved": run.moved,
        "plex_writes": run.plex_writes,
        "error": run.error,
        "interrupted": bool(run.interrupted),
    }


def match_to_dict(match: SyncMatch) -> dict[str, Any]:
    """A row of the review list."""
    return {
        "position": match.position,
        "external_id": match.external_id,
        "title": match.title,
        "artists": json.loads(match.artists),
        "album": match.album,
        "duration_ms": match.duration_ms,
        "track_key": track_key(match.rating_key),
        "score": match.score,
        "pinned": bool(match.pinned),
        "reasons": json.loads(match.reasons),
    }


def unmatched_to_dict(match: SyncMatch) -> dict[str, Any]:
    """A row of the unmatched list, with its best candidate."""
    return {
        "external_id": match.external_id,
        "title": match.title,
        "artists": json.loads(match.artists),
        "album": match.album,
        "duration_ms": match.duration_ms,
        "reason": match.reason,
        "best_candidate": json.loads(match.best_candidate) if match.best_candidate else None,
    }
