"""Pure planning of playlist changes: what to remove, what to add, which entries to move, never a rebuild."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Sequence

Entry = tuple[int, int]  # (playlistItemID, ratingKey)


@dataclass
class Plan:
    """Removals (playlistItemIDs) and additions (ratingKeys, in source order)."""

    remove: list[int] = field(default_factory=list)
    add: list[int] = field(default_factory=list)


def unique_in_order(keys: Sequence[int]) -> list[int]:
    """`keys` without repeats, first occurrence kept."""
    seen: set[int] = set()
    unique: list[int] = []
    for key in keys:
        if key not in seen:
            seen.add(key)
            unique.append(key)
    return unique


def plan_changes(current: Sequence[Entry], desired: Sequence[int], mode: str) -> Plan:
    """Remove duplicate entries of wanted tracks (and, in mirror mode, unwanted ones); add what is missing."""
    wanted = set(desired)
    plan = Plan()
    present: set[int] = set()
    for item_id, key in current:
        if key in wanted:
            if key in present:
                plan.remove.append(item_id)
            present.add(key)
        elif mode == "mirror":
            plan.remove.append(item_id)
    plan.add = [k for k in unique_in_order(desired) if k not in present]
    return plan


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Indexes (into `values`) of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(values)
    for i, value in enumerate(values):
        pos = bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[pos] = value
            tail_index[pos] = i
        parent[i] = tail_index[pos - 1] if pos > 0 else -1
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        keep.add(i)
        i = parent[i]
    return keep


def plan_moves(current: Sequence[Entry], desired: Sequence[int]) -> list[tuple[int, int | None]]:
    """The fewest moves `(playlistItemID, after playlistItemID or None for the top)` putting wanted tracks in order.

    Entries of other tracks (kept in append mode) stay where they are.
    """
    order = {key: i for i, key in enumerate(unique_in_order(desired))}
    item_of: dict[int, int] = {}
    sequence: list[int] = []
    for item_id, key in current:
        if key in order and key not in item_of:
            item_of[key] = item_id
            sequence.append(order[key])
    kept_positions = {sequence[i] for i in _longest_increasing(sequence)}
    moves: list[tuple[int, int | None]] = []
    previous: int | None = None
    for key in unique_in_order(desired):
        placed = item_of.get(key)
        if placed is None:
            continue
        if order[key] not in kept_positions:
            moves.append((placed, previous))
        previous = placed
    return moves
