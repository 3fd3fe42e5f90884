"""The import report: counts, changes, conflicts, failures and unmatched entries, as API.md shapes them."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from plexm8.services.tracks import track_key

if TYPE_CHECKING:
    from plexm8.services.ratings.importer.engine import Decision, Plan, Unmatched
    from plexm8.services.ratings.importer.types import SourceRatings


def _track(rows: dict[int, Any], rating_key: int) -> dict[str, str]:
    row = rows.get(rating_key)
    if row is None:
        return {"title": "", "artist": ""}
    return {"title": row.title, "artist": row.original_title or row.artist}


def _change(decision: Decision, rows: dict[int, Any]) -> dict[str, Any]:
    return {"track_key": track_key(decision.rating_key), **_track(rows, decision.rating_key),
            "old_rating": decision.old_rating, "new_rating": decision.new_rating, "matched_by": decision.matched_by}


def _conflict(decision: Decision, kind: str, rows: dict[int, Any]) -> dict[str, Any]:
    return {"track_key": track_key(decision.rating_key), **_track(rows, decision.rating_key), "kind": kind,
            "plex_rating": decision.old_rating, "source_ratings": list(decision.source_ratings),
            "reason": decision.reason}


def _failure(decision: Decision, rows: dict[int, Any]) -> dict[str, Any]:
    return {**_change(decision, rows), "reason": decision.reason}


def _unmatched(item: Unmatched) -> dict[str, Any]:
    entry = item.entry
    return {"title": entry.title, "artist": entry.artist, "album": entry.album, "path": entry.path,
            "rating": entry.rating, "reason": item.reason, "best_candidate": item.best_candidate}


def _message(source: SourceRatings, dry_run: bool, counts: dict[str, int]) -> str:
    if not source.entries:
        return (f"No rated tracks in this {source.source} source ({source.read} read, {source.skipped} without a "
                "rating); nothing to import.")
    verb = "would be written" if dry_run else "written"
    text = (f"{counts['synced']} rating(s) {verb}, {counts['unchanged']} already equal, "
            f"{counts['conflicts']} conflict(s), {counts['unmatched']} unmatched")
    if counts["failed"]:
        text += f", {counts['failed']} failed"
    return text + (". Dry run: nothing was sent to Plex." if dry_run else ".")


def build_report(
    source: SourceRatings,
    dry_run: bool,
    plan: Plan,
    written: Sequence[Decision],
    failed: Sequence[Decision],
    unmatched: Sequence[Unmatched],
    rows: dict[int, Any],
    import_id: int | None = None,
) -> dict[str, Any]:
    """The response of POST /api/ratings/sync (`import_id`: the record of a real import's writes)."""
    conflicts = [_conflict(d, "policy", rows) for d in plan.of("conflict")]
    conflicts += [_conflict(d, "duplicate", rows) for d in plan.duplicates]
    counts = {"synced": len(written), "unchanged": len(plan.of("unchanged")), "conflicts": len(conflicts),
              "failed": len(failed), "unmatched": len(unmatched)}
    return {
        "source": source.source,
        "dry_run": dry_run,
        **counts,
        "message": _message(source, dry_run, counts),
        "entries": len(source.entries),
        "skipped": source.skipped,
        "changes": [_change(d, rows) for d in written],
        "conflict_items": conflicts,
        "failed_items": [_failure(d, rows) for d in failed],
        "unmatched_items": [_unmatched(u) for u in unmatched],
        "warnings": list(source.warnings),
        "import_id": import_id,
    }
