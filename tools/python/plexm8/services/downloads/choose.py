"""Ranking candidates: the matching engine on their metadata, then duration, then quality, then peer signals."""
from __future__ import annotations

from plexm8.services.downloads.backends.base import Candidate
from plexm8.services.external import ExternalTrack
from plexm8.services.matching.engine import MATCH_THRESHOLD
from plexm8.services.matching.score import score_pair
from plexm8.services.matching.types import LibraryTrack

QUALITY_RANK = {"lossless": ("lossless", "high", "standard"), "high": ("high", "lossless", "standard"),
                "standard": ("standard", "high", "lossless")}


def quality_class(candidate: Candidate) -> str:
    """lossless, high (≥ 320 kbit/s) or standard."""
    if candidate.lossless:
        return "lossless"
    if candidate.bitrate is not None and candidate.bitrate >= 320:
        return "high"
    return "standard"


def _as_library(candidate: Candidate) -> LibraryTrack:
    return LibraryTrack(rating_key="0", title=candidate.title, artist=candidate.artist, album=candidate.album,
                        duration_ms=candidate.duration_ms)


def rank(wanted: ExternalTrack, candidates: list[Candidate], quality: str, tolerance_s: float) -> list[Candidate]:
    """The candidates good enough to try, best first; each gets its score and the reasons."""
    preferred = QUALITY_RANK.get(quality, QUALITY_RANK["lossless"])
    kept = []
    for c in candidates:
        scored = score_pair(wanted, _as_library(c))
        c.score, c.reasons = round(scored.score, 1), list(scored.reasons)
        if scored.score < MATCH_THRESHOLD:
            continue  # another version (live, remix, cover…) or another song: never a substitute
        if wanted.duration_ms and c.duration_ms and abs(wanted.duration_ms - c.duration_ms) > tolerance_s * 1000:
            continue
        kept.append(c)

    def order(c: Candidate) -> tuple:
        duration_gap = abs((wanted.duration_ms or 0) - (c.duration_ms or 0)) / 1000 if wanted.duration_ms \
            and c.duration_ms else tolerance_s
        return (-round(c.score), round(duration_gap), preferred.index(quality_class(c)), not c.free_slot,
                c.queue_length, -c.speed)

    return sorted(kept, key=order)
