"""The import engine's plan and write steps: duplicates, policies, and writes Plex refuses."""
from __future__ import annotations

import pytest
from plexm8.services.plex_service import PlexConnection, PlexRatingCalls, PlexService
from plexm8.services.ratings.importer.engine import Decision, Matched, apply_plan, plan_ratings
from plexm8.services.ratings.importer.types import RatingEntry


def _matched(key, rating, by="path"):
    return Matched(RatingEntry(source_id=f"{key}:{rating}", rating=rating), key, by)


def test_duplicates_use_the_highest_and_equal_duplicates_are_no_conflict():
    plan = plan_ratings([_matched(1, 6.0), _matched(1, 8.0, "metadata"), _matched(2, 4.0), _matched(2, 4.0)],
                        {}, "overwrite")
    assert [(d.rating_key, d.new_rating, d.matched_by, d.outcome) for d in plan.decisions] == [
        (1, 8.0, "metadata", "change"), (2, 4.0, "path", "change")]
    [duplicate] = plan.duplicates
    assert duplicate.rating_key == 1 and duplicate.source_ratings == (6.0, 8.0)


@pytest.mark.parametrize("policy, plex, source, outcome", [
    ("overwrite", 8.0, 4.0, "change"),
    ("overwrite", 8.0, 8.0, "unchanged"),
    ("only-unrated", None, 4.0, "change"),
    ("only-unrated", 2.0, 4.0, "conflict"),
    ("keep-higher", 2.0, 4.0, "change"),
    ("keep-higher", 8.0, 4.0, "conflict"),
    ("keep-higher", 0.0, 4.0, "change"),
])
def test_policy_outcomes(policy, plex, source, outcome):
    current = {} if plex is None else {1: plex}
    [decision] = plan_ratings([_matched(1, source)], current, policy).decisions
    assert decision.outcome == outcome
    assert decision.old_rating == plex


def test_unknown_policy_is_refused():
    with pytest.raises(ValueError):
        plan_ratings([], {}, "newest")


@pytest.fixture
def calls(plex_sim):
    return PlexRatingCalls(PlexService(PlexConnection(plex_sim.url, plex_sim.token, timeout_s=5)))


def test_a_write_plex_refuses_is_reported_and_the_rest_go_on(calls, plex_sim):
    good = min(plex_sim.library.tracks)
    gone = Decision(987654, None, 8.0, "path", "change")
    fine = Decision(good, None, 6.0, "path", "change")
    written, failed = apply_plan(calls, [gone, fine])
    assert written == [fine] and failed == [gone]
    assert "987654" in failed[0].reason or "no such" in failed[0].reason.lower()
    assert plex_sim.library.tracks[good].user_rating == 6.0


def test_plex_going_down_stops_the_writes_and_reports_the_rest(calls, plex_sim):
    keys = sorted(plex_sim.library.tracks)[:3]
    calls.section_key()  # connected before Plex goes away
    plex_sim.set_offline(True)
    try:
        written, failed = apply_plan(calls, [Decision(k, None, 4.0, "path", "change") for k in keys])
    finally:
        plex_sim.set_offline(False)
    assert written == [] and len(failed) == 3
    assert all(d.reason.startswith("not written") for d in failed)


def test_rated_tracks_is_one_paged_listing(calls, plex_sim):
    expected = {k: t.user_rating for k, t in plex_sim.library.tracks.items() if t.user_rating is not None}
    first = min(plex_sim.library.tracks)
    plex_sim.library.rate(first, 0)  # an explicit 0 counts as rated
    expected[first] = 0.0
    calls.section_key()
    plex_sim.reset_counters()
    assert calls.rated_tracks(page_size=10) == expected
    pages = -(-len(expected) // 10)
    assert plex_sim.request_count == pages
