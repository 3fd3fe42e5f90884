"""Scoring a labelled set: right, wrong and missed matches per category (shared by the tests and bench/)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from plexm8.services.external import ExternalTrack
from plexm8.services.matching import LibraryTrack, MatchIndex, MatchResult, match_track


class LabelledCase(Protocol):
    """What a labelled case offers: a category, the external track and the acceptable rating keys."""

    category: str
    ext: ExternalTrack
    expected: tuple[str, ...]


@dataclass
class Tally:
    """Counts of one category (or of the whole set)."""

    cases: int = 0
    present: int = 0
    right: int = 0
    wrong: int = 0
    missed: int = 0
    rejected: int = 0  # absent songs left unmatched, as they should be

    @property
    def precision(self) -> float | None:
        """right / (right + wrong), None when nothing was matched."""
        return self.right / (self.right + self.wrong) if self.right + self.wrong else None

    @property
    def recall(self) -> float | None:
        """right / (right + missed), None when no song of the category is in the library."""
        return self.right / (self.right + self.missed) if self.right + self.missed else None


@dataclass
class Evaluation:
    """Outcomes of a labelled set, per category and overall."""

    outcomes: list[tuple[LabelledCase, MatchResult]]
    by_category: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)

    def failures(self, kind: str, categories: Iterable[str] | None = None) -> list[str]:
        """Descriptions of the "wrong" or "missed" cases, optionally of some categories only."""
        wanted = set(categories) if categories is not None else None
        out = []
        for case, result in self.outcomes:
            if wanted is not None and case.category not in wanted:
                continue
            got = result.track.rating_key if result.track else None
            if (kind == "wrong" and got is not None and got not in case.expected) or (
                    kind == "missed" and got is None and case.expected):
                out.append(f"[{case.category}] {case.ext.title!r} by {case.ext.artists} aliases={case.ext.aliases}: "
                           f"expected {case.expected or None}, got {got} (score {result.score}: {result.reasons} "
                           f"{result.reason})")
        return out


def evaluate(library: Sequence[LibraryTrack], cases: Sequence[LabelledCase]) -> Evaluation:
    """Match every case against an index of the library and tally the outcomes."""
    index = MatchIndex(library)
    ev = Evaluation(outcomes=[(case, match_track(case.ext, index)) for case in cases])
    for case, result in ev.outcomes:
        got = result.track.rating_key if result.track else None
        for tally in (ev.by_category.setdefault(case.category, Tally()), ev.overall):
            tally.cases += 1
            tally.present += bool(case.expected)
            if got is not None and got in case.expected:
                tally.right += 1
            elif got is not None:
                tally.wrong += 1
            elif case.expected:
                tally.missed += 1
            else:
                tally.rejected += 1
    return ev
