"""The record of every ratings import that writes to Plex: its plan and progress, so an interrupted one is
reported at the next start and can be resumed, writing only what is left (each rating once)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from plexm8.errors import Conflict, NotFound
from plexm8.models.entities import RatingsImport, iso, utcnow

PROGRESS_EVERY = 50  # rating writes between two progress records (a resume re-checks Plex, so none is lost)


def begin(server_id: int | None, source: str, policy: str, changes: Sequence[tuple[int, float, str]]) -> RatingsImport:
    """Store the plan — (ratingKey, rating, matched_by) per change, in order — before the first write."""
    return RatingsImport.create(server_id=server_id, source=source, policy=policy, planned=len(changes),
                                plan=json.dumps([list(c) for c in changes]))


def progress(record: RatingsImport, written: int, failed: int) -> None:
    """Record how many ratings are written (and refused) so far."""
    record.written, record.failed = written, failed
    record.save(only=[RatingsImport.written, RatingsImport.failed])


def finish(record: RatingsImport, written: int, failed: int, error: str | None = None) -> None:
    """The import ended: every planned rating was tried (`failed` of them refused), or `error` stopped it."""
    record.written, record.failed, record.error = written, failed, error
    record.status = "failed" if error else "finished"
    record.finished_at = utcnow()
    record.save()


def plan_of(record: RatingsImport) -> list[tuple[int, float, str]]:
    """The stored changes, in order."""
    return [(int(k), float(r), str(m)) for k, r, m in json.loads(record.plan)]


def mark_interrupted() -> int:
    """At start-up: imports a stopped process left running are interrupted (resumable)."""
    return RatingsImport.update(status="interrupted").where(RatingsImport.status == "running").execute()


def get(import_id: int) -> RatingsImport:
    """An import record, or 404."""
    record = RatingsImport.get_or_none(RatingsImport.id == import_id)
    if record is None:
        raise NotFound(f"There is no ratings import with id {import_id}.")
    return record


def claim_for_resume(import_id: int) -> RatingsImport:
    """The record of an import that can be resumed (interrupted, or stopped by an unreachable Plex); 409 else."""
    record = get(import_id)
    if record.status not in ("interrupted", "failed"):
        raise Conflict(f"Ratings import {import_id} is {record.status}; only an interrupted or failed import "
                       "can be resumed.")
    updated = RatingsImport.update(status="running", resumed_at=utcnow(), error=None).where(
        (RatingsImport.id == import_id) & (RatingsImport.status == record.status)).execute()
    if not updated:
        raise Conflict(f"Ratings import {import_id} is being resumed already.")
    return get(import_id)


def recent(limit: int = 50) -> list[RatingsImport]:
    """The newest imports first."""
    return list(RatingsImport.select().order_by(RatingsImport.id.desc()).limit(limit))


def to_dict(record: RatingsImport) -> dict[str, Any]:
    """An import as GET /api/ratings/imports shows it."""
    return {
        "id": record.id,
        "source": record.source,
        "policy": record.policy,
        "status": record.status,
        "planned": record.planned,
        "written": record.written,
        "failed": record.failed,
        "remaining": max(0, record.planned - record.written - record.failed),
        "error": record.error,
        "created_at": iso(record.created_at),
        "finished_at": iso(record.finished_at),
        "resumed_at": iso(record.resumed_at),
    }
