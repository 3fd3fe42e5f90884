"""Recommendation evaluation: hit-rate@K on generated libraries with synthetic tastes, against baselines.

Run: cd /work/main && .venv/bin/python bench/bench_recommend.py [--tracks N] [--libraries L] [--users U] [--k K]

For each generated library (plexm8.devtools.sample_library.generate_library) a Plex simulator is started
and the recommendation catalog is read from it over HTTP with the same paged listings the backend uses.
Then, for each synthetic user:

- a hidden taste is drawn: two favourite genres (drawn by library frequency), one disliked genre, two
  favourite moods, four favourite artists (three within the favourite genres), a favourite decade;
- every track gets a utility u = 1.5·fav artist + 1.0·fav genre + 0.5·fav mood + 0.5·decade closeness
  (1 same decade, 0.5 next one) − 1.0·disliked genre + N(0, 0.6) (the noise is the track's own appeal);
- the user rates a sample biased towards what they like (p = 0.02 + 0.25·sigmoid(2(u − 1.2))), with
  rating = clamp(round(4 + 3u + N(0, 1)), 1, 10); plays follow the same taste (a taste-driven play count
  for the popularity baseline);
- a random fifth of the tracks rated ≥ 8 is hidden (they look unrated); every method sees the other ratings
  and returns K tracks; a hit is a hidden track among them.

Metrics, averaged over users: HR@K = share of users with at least one hit; P@K = hits / K (± its standard
error over users); R@K = hits / number of hidden tracks (at most K / hidden, printed as "ceiling").
The oracle row ranks by the hidden taste itself without the per-track appeal: what a method that only sees
metadata could reach at best. The "plays follow taste" popularity baseline sees play counts drawn from the
same utility, per-track appeal included, which is why it is strong.
It reports figures measured in one run; it asserts nothing.
"""
from __future__ import annotations

import argparse
import contextlib
import math
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("PLEXAPI_PLEXAPI_AUTORELOAD", "false")
os.environ.setdefault("PLEXAPI_CONFIG_PATH", os.devnull + ".plexm8-bench-no-plexapi-config")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "python"))

from plexm8.devtools.plex_simulator import PlexSimulator  # noqa: E402
from plexm8.devtools.sample_library import generate_library  # noqa: E402
from plexm8.services.plex_service import PlexConnection, PlexRecommendCalls, PlexService  # noqa: E402
from plexm8.services.recommend import ratings_profile  # noqa: E402
from plexm8.services.recommend.catalog import Catalog, CatalogTrack, load_catalog  # noqa: E402
from plexm8.services.recommend.engine import SEED_NEIGHBOURS  # noqa: E402
from plexm8.services.recommend.ratings_profile import recommend_for_ratings  # noqa: E402
from plexm8.services.recommend.result import Recommendation, select  # noqa: E402
from plexm8.services.recommend.similar import SONIC_MAX_DISTANCE, similar_to  # noqa: E402

HIDE_SHARE = 0.2
LIKED = 8.0
SIMILAR_SEEDS = 10


@dataclass
class Taste:
    """A synthetic user's hidden preferences."""

    genres: set[str]
    disliked: str
    moods: set[str]
    artists: set[str]  # primary artist keys
    decade: int


@dataclass
class User:
    """What one synthetic user did: visible ratings, hidden liked tracks, taste-driven plays."""

    visible: dict[int, float]
    hidden: set[int]
    plays: dict[int, int]


def draw_taste(catalog: Catalog, rng: random.Random) -> Taste:
    """Favourite genres by library frequency, moods and artists from within them, a decade."""
    tracks = list(catalog.tracks.values())
    genre_counts = Counter(g for t in tracks for g in t.genres)
    genres = list(genre_counts)
    favourites: set[str] = set()
    while len(favourites) < min(2, len(genres)):
        favourites.add(rng.choices(genres, [genre_counts[g] for g in genres])[0])
    disliked = rng.choice([g for g in genres if g not in favourites] or genres)
    in_taste = [t for t in tracks if favourites & set(t.genres)]
    moods = Counter(m for t in in_taste for m in t.moods)
    fav_moods = set(rng.sample(sorted(moods), k=min(2, len(moods))))
    artists_in = sorted({t.primary_artist for t in in_taste})
    all_artists = sorted({t.primary_artist for t in tracks})
    fav_artists = set(rng.sample(artists_in, k=min(3, len(artists_in)))) | {rng.choice(all_artists)}
    decades = [t.decade for t in in_taste if t.decade is not None]
    return Taste(favourites, disliked, fav_moods, fav_artists, rng.choice(decades) if decades else 1990)


def utility(taste: Taste, track: CatalogTrack, rng: random.Random | None) -> float:
    """How much the user likes a track: taste terms plus the track's own appeal (noise; none without rng)."""
    u = 1.5 * (track.primary_artist in taste.artists)
    u += 1.0 * bool(taste.genres & set(track.genres))
    u += 0.5 * bool(taste.moods & set(track.moods))
    if track.decade is not None:
        u += 0.5 if track.decade == taste.decade else 0.25 if abs(track.decade - taste.decade) == 10 else 0.0
    u -= 1.0 * (taste.disliked in track.genres)
    return u + (rng.gauss(0, 0.6) if rng is not None else 0.0)


