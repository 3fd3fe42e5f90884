"""The learned ranker's building blocks on the simulator's real catalog: sonic closeness, graded labels, play caps."""
from __future__ import annotations

import numpy as np
import pytest
from plexm8.services.recommend.catalog import Catalog
from plexm8.services.recommend.ranker import (
    FEATURES,
    RankerParams,
    catalog_index,
    features,
    history_of,
    labels,
    sonic_closeness,
)


@pytest.fixture
def catalog(plex_app) -> Catalog:
    """The catalog the backend reads from the simulator."""
    runtime = plex_app.extensions["plexm8"]
    return runtime.catalogs.get(runtime.servers.resolve().service)


def test_a_track_near_several_loved_seeds_sums_closer_than_one_next_to_a_single_seed(catalog):
    index = catalog_index(catalog)
    seed_a, seed_b, middle, edge = (int(k) for k in index.keys[:4])
    neighbours = {seed_a: [(middle, 0.05), (edge, 0.02)], seed_b: [(middle, 0.05)]}
    best, summed, seed_row = sonic_closeness(index, neighbours, 0.25)
    row = index.position
    assert best[row[edge]] > best[row[middle]]  # the edge track is the closest to one seed …
    assert summed[row[middle]] == pytest.approx(1.6) and summed[row[edge]] == pytest.approx(0.92)  # … the middle to all
    assert seed_row[row[edge]] == row[seed_a]
    assert best[row[seed_a]] == 0 and summed[row[seed_b]] == 0  # a seed is never its own neighbour


def _history(catalog: Catalog, ratings: dict[int, float], plays: dict[int, int]):
    index = catalog_index(catalog)
    history = history_of(catalog, index, ratings, now=2_000_000_000.0)
    history.plays[:] = 0
    history.skips[:] = 0
    for key, count in plays.items():
        history.plays[index.position[key]] = count
    return index, history


def test_graded_labels_weigh_a_loved_track_more_than_a_liked_one(catalog):
    keys = sorted(catalog.tracks)
    index, history = _history(catalog, {keys[0]: 10.0, keys[1]: 9.0, keys[2]: 8.0, keys[3]: 2.0}, {})
    flat = labels(history, 8.0, RankerParams())
    graded = labels(history, 8.0, RankerParams(graded=1.0))
    row = [index.position[k] for k in keys[:4]]
    assert [flat.weight[r] for r in row] == [1.0, 1.0, 1.0, 1.0]
    assert [graded.weight[r] for r in row] == pytest.approx([1.0, 2 / 3, 1 / 3, 1.0])  # a low rating stays whole
    assert (graded.y[row] == [1, 1, 1, 0]).all()


def test_saturated_play_counts_stop_at_what_loved_tracks_usually_get(catalog):
    keys = sorted(catalog.tracks)
    loved = keys[:5]
    plays = {key: count for key, count in zip(loved, (2, 4, 5, 8, 50))}
    plays[keys[10]] = 500  # an unrated track played far more than any loved one
    plays[keys[11]] = 1
    index, history = _history(catalog, dict.fromkeys(loved, 10.0), plays)
    column = FEATURES.index("own_plays")
    for saturate, top in ((None, np.log1p(500)), (0.5, np.log1p(5))):  # the loved tracks' median: 5 plays
        params = RankerParams(saturate=saturate)
        x = features(index, history, labels(history, 8.0, params), params, {}, {}).x[:, column]
        assert x[index.position[keys[10]]] == pytest.approx(top)
        assert x[index.position[keys[11]]] == pytest.approx(np.log1p(1))  # below the cap: unchanged
