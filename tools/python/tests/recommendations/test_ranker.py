"""The learned ranker's building blocks on the simulator's real catalog: sonic closeness."""
from __future__ import annotations

import pytest
from plexm8.services.recommend.catalog import Catalog
from plexm8.services.recommend.ranker import catalog_index, sonic_closeness


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
