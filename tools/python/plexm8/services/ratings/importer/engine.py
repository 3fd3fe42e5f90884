"""The ratings import: match source entries to Plex tracks, decide per track by policy, write what changes.

Matching is by file path first (an explicit path_map, else the exact path, else the longest common
Artist/Album/file suffix), then by metadata through the matching engine. Current Plex ratings come from
one paged listing of rated tracks; a dry run sends no writes at all.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from plexm8.errors import APIError, PlexUnavailable, UpstreamTimeout
from plexm8.services.external import ExternalTrack
from plexm8.services.library.index import LibraryIndex
from plexm8.services.library.path_match import PathRule
from plexm8.services.plex_service import PlexRatingCalls
from plexm8.services.ratings.importer import journal
from plexm8.services.ratings.importer.journal import PROGRESS_EVERY
from plexm8.services.ratings.importer.report import build_report
from plexm8.services.ratings.importer.types import RatingEntry, SourceRatings
from plexm8.services.servers.registry import ServerRegistry
from plexm8.services.sync.source_matching import match_external

log = logging.getLogger(__name__)
POLICIES = ("overwrite", "only-unrated", "keep-higher")
TOLERANCE = 0.01  # ratings closer than this are the same rating
WRITE_WORKERS = 4  # rating writes in flight at once


@dataclass(frozen=True)
class Matched:
    """A source entry and the Plex track it matched."""

    entry: RatingEntry
    rating_key: int
    matched_by: str  # "path" or "metadata"


@dataclass(frozen=True)
class Unmatched:
    """A source entry no Plex track matched, with why and the best candidate."""

    entry: RatingEntry
    reason: str
    best_candidate: dict[str, Any] | None


@dataclass
class Decision:
    """What happens to one Plex track: `change`, `unchanged` or `conflict` (the policy keeps Plex's rating)."""

    rating_key: int
    old_rating: float | None
    new_rating: float
    matched_by: str
    outcome: str
    reason: str = ""
    source_ratings: tuple[float, ...] = ()


@dataclass
class Plan:
    """Every decision of an import, before anything is written."""

    decisions: list[Decision] = field(default_factory=list)
    duplicates: list[Decision] = field(default_factory=list)  # tracks whose source entries disagree

    def of(self, outcome: str) -> list[Decision]:
        """The decisions with one outcome, in source order."""
        return [d for d in self.decisions if d.outcome == outcome]


def same(a: float | None, b: float | None) -> bool:
    """Two ratings are equal (None only equals None)."""
    if a is None or b is None:
        return a is b
    return abs(a - b) < TOLERANCE


def _external(position: int, entry: RatingEntry) -> ExternalTrack:
    return ExternalTrack(
        external_id=str(position),
        title=entry.title,
        artists=(entry.artist,) if entry.artist else (),
        album=entry.album,
        duration_ms=entry.duration_ms,
        file_path=entry.path,
        position=position,
    )


def match_entries(
    library: LibraryIndex, server_id: int, entries: Sequence[RatingEntry], path_rules: Sequence[PathRule] = ()
) -> tuple[list[Matched], list[Unmatched]]:
    """Match every entry (one PathMatcher over the index, then the matching engine); caller holds the lock."""
    outcomes = match_external(library, server_id, [_external(i, e) for i, e in enumerate(entries)],
                              path_rules=path_rules)
    matched: list[Matched] = []
    unmatched: list[Unmatched] = []
    for outcome in outcomes:
        entry = entries[outcome.position]
        if outcome.rating_key is None:
            best = outcome.best_candidate.to_dict() if outcome.best_candidate else None
            unmatched.append(Unmatched(entry, outcome.reason or "no match", best))
            continue
        matched.append(Matched(entry, outcome.rating_key, "path" if outcome.method == "path" else "metadata"))
    return matched, unmatched


def _decide(rating_key: int, old: float | None, new: float, matched_by: str, policy: str) -> Decision:
    decision = Decision(rating_key, old, new, matched_by, "change")
    if same(old, new):
        decision.outcome = "unchanged"
    elif old is not None and policy == "only-unrated":
        decision.outcome = "conflict"
        decision.reason = f"Plex already rates this track {old:g}/10; policy only-unrated keeps it"
    elif old is not None and policy == "keep-higher" and old > new:
        decision.outcome = "conflict"
        decision.reason = f"Plex's rating {old:g}/10 is higher; policy keep-higher keeps it"
    return decision


def plan_ratings(matched: Sequence[Matched], current: dict[int, float], policy: str) -> Plan:
    """Decide per Plex track (source entries of one track merged: the highest rating wins)."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    groups: dict[int, list[Matched]] = {}
    for item in matched:
        groups.setdefault(item.rating_key, []).append(item)
    plan = Plan()
    for rating_key, items in groups.items():
        chosen = max(items, key=lambda m: m.entry.rating)  # max keeps the first of equal ratings
        decision = _decide(rating_key, current.get(rating_key), chosen.entry.rating, chosen.matched_by, policy)
        ratings = tuple(m.entry.rating for m in items)
        decision.source_ratings = ratings
        plan.decisions.append(decision)
        if any(not same(r, chosen.entry.rating) for r in ratings):
            plan.duplicates.append(Decision(
                rating_key, decision.old_rating, chosen.entry.rating, chosen.matched_by, "conflict",
                f"{len(items)} source entries match this track with different ratings "
                f"({', '.join(f'{r:g}' for r in ratings)}); the highest, {chosen.entry.rating:g}, is used",
                ratings,
            ))
    return plan


def apply_plan(
    calls: PlexRatingCalls, changes: Sequence[Decision], workers: int = WRITE_WORKERS,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Decision], list[Decision]]:
    """Write the changes (a few at a time: Plex has no batch rating call); returns (written, failed) in plan
    order. A write Plex refuses is reported and the rest go on; once Plex is unreachable no more are tried.
    `on_progress(written, refused)` is called on this thread every PROGRESS_EVERY changes."""
    stop = threading.Event()
    done = [False] * len(changes)

    def write(index: int) -> None:
        decision = changes[index]
        if stop.is_set():
            return
        try:
            calls.rate(decision.rating_key, decision.new_rating)
        except (PlexUnavailable, UpstreamTimeout) as exc:
            stop.set()
            decision.reason = f"not written: {exc.message}"
        except APIError as exc:
            decision.reason = exc.message
        else:
            done[index] = True

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="rating-write") as pool:
        for start in range(0, len(changes), PROGRESS_EVERY):
            list(pool.map(write, range(start, min(start + PROGRESS_EVERY, len(changes)))))
            if on_progress is not None and not stop.is_set():
                finished = min(start + PROGRESS_EVERY, len(changes))
                ok = sum(done[:finished])
                on_progress(ok, finished - ok)
    written = [d for d, ok in zip(changes, done, strict=True) if ok]
    failed = [d for d, ok in zip(changes, done, strict=True) if not ok]
    for decision in failed:
        decision.reason = decision.reason or "not written: Plex became unreachable"
    if stop.is_set():
        log.warning("Ratings import stopped after %d writes: Plex became unreachable", len(written))
    return written, failed


def _unreachable(failed: Sequence[Decision]) -> str | None:
    return next((d.reason for d in failed if d.reason.startswith("not written")), None)


def _write_recorded(calls: PlexRatingCalls, record: Any, changes: Sequence[Decision],
                    already: int = 0) -> tuple[list[Decision], list[Decision]]:
    """Write `changes`, keeping the import record's progress (counting `already` written before)."""
    written, failed = apply_plan(calls, changes,
                                 on_progress=lambda ok, bad: journal.progress(record, already + ok, bad))
    journal.finish(record, already + len(written), len(failed), _unreachable(failed))
    return written, failed


def import_ratings(
    servers: ServerRegistry,
    library: LibraryIndex,
    source: SourceRatings,
    *,
    policy: str,
    dry_run: bool = True,
    path_rules: Sequence[PathRule] = (),
) -> dict[str, Any]:
    """Match, plan and (unless dry run) write a source's ratings; the report of API.md."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    if not source.entries:
        return build_report(source, dry_run, Plan(), [], [], [], {})
    server, service = servers.resolve()
    calls = PlexRatingCalls(service)
    with library.locked(server.id):
        library.refresh(server.id, service)
        matched, unmatched = match_entries(library, server.id, source.entries, path_rules)
    plan = plan_ratings(matched, calls.rated_tracks(), policy)
    changes = plan.of("change")
    record = None
    if dry_run:
        written, failed = changes, []
    else:
        record = journal.begin(server.id, source.source, policy,
                               [(d.rating_key, d.new_rating, d.matched_by) for d in changes])
        written, failed = _write_recorded(calls, record, changes)
    rows = library.tracks_by_key(server.id, [d.rating_key for d in plan.decisions])
    log.info(
        "Ratings import from %s (%s, %s): %d to write, %d written, %d failed, %d unmatched",
        source.source, policy, "dry run" if dry_run else "for real", len(changes), len(written) if not dry_run else 0,
        len(failed), len(unmatched),
    )
    return build_report(source, dry_run, plan, written, failed, unmatched, rows,
                        import_id=record.id if record is not None else None)


def resume_import(servers: ServerRegistry, import_id: int) -> dict[str, Any]:
    """Write what an interrupted import had not written yet: Plex's current ratings are read first, so a
    rating already written is never sent again."""
    record = journal.claim_for_resume(import_id)
    try:
        calls = PlexRatingCalls(servers.resolve(record.server_id).service)
        current = calls.rated_tracks()
        plan = journal.plan_of(record)
        remaining = [Decision(key, current.get(key), rating, matched_by, "change")
                     for key, rating, matched_by in plan if not same(current.get(key), rating)]
        already = len(plan) - len(remaining)
        written, failed = _write_recorded(calls, record, remaining, already)
    except APIError as exc:
        journal.finish(record, record.written, record.failed, exc.message)
        raise
    log.info("Ratings import %d resumed: %d already in Plex, %d written now, %d failed", import_id, already,
             len(written), len(failed))
    return {"import": journal.to_dict(journal.get(import_id)), "written_now": len(written),
            "failed_now": len(failed)}
