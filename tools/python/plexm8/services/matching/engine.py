"""Match external tracks against the library index: best candidate, threshold, and the why."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plexm8.services.external import ExternalTrack
from plexm8.services.matching.features import ExtFeatures, prepare_external
from plexm8.services.matching.index import Dependencies, MatchIndex
from plexm8.services.matching.score import explain, score_parts
from plexm8.services.matching.types import MatchResult

# Tuned on the labelled corpus (tests/matching/corpus.py): exact title + exact artist with no duration
# scores 90; a 10–30 s length difference or a fuzzy title then needs the album or a close duration to pass.
MATCH_THRESHOLD = 85.0


@dataclass(slots=True)
class _Memo:
    index: int  # the index's serial
    threshold: float
    changes: int  # the index's change count when the answer was last known to hold
    depends: Dependencies  # what the answer was found through (MatchIndex.depends_on)
    result: MatchResult


def match_track(ext: ExternalTrack, index: MatchIndex, *, threshold: float = MATCH_THRESHOLD,
                remember: bool = True) -> MatchResult:
    """Match one external track: the best library track at or above threshold, else unmatched with why.

    The answer is remembered with the track's features, with what it was found through (`MatchIndex.depends_on`).
    It is given again while that holds: a re-sync after the library changed elsewhere is answered without scoring
    again, and exactly as a fresh match would answer (`remember=False` always scores).
    """
    pe = prepare_external(ext)
    memo = pe.memo
    serial, changes = index.stamp
    if remember and memo is not None and memo.index == serial and memo.threshold == threshold:
        if memo.changes == changes or index.unchanged(memo.depends):
            memo.changes = changes
            return _copy(memo.result, ext)
    result, reach = _match(pe, ext, index, threshold)
    if not remember:
        return result
    pe.memo = _Memo(serial, threshold, changes, index.depends_on(pe, reach), result)
    return _copy(result, ext)


def _copy(r: MatchResult, ext: ExternalTrack) -> MatchResult:
    # Callers own their result (lists included); the remembered one stays as it was.
    return MatchResult(ext, r.track, r.score, list(r.reasons), r.best_candidate, r.status, r.reason)


def _match(pe: ExtFeatures, ext: ExternalTrack, index: MatchIndex, threshold: float) -> tuple[MatchResult, int]:
    candidates, reach = index.lookup(pe)
    if not candidates:
        return MatchResult(ext, None, 0.0, [], None, "unmatched", "no candidate"), reach
    best_pl = candidates[0]
    best_parts = score_parts(pe, best_pl)
    if len(candidates) > 1:
        order = index.order
        best_key = (best_parts[0], -order(best_pl.track.rating_key))
        for pl in candidates[1:]:
            parts = score_parts(pe, pl)
            if parts[0] >= best_key[0]:
                key = (parts[0], -order(pl.track.rating_key))
                if key > best_key:
                    best_pl, best_parts, best_key = pl, parts, key
    best = explain(pe, best_pl, best_parts)
    if best.score >= threshold:
        return MatchResult(ext, best.track, best.score, list(best.reasons), best, "matched", ""), reach
    why = "; ".join(best.penalties) or "not enough evidence"
    return MatchResult(
        ext, None, best.score, list(best.reasons), best, "unmatched",
        f"best candidate below threshold (score {best.score:.0f}: {why})",
    ), reach


def match_tracks(
    exts: Iterable[ExternalTrack], index: MatchIndex, *, threshold: float = MATCH_THRESHOLD
) -> list[MatchResult]:
    """Match many external tracks, in order."""
    return [match_track(ext, index, threshold=threshold) for ext in exts]