def simulate_user(catalog: Catalog, taste: Taste, rng: random.Random) -> User:
    """Ratings and plays consistent with the taste; a fifth of the ≥ 8 ratings hidden."""
    ratings: dict[int, float] = {}
    plays: dict[int, int] = {}
    for rating_key, track in catalog.tracks.items():
        u = utility(taste, track, rng)
        if rng.random() < 0.02 + 0.25 / (1 + math.exp(-2 * (u - 1.2))):
            ratings[rating_key] = float(min(10, max(1, round(4 + 3 * u + rng.gauss(0, 1)))))
        if rng.random() < 0.5:
            plays[rating_key] = _poisson(rng, 2.0 * math.exp(u - 1.0))
    liked = sorted(rk for rk, r in ratings.items() if r >= LIKED)
    hidden = set(rng.sample(liked, k=max(1, round(len(liked) * HIDE_SHARE)))) if liked else set()
    return User({rk: r for rk, r in ratings.items() if rk not in hidden}, hidden, plays)


def _poisson(rng: random.Random, lam: float) -> int:
    threshold, k, p = math.exp(-min(lam, 30.0)), 0, 1.0
    while True:
        p *= rng.random()
        if p <= threshold:
            return k
        k += 1


# ---------------------------------------------------------------- methods


Method = Callable[[Catalog, User, int], list[int]]


@contextlib.contextmanager
def _patched(module: object, **values: object) -> Iterator[None]:
    saved = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


def ours(calls: PlexRecommendCalls, *, sonic: bool = True, caps: bool = True, plays: bool = True,
         dislikes: bool = True) -> Method:
    """based-on-ratings as the endpoint runs it (sonic seeds asked from the simulator); switches for ablations."""
    cache: dict[int, list[tuple[int, float]]] = {}
    changes: dict[str, object] = {}
    if not plays:
        changes["KIND_WEIGHTS"] = {**ratings_profile.KIND_WEIGHTS, "plays": 0.0}
    if not dislikes:
        changes["DISLIKE_WEIGHT"] = 0.0

    def run(catalog: Catalog, user: User, k: int) -> list[int]:
        with _patched(ratings_profile, **changes):
            return _run(catalog, user, k)

    def _run(catalog: Catalog, user: User, k: int) -> list[int]:
        def neighbours_of(seed: int) -> list[tuple[int, float]]:
            if seed not in cache:
                found = calls.sonic_neighbours(seed, SEED_NEIGHBOURS, SONIC_MAX_DISTANCE)
                cache[seed] = [(t.rating_key, d) for t, d in found]
            return cache[seed]

        kwargs = {} if caps else {"per_artist": None, "per_album": None}
        _profile, picks = recommend_for_ratings(catalog, user.visible, LIKED, k, neighbours_of if sonic else None,
                                                **kwargs)
        return [r.track.rating_key for r in picks]

    return run


def similar_aggregated(calls: PlexRecommendCalls) -> Method:
    """`similar` from the ten best visible ratings, scores summed per track, rated tracks dropped."""

    def run(catalog: Catalog, user: User, k: int) -> list[int]:
        seeds = sorted((rk for rk, r in user.visible.items() if r >= LIKED and rk in catalog.tracks),
                       key=lambda rk: (-user.visible[rk], rk))[:SIMILAR_SEEDS]
        totals: dict[int, float] = defaultdict(float)
        for seed in seeds:
            track = catalog.tracks[seed]
            neighbours = []
            if track.analysed:
                found = calls.sonic_neighbours(seed, 2 * k + 10, SONIC_MAX_DISTANCE)
                neighbours = [(catalog.tracks[t.rating_key], d) for t, d in found if t.rating_key in catalog.tracks]
            for rec in similar_to(catalog, track, k, neighbours):
                totals[rec.track.rating_key] += rec.score
        ranked = [Recommendation(catalog.tracks[rk], s, "") for rk, s in totals.items() if rk not in user.visible]
        ranked.sort(key=lambda r: (-r.score, r.track.rating_key))
        return [r.track.rating_key for r in select(ranked, k)]

    return run


def popularity_taste(catalog: Catalog, user: User, k: int) -> list[int]:
    """The K most played unrated tracks, plays following the user's taste."""
    unrated = [rk for rk in catalog.tracks if rk not in user.visible]
    return sorted(unrated, key=lambda rk: (-user.plays.get(rk, 0), rk))[:k]


def popularity_library(generated: dict[int, int]) -> Method:
    """The K unrated tracks with the highest viewCount the generator gave (blind to the taste)."""

    def run(catalog: Catalog, user: User, k: int) -> list[int]:
        unrated = [rk for rk in catalog.tracks if rk not in user.visible]
        return sorted(unrated, key=lambda rk: (-generated[rk], rk))[:k]

    return run


