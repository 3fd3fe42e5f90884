"""The labelled corpus: precision ≥ 99.5 %, recall ≥ 97 %, and no wrong match where versions or covers differ."""
from __future__ import annotations

from collections import Counter

import pytest
from plexm8.services.matching import MatchIndex, MatchResult, match_track

from .corpus import CASES, DISTINCT_CATEGORIES, LIBRARY, Case


@pytest.fixture(scope="module")
def outcomes() -> list[tuple[Case, MatchResult]]:
    index = MatchIndex(LIBRARY)
    return [(case, match_track(case.ext, index)) for case in CASES]


def _got(result: MatchResult) -> str | None:
    return result.track.rating_key if result.track else None


def _describe(case: Case, result: MatchResult) -> str:
    return (f"[{case.category}] {case.ext.title!r} by {case.ext.artists}: expected {case.expected or None}, "
            f"got {_got(result)} (score {result.score}: {result.reasons} {result.reason})")


def test_corpus_shape() -> None:
    keys = [t.rating_key for t in LIBRARY]
    assert len(keys) == len(set(keys))
    assert all(k in set(keys) for case in CASES for k in case.expected)
    assert len(CASES) >= 260
    assert sum(1 for c in CASES if not c.present) >= 65
    assert len({c.ext.external_id for c in CASES}) == len(CASES)
    categories = Counter(c.category for c in CASES)
    for needed in ("exact", "case_width_punct", "diacritics", "trad_simp", "feat", "artist_list", "version_neutral",
                   "version_distinct", "cover", "alias", "duration", "album", "typo", "compilation",
                   "absent_same_title", "absent_similar_title"):
        assert categories[needed] >= 5, needed


def test_precision_and_recall(outcomes: list[tuple[Case, MatchResult]]) -> None:
    right = [(c, r) for c, r in outcomes if _got(r) is not None and _got(r) in c.expected]
    wrong = [(c, r) for c, r in outcomes if _got(r) is not None and _got(r) not in c.expected]
    missed = [(c, r) for c, r in outcomes if _got(r) is None and c.present]
    precision = len(right) / (len(right) + len(wrong))
    recall = len(right) / (len(right) + len(missed))
    assert precision >= 0.995, "\n".join(_describe(c, r) for c, r in wrong)
    assert recall >= 0.97, "\n".join(_describe(c, r) for c, r in missed)


def test_no_wrong_match_for_distinct_versions_and_covers(outcomes: list[tuple[Case, MatchResult]]) -> None:
    wrong = [(c, r) for c, r in outcomes
             if c.category in DISTINCT_CATEGORIES and _got(r) is not None and _got(r) not in c.expected]
    assert not wrong, "\n".join(_describe(c, r) for c, r in wrong)


def test_absent_songs_stay_unmatched_with_a_reason(outcomes: list[tuple[Case, MatchResult]]) -> None:
    for case, result in outcomes:
        if not case.present and result.track is None:
            assert result.status == "unmatched"
            assert result.reason == "no candidate" or result.reason.startswith("best candidate below threshold")
