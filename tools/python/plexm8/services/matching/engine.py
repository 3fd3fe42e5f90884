"""Match external tracks against the library index: best candidate, threshold, and the why."""
from __future__ import annotations

from collections.abc import Iterable

from plexm8.services.external import ExternalTrack
from plexm8.services.matching.features import ExtFeatures, prepare_external
from plexm8.services.matching.index import MatchIndex
from plexm8.services.matching.score import score_features, score_value
from plexm8.services.matching.types import MatchResult

# Tuned on the labelled corpus (tests/matching/corpus.py): exact title + exact artist with no duration
# scores 90; a 10–30 s length difference or a fuzzy title then needs the album or a close duration to pass.
MATCH_THRESHOLD = 85.0


def match_track(ext: ExternalTrack, index: MatchIndex, *, threshold: float = MATCH_THRESHOLD,
                remember: bool = True) -> MatchResult:
    """Match one external track: the best library track at or above threshold, else unmatched with why.

    The answer is remembered with the track's features until the index changes: a re-sync of unchanged
    tracks against an unchanged library is answered without scoring again (`remember=False` rescores).
    """
    pe = prepare_external(ext)
    stamp = (index.stamp, threshold)
    memo = pe.memo
    if remember and memo is not None and memo[0] == stamp:
        return _copy(memo[1])
    result = _match(pe, index, threshold)
    pe.memo = (stamp, result)
    return _copy(result)


def _copy(r: MatchResult) -> MatchResult:
    # Callers own their result (lists included); the remembered one stays as it was.
    return MatchResult(r.external, r.track, r.score, list(r.reasons), r.best_candidate, r.status, r.reason)


def _match(pe: ExtFeatures, index: MatchIndex, threshold: float) -> MatchResult:
    ext = pe.ext
    candidates = index.candidate_features(pe)
    if not candidates:
        return MatchResult(ext, None, 0.0, [], None, "unmatched", "no candidate")
    best_pl = candidates[0]
    if len(candidates) > 1:
        order = index.order
        best_key = (score_value(pe, best_pl), -order(best_pl.track.rating_key))
        for pl in candidates[1:]:
            key = (score_value(pe, pl), -order(pl.track.rating_key))
            if key > best_key:
                best_pl, best_key = pl, key
    best = score_features(pe, best_pl)
    if best.score >= threshold:
        return MatchResult(ext, best.track, best.score, list(best.reasons), best, "matched", "")
    why = "; ".join(best.penalties) or "not enough evidence"
    return MatchResult(
        ext, None, best.score, list(best.reasons), best, "unmatched",
        f"best candidate below threshold (score {best.score:.0f}: {why})",
    )


def match_tracks(
    exts: Iterable[ExternalTrack], index: MatchIndex, *, threshold: float = MATCH_THRESHOLD
) -> list[MatchResult]:
    """Match many external tracks, in order."""
    return [match_track(ext, index, threshold=threshold) for ext in exts]