def oracle(taste: dict[str, Taste]) -> Method:
    """The K unrated tracks of highest expected utility under the true taste (no per-track appeal): a ceiling
    for anything that only sees metadata."""

    def run(catalog: Catalog, user: User, k: int) -> list[int]:
        unrated = [t for rk, t in catalog.tracks.items() if rk not in user.visible]
        return [t.rating_key for t in sorted(unrated, key=lambda t: (-utility(taste["now"], t, None), t.rating_key))[:k]]

    return run


def random_pick(rng: random.Random) -> Method:
    """K unrated tracks drawn at random."""

    def run(catalog: Catalog, user: User, k: int) -> list[int]:
        unrated = [rk for rk in catalog.tracks if rk not in user.visible]
        return rng.sample(unrated, k=min(k, len(unrated)))

    return run


# ---------------------------------------------------------------- run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tracks", type=int, default=10_000)
    parser.add_argument("--libraries", type=int, default=3)
    parser.add_argument("--users", type=int, default=10, help="synthetic users per library")
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    rows: dict[str, list[tuple[int, float, float]]] = defaultdict(list)  # per user: (hits>0, P, R)
    seconds: dict[str, float] = defaultdict(float)
    ceiling, hidden_sizes, liked_sizes, rated_sizes = [], [], [], []
    for lib_number in range(args.libraries):
        library = generate_library(args.tracks, seed=args.seed * 100 + lib_number)
        with PlexSimulator(library) as sim:
            calls = PlexRecommendCalls(PlexService(PlexConnection(sim.url, sim.token, timeout_s=60)))
            t0 = time.perf_counter()
            catalog = load_catalog(calls)
            load_s, load_requests = time.perf_counter() - t0, sim.request_count
            analysed = sum(t.analysed for t in catalog.tracks.values()) / len(catalog.tracks)
            print(f"library {lib_number + 1}: {len(catalog.tracks):,} tracks ({analysed:.0%} analysed), catalog read "
                  f"in {load_s:.1f} s with {load_requests} requests (3 of them connecting)")
            rng = random.Random(f"bench-recommend:{args.seed}:{lib_number}")
            generated = {rk: t.view_count for rk, t in catalog.tracks.items()}
            taste: dict[str, Taste] = {}
            methods: dict[str, Method] = {
                "based-on-ratings (as shipped)": ours(calls),
                "  ablation: without sonic seeds": ours(calls, sonic=False),
                "  ablation: without play counts": ours(calls, plays=False),
                "  ablation: without disliked ratings": ours(calls, dislikes=False),
                "  ablation: without variety caps": ours(calls, caps=False),
                f"similar, {SIMILAR_SEEDS} best-rated seeds summed": similar_aggregated(calls),
                "popularity: most played (plays follow taste)": popularity_taste,
                "popularity: library viewCount (taste-blind)": popularity_library(generated),
                "random unrated": random_pick(random.Random(rng.random())),
                "ceiling: true taste, metadata only (oracle)": oracle(taste),
            }
            for _ in range(args.users):
                taste["now"] = draw_taste(catalog, rng)
                user = simulate_user(catalog, taste["now"], rng)
                for rk, track in catalog.tracks.items():  # the user's own plays are what Plex reports
                    track.view_count = user.plays.get(rk, 0)
                if not user.hidden:
                    continue
                rated_sizes.append(len(user.visible) + len(user.hidden))
                liked_sizes.append(sum(1 for r in user.visible.values() if r >= LIKED) + len(user.hidden))
                hidden_sizes.append(len(user.hidden))
                ceiling.append(min(args.k, len(user.hidden)) / len(user.hidden))
                for name, method in methods.items():
                    t1 = time.perf_counter()
                    picks = method(catalog, user, args.k)
                    seconds[name] += time.perf_counter() - t1
                    assert not set(picks) & set(user.visible), name
                    hits = len(set(picks) & user.hidden)
                    rows[name].append((hits > 0, hits / args.k, hits / len(user.hidden)))
    users = len(hidden_sizes)
    print(f"\n{users} synthetic users over {args.libraries} libraries of {args.tracks:,} tracks; per user: "
          f"{statistics.mean(rated_sizes):.0f} rated, {statistics.mean(liked_sizes):.0f} rated ≥ {LIKED:g}, "
          f"{statistics.mean(hidden_sizes):.0f} hidden (recall ceiling at K={args.k}: {statistics.mean(ceiling):.2f})")
    print(f"\n  {'method':<48}{'HR@' + str(args.k):>8}{'P@' + str(args.k):>8}{'± s.e.':>8}{'R@' + str(args.k):>8}"
          f"{'ms/user':>9}")
    for name, results in rows.items():
        hr = statistics.mean(r[0] for r in results)
        precision = [r[1] for r in results]
        se = statistics.stdev(precision) / math.sqrt(len(precision)) if len(precision) > 1 else 0.0
        recall = statistics.mean(r[2] for r in results)
        print(f"  {name:<48}{hr:>8.2f}{statistics.mean(precision):>8.3f}{se:>8.3f}{recall:>8.3f}"
              f"{1000 * seconds[name] / len(results):>9.0f}")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
