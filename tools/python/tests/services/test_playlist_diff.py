"""Planning playlist changes: fewest moves, no duplicates, user entries kept in append mode."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from plexm8.services.sync.diff import Entry, plan_changes, plan_moves, unique_in_order


def _entries(keys):
    return [(1000 + i, k) for i, k in enumerate(keys)]


def apply_moves(current: list[Entry], moves: list[tuple[int, int | None]]) -> list[Entry]:
    """What Plex's playlist looks like after `moves`, as the simulator would do them."""
    entries = list(current)
    for item_id, after in moves:
        entry = next(e for e in entries if e[0] == item_id)
        entries.remove(entry)
        position = 0 if after is None else next(i for i, e in enumerate(entries) if e[0] == after) + 1
        entries.insert(position, entry)
    return entries


def test_nothing_to_do_when_in_step():
    current = _entries([1, 2, 3])
    plan = plan_changes(current, [1, 2, 3], "mirror")
    assert plan.remove == [] and plan.add == []
    assert plan_moves(current, [1, 2, 3]) == []


def test_mirror_removes_extras_and_append_keeps_them():
    current = _entries([1, 9, 2])
    assert plan_changes(current, [1, 2], "mirror").remove == [1001]
    assert plan_changes(current, [1, 2], "append").remove == []


def test_duplicates_of_wanted_tracks_are_removed_in_both_modes():
    current = _entries([1, 2, 1, 3])
    assert plan_changes(current, [1, 2, 3], "append").remove == [1002]


def test_one_move_for_one_displaced_track():
    current = _entries([2, 3, 4, 1])
    moves = plan_moves(current, [1, 2, 3, 4])
    assert moves == [(1003, None)]


@settings(max_examples=200, deadline=None)
@given(
    desired=st.lists(st.integers(1, 30), min_size=1, max_size=25, unique=True),
    extras=st.lists(st.integers(100, 110), max_size=5, unique=True),
    data=st.data(),
)
def test_plan_reaches_the_desired_order(desired, extras, data):
    present = data.draw(st.lists(st.sampled_from(desired), unique=True))
    current_keys = data.draw(st.permutations(present + extras))
    current = _entries(current_keys)
    for mode in ("mirror", "append"):
        plan = plan_changes(current, desired, mode)
        after = [e for e in current if e[0] not in plan.remove]
        after += [(5000 + i, k) for i, k in enumerate(plan.add)]
        final = apply_moves(after, plan_moves(after, desired))
        wanted = [k for _, k in final if k in set(desired)]
        assert wanted == unique_in_order(desired)
        others = [k for _, k in final if k not in set(desired)]
        assert others == ([] if mode == "mirror" else [k for k in current_keys if k in extras])
        assert len(plan_moves(after, desired)) <= len(desired)
