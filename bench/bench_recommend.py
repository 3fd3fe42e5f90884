"""Recommendation evaluation: the learned ranker against today's method and simple baselines, on synthetic
users of three taste processes, plus the speed of `based-on-ratings` on a big simulated library. One run.

Run: .venv/bin/python bench/bench_recommend.py [--tracks 4000] [--libraries 2] [--users 200] [--tune-users 40]
     [--speed-tracks 50000] [--seed 1] [--quick]

Libraries come from plexm8.devtools.sample_library.generate_library, each served by the Plex simulator; the
catalog is read over HTTP with the backend's own listings and every sonic neighbour is asked of the simulator
(`nearest`). Each track also gets two hidden, user-independent values: an *appeal* a ~ N(0, 1) (some songs are
simply better) and a *sound* (its sonic vector; for an unanalysed track, its artist's average sound plus noise,
so taste still reaches the tracks Plex cannot measure). A public *popularity* = a + artist fame + noise plays the
part of outside charts (Last.fm): a baseline that knows what is good in general but not for whom. Plex serves it
as it serves Last.fm's listener counts, in each track's `ratingCount` (exp(8 + 1.2 · popularity)), for half of
the tracks only (Plex's agent leaves about half without one): the ranker reads it with the rest of the catalog;
the popularity baseline knows it for every track.

Each synthetic user draws a taste from one process, then a utility per track
    u = 1.5 · standardised taste + 0.5 · appeal + N(0, 0.5)
- tag-driven: 1.5 fav artist + 1.0 fav genre + 0.5 fav mood + 0.5 decade closeness − 1.0 disliked genre (the
  previous benchmark's taste: two genres by frequency, two moods, four artists, a decade);
- sonic-driven: closeness to one or two points of the sonic space, exp(−d² / 2·0.06²) (d as Plex measures it);
  tags play no part (they only correlate through the sound);
- history-driven: a liking per artist ~ N(0, 1) and per genre ~ N(0, 0.5) over the whole library (no short list
  of favourites); the user rates half as often and listens more.
Observations, the same for every process: a track was heard in Plex with probability 0.5 (history: 0.6) whatever
its utility (ratings may come from another player, and much is simply not heard yet); a heard track was started
1 + Poisson(λ·e^(u−1)) times (λ 2, history 3), each start skipped with probability sigmoid(−1.5(u − 0.8)); its
last play is up to three years old. A track is rated with probability r·(0.01 + 0.2·sigmoid(1.5(u − 1.5)))
(r 1, history 0.5), rating = clamp(round(3 + 2u + N(0, 1)), 1, 10). A fifth of the tracks rated ≥ 8 is hidden (they
look unrated, plays and skips kept); each method sees the rest and returns 20 tracks (the ranker and today's
method as the endpoint returns them, in the default mode=mix; every list through the same variety rules, below).
The baselines: most played unrated, most played per year in the library (unrated), public popularity, random.

What counts as a hit (the ground truth), and why. Each user's *favourites* are the unrated tracks of highest true
utility, a quarter of a percent of the library (10 of 4,000): the tracks they would put first if they rated
everything. They are unrated because the user never rated them (or because their rating is one of the hidden
fifth); their plays and skips are whatever listening gave them (half were never played). A method hits when its
20 tracks include one of them. The previous ground truth, the hidden fifth of the ratings ≥ 8, could not separate
any two sensible methods: the rating scale saturates (rating ≥ 8 needs u ≥ 2.25, a 10 about u ≥ 3.5) while a
user's utility keeps rising far beyond (u > 3 for 140–300 of 4,000 tracks, the top 20 averaging 4.5–7.7; 9 % of a
library would be rated ≥ 8), so every track at the head
of any sensible ranking was hidden with the same ≈ 4 % chance and ranking by the true utility itself scored
within one standard error of "most played unrated". It is still reported (the "hidden ratings ≥ 8" column) for
comparison. The favourites are defined from the truth before any method runs; no method sees the utility.

Every method's list passes through the same variety rules the endpoint applies (one version of a song, never a
song the user rated, at most 2 tracks per artist and 1 per album): the ranker and today's method because the
endpoint returns them that way, the baselines and the ceiling by walking their ranking through the same rules.
Comparing an uncapped baseline with a capped recommender would measure the caps, not the ranking.

Metrics per process, mean ± standard error over users: HR@20 (share of users with a favourite among the 20),
P@20 and NDCG@20 (over the favourites), and HR@20 against the hidden ratings ≥ 8. The ranker's hyper-parameters
are chosen by HR@20 (NDCG@20 breaking ties) on separate tuning users (another random stream) before the reported
users are drawn. The verdict compares the ranker with every baseline of each process, the best first: relative
HR@20 gain and the paired difference ± its standard error ("clear": ≥ 10 % and more than 2 standard errors). 400
reported users per process (200 per library): with ~200 the standard error of a paired HR@20 difference is about
0.04, so a true 10 % gain (≈ 0.06–0.07) could not be told from zero; at 400 it is about 0.03. `--quick` is a smoke run (one small library, few users).
"""
from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("PLEXAPI_PLEXAPI_AUTORELOAD", "false")
os.environ.setdefault("PLEXAPI_CONFIG_PATH", os.devnull + ".plexm8-bench-no-plexapi-config")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "python"))

import numpy as np  # noqa: E402
from plexm8.devtools.plex_simulator import PlexSimulator  # noqa: E402
from plexm8.devtools.sample_generator import GENERATED_AT  # noqa: E402
from plexm8.devtools.sample_library import Library, generate_library  # noqa: E402
from plexm8.services.plex_service import PlexConnection, PlexRecommendCalls, PlexService  # noqa: E402
from plexm8.services.recommend import learned  # noqa: E402
from plexm8.services.recommend.catalog import Catalog, CatalogCache, load_catalog  # noqa: E402
from plexm8.services.recommend.engine import based_on_ratings, cached_neighbours  # noqa: E402
from plexm8.services.recommend.ranker import DEFAULT_PARAMS, RankerParams  # noqa: E402
from plexm8.services.recommend.ratings_profile import (  # noqa: E402
    PER_ALBUM,
    PER_ARTIST,
    build_profile,
    recommend_for_ratings,
)
from plexm8.services.recommend.result import Recommendation, select  # noqa: E402

LIKED = 8.0
HIDE_SHARE = 0.2  # of the tracks rated ≥ 8
LISTENER_SHARE = 0.5  # of the tracks with a Last.fm listener count in Plex (python-plexapi issue 259: about half)
FAVOURITE_SHARE = 0.0025  # of the library: the unrated tracks of highest utility that count as hits
PROCESSES = ("tag-driven", "sonic-driven", "history-driven")
DAY = 86_400
GRID = [RankerParams(c=c, mix_share=m) for c in (0.3, 1.0) for m in (0.1, 0.05)]


@dataclass
class World:
    """A library as served, plus what only the benchmark knows about its tracks."""

    catalog: Catalog
    keys: np.ndarray
    appeal: np.ndarray
    popularity: np.ndarray
    sound: np.ndarray  # rows × 8
    years_owned: np.ndarray  # since the track was added
    album_rows: np.ndarray  # album number of each row
    neighbours_of: Callable[[int], list[tuple[int, float]]]


@dataclass
class User:
    """One synthetic user: what the methods see (ratings, plays, skips, last plays) and the hidden positives."""

    visible: dict[int, float]
    hidden: set[int]  # the hidden ratings ≥ 8 (the previous ground truth)
    favourites: set[int]  # the unrated tracks of highest utility (the ground truth)
    plays: np.ndarray
    skips: np.ndarray
    last_played: np.ndarray
    utility: np.ndarray  # the truth, for the oracle row only


def build_world(library: Library, catalog: Catalog, calls: PlexRecommendCalls, rng: np.random.Generator) -> World:
    """Appeal, popularity and sound of every catalog track."""
    keys = np.array(sorted(catalog.tracks), dtype=np.int64)
    n = len(keys)
    appeal = rng.normal(0, 1, n)
    artists = sorted({catalog.tracks[int(k)].primary_artist for k in keys})
    fame = dict(zip(artists, rng.normal(0, 0.7, len(artists))))
    popularity = appeal + np.array([fame[catalog.tracks[int(k)].primary_artist] for k in keys]) + rng.normal(0, 0.5, n)
    vectors: list[tuple[float, ...] | None] = [library.tracks[int(k)].sonic for k in keys]
    by_artist: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    for k, v in zip(keys, vectors):
        if v is not None:
            by_artist[catalog.tracks[int(k)].primary_artist].append(v)
    everything = np.array([v for v in vectors if v is not None])
    sound = np.zeros((n, everything.shape[1]))
    for row, (k, v) in enumerate(zip(keys, vectors)):
        if v is not None:
            sound[row] = v
        else:
            own = by_artist.get(catalog.tracks[int(k)].primary_artist)
            base = np.mean(own, axis=0) if own else everything[rng.integers(len(everything))]
            sound[row] = np.clip(base + rng.normal(0, 0.03, everything.shape[1]), 0, 1)
    years = np.array([(GENERATED_AT - (catalog.tracks[int(k)].added_at or GENERATED_AT)) / (365 * DAY) for k in keys])
    albums: dict[object, int] = {}
    album_rows = np.array([albums.setdefault(catalog.tracks[int(k)].album_key or -int(k), len(albums)) for k in keys])
    return World(catalog, keys, appeal, popularity, sound, np.clip(years, 0.05, None), album_rows,
                 cached_neighbours(calls, catalog))


def serve_listeners(world: World, served: Library, rng: np.random.Generator) -> None:
    """Plex's `ratingCount` (Last.fm listeners) from the public popularity, for half of the tracks: Plex's agent
    leaves the rest without one. Set in the served library, as an agent refresh would (the item changes)."""
    known = rng.random(len(world.keys)) < LISTENER_SHARE
    for row, key in enumerate(world.keys):
        count = max(1, round(math.exp(8 + 1.2 * world.popularity[row]))) if known[row] else None
        served.update_track(int(key), rating_count=count)


def _standardised(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / (values.std() or 1.0)


def taste(world: World, process: str, rng: random.Random) -> np.ndarray:
    """The taste term of every track for a user drawn from `process` (before standardising)."""
    tracks = [world.catalog.tracks[int(k)] for k in world.keys]
    if process == "tag-driven":
        genre_counts: dict[str, int] = defaultdict(int)
        for t in tracks:
            for g in t.genres:
                genre_counts[g] += 1
        genres = sorted(genre_counts)
        favourites: set[str] = set()
        while len(favourites) < min(2, len(genres)):
            favourites.add(rng.choices(genres, [genre_counts[g] for g in genres])[0])
        disliked = rng.choice([g for g in genres if g not in favourites] or genres)
        in_taste = [t for t in tracks if favourites & set(t.genres)]
        moods = sorted({m for t in in_taste for m in t.moods})
        fav_moods = set(rng.sample(moods, k=min(2, len(moods))))
        artists_in = sorted({t.primary_artist for t in in_taste})
        fav_artists = set(rng.sample(artists_in, k=min(3, len(artists_in))))
        fav_artists.add(rng.choice(sorted({t.primary_artist for t in tracks})))
        decade = rng.choice([t.decade for t in in_taste if t.decade is not None] or [1990])
        values = []
        for t in tracks:
            u = 1.5 * (t.primary_artist in fav_artists) + 1.0 * bool(favourites & set(t.genres))
            u += 0.5 * bool(fav_moods & set(t.moods)) - 1.0 * (disliked in t.genres)
            if t.decade is not None:
                u += 0.5 if t.decade == decade else 0.25 if abs(t.decade - decade) == 10 else 0.0
            values.append(u)
        return np.array(values)
    if process == "sonic-driven":
        centres = [world.sound[rng.randrange(len(world.keys))] for _ in range(rng.choice((1, 2)))]
        closeness = np.zeros(len(world.keys))
        for centre in centres:
            d = np.sqrt(((world.sound - centre) ** 2).mean(axis=1))  # Plex's distance: RMS per dimension
            closeness += np.exp(-(d ** 2) / (2 * 0.06 ** 2))
        return closeness
    artist_liking: dict[str, float] = {}
    genre_liking: dict[str, float] = {}
    values = []
    for t in tracks:
        a = artist_liking.setdefault(t.primary_artist, rng.gauss(0, 1))
        liking = max((genre_liking.setdefault(x, rng.gauss(0, 0.5)) for x in t.genres), default=0.0)
        values.append(a + liking)
    return np.array(values)


def simulate(world: World, process: str, rng: random.Random) -> User | None:
    """A user of `process`: utility, plays, skips, ratings; a fifth of the ≥ 8 ratings hidden; the favourites."""
    nrng = np.random.default_rng(rng.getrandbits(32))
    n = len(world.keys)
    u = 1.5 * _standardised(taste(world, process, rng)) + 0.5 * world.appeal + nrng.normal(0, 0.5, n)
    history = process == "history-driven"
    heard = nrng.random(n) < (0.6 if history else 0.5)
    # Plays pile up with time in the library and come from whole albums played (or a playlist, or the radio):
    # the album's appeal drives them as much as the track's own; skips are the track's own verdict.
    exposure = world.years_owned * nrng.lognormal(0, 0.8, n)
    album_u = np.bincount(world.album_rows, weights=u) / np.maximum(1, np.bincount(world.album_rows))
    listened = 0.5 * u + 0.5 * album_u[world.album_rows]
    rate = (3.0 if history else 2.0) * exposure * np.exp(np.minimum(listened, 4) - 1)
    starts = np.where(heard, 1 + nrng.poisson(rate), 0)
    skips = nrng.binomial(starts, 1 / (1 + np.exp(1.5 * (u - 0.8))))
    plays = starts - skips
    last = np.where(plays > 0, GENERATED_AT - nrng.uniform(0, 1, n) * world.years_owned * 365 * DAY, 0.0)
    p_rate = (0.5 if history else 1.0) * (0.01 + 0.2 / (1 + np.exp(-1.5 * (u - 1.5))))
    rated = nrng.random(n) < p_rate
    rating = np.clip(np.round(3 + 2 * u + nrng.normal(0, 1, n)), 1, 10)
    ratings = {int(world.keys[r]): float(rating[r]) for r in np.flatnonzero(rated)}
    liked = sorted(k for k, v in ratings.items() if v >= LIKED)
    if len(liked) < 10:
        return None
    hidden = set(rng.sample(liked, round(len(liked) * HIDE_SHARE)))
    visible = {k: v for k, v in ratings.items() if k not in hidden}
    unrated = np.flatnonzero([int(key) not in visible for key in world.keys])
    top = unrated[np.argsort(-u[unrated], kind="stable")][:max(1, round(FAVOURITE_SHARE * n))]
    favourites = {int(world.keys[r]) for r in top}
    return User(visible, hidden, favourites, plays.astype(float), skips.astype(float), last, u)


def show(world: World, user: User) -> None:
    """Make the catalog carry this user's plays, skips and last plays, as Plex would report them."""
    for row, key in enumerate(world.keys):
        track = world.catalog.tracks[int(key)]
        track.view_count = int(user.plays[row])
        track.skip_count = int(user.skips[row])
        track.last_viewed_at = int(user.last_played[row]) or None


# ---------------------------------------------------------------- methods

Method = Callable[[World, User, int], list[int]]


def ranker(params: RankerParams) -> Method:
    """based-on-ratings as the endpoint now runs it (default mode: mix)."""

    def run(world: World, user: User, k: int) -> list[int]:
        profile = build_profile(world.catalog, user.visible, LIKED)
        ranked = learned.recommend(world.catalog, user.visible, LIKED, k, neighbours_of=world.neighbours_of,
                                   profile=profile, params=params, now=GENERATED_AT)
        return [r.track.rating_key for r in ranked.recommendations]

    return run


def todays_method(world: World, user: User, k: int) -> list[int]:
    """based-on-ratings as shipped before the ranker: per-attribute lifts of the ratings, 3 sonic seeds."""
    _profile, picks = recommend_for_ratings(world.catalog, user.visible, LIKED, k, world.neighbours_of)
    return [r.track.rating_key for r in picks]


def _unrated(world: World, user: User) -> np.ndarray:
    return np.array([int(key) not in user.visible for key in world.keys])


def varied(world: World, user: User, rows: np.ndarray, k: int) -> list[int]:
    """The first `k` of a ranking (catalog rows, best first) kept by the endpoint's variety rules."""
    tracks = world.catalog.tracks
    rated_songs = [tracks[key].song_key for key in user.visible if key in tracks]
    ranked = [Recommendation(tracks[int(world.keys[r])], 0.0, "") for r in rows[: k * 40]]
    return [r.track.rating_key for r in select(ranked, k, exclude_songs=rated_songs, per_artist=PER_ARTIST,
                                                per_album=PER_ALBUM)]


def most_played(world: World, user: User, k: int) -> list[int]:
    """The most played unrated tracks (fewer skips first among equals)."""
    rows = np.flatnonzero(_unrated(world, user))
    return varied(world, user, rows[np.lexsort((world.keys[rows], user.skips[rows], -user.plays[rows]))], k)


def played_per_year(world: World, user: User, k: int) -> list[int]:
    """The unrated tracks most played per year in the library (fewer skips first among equals)."""
    rows = np.flatnonzero(_unrated(world, user))
    per_year = user.plays[rows] / world.years_owned[rows]
    return varied(world, user, rows[np.lexsort((world.keys[rows], user.skips[rows], -per_year))], k)


def popularity(world: World, user: User, k: int) -> list[int]:
    """The publicly most popular unrated tracks (taste-blind charts)."""
    rows = np.flatnonzero(_unrated(world, user))
    return varied(world, user, rows[np.argsort(-world.popularity[rows], kind="stable")], k)


def oracle(world: World, user: User, k: int) -> list[int]:
    """The unrated tracks of highest true utility: what no method can beat (not a baseline)."""
    rows = np.flatnonzero(_unrated(world, user))
    return varied(world, user, rows[np.argsort(-user.utility[rows], kind="stable")], k)


def random_method(seed: int) -> Method:
    """Unrated tracks at random."""
    rng = random.Random(seed)

    def run(world: World, user: User, k: int) -> list[int]:
        rows = np.flatnonzero(_unrated(world, user))
        return varied(world, user, np.array(rng.sample(list(rows), k * 2)), k)

    return run


# ---------------------------------------------------------------- metrics


def measure(picks: list[int], user: User, k: int) -> tuple[float, float, float, float]:
    """(hit, P@k, NDCG@k) of one list against the favourites, and its hit against the hidden ratings ≥ 8."""
    gains = [1 / math.log2(i + 2) for i, key in enumerate(picks[:k]) if key in user.favourites]
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(user.favourites))))
    return float(bool(gains)), len(gains) / k, sum(gains) / ideal, float(bool(set(picks[:k]) & user.hidden))


def mean_se(values: list[float]) -> tuple[float, float]:
    """Mean and its standard error."""
    if len(values) < 2:
        return (values[0] if values else 0.0), 0.0
    return statistics.mean(values), statistics.stdev(values) / math.sqrt(len(values))


# ---------------------------------------------------------------- run


def tune(worlds: list[World], users_per: int, k: int, seed: int) -> RankerParams:
    """The grid point with the best mean HR@k (NDCG@k breaking ties) over tuning users of every process."""
    rng = random.Random(f"bench-recommend-tuning:{seed}")
    users = []
    for world in worlds:
        for process in PROCESSES:
            drawn = 0
            while drawn < users_per:
                user = simulate(world, process, rng)
                if user is not None:
                    users.append((world, user))
                    drawn += 1
    scores = {}
    for params in GRID:
        results = []
        for world, user in users:
            show(world, user)
            results.append(measure(ranker(params)(world, user, k), user, k))
        scores[params] = (statistics.mean(r[0] for r in results), statistics.mean(r[2] for r in results))
        print(f"  tuning C={params.c:<4g} mix share={params.mix_share:<5g} "
              f"HR@{k} {scores[params][0]:.3f}  NDCG@{k} {scores[params][1]:.3f}", flush=True)
    best = max(GRID, key=lambda p: scores[p])
    print(f"  chosen on {len(users)} tuning users: C={best.c:g}, mix share={best.mix_share:g} "
          f"(shipped default: C={DEFAULT_PARAMS.c:g}, mix share={DEFAULT_PARAMS.mix_share:g})")
    return best


def evaluate(worlds: list[World], params: RankerParams, users_per: int, k: int, seed: int) -> None:
    """Every method on the reported users, per process, and the verdict."""
    rng = random.Random(f"bench-recommend-report:{seed}")
    methods: dict[str, Method] = {
        "learned ranker (mix)": ranker(params),
        "today's method (rating profile)": todays_method,
        "most played unrated": most_played,
        "most played per year, unrated": played_per_year,
        "popularity (public charts)": popularity,
        "random unrated": random_method(seed),
        "(ceiling: true utility, not a method)": oracle,
    }
    rows: dict[str, dict[str, list[tuple[float, float, float, float]]]] = {p: defaultdict(list) for p in PROCESSES}
    seconds: dict[str, float] = defaultdict(float)
    sizes: dict[str, list[tuple[int, ...]]] = defaultdict(list)
    for world in worlds:
        for process in PROCESSES:
            drawn = 0
            while drawn < users_per:
                user = simulate(world, process, rng)
                if user is None:
                    continue
                drawn += 1
                show(world, user)
                rows_hidden = [int(np.flatnonzero(world.keys == h)[0]) for h in user.hidden]
                rows_favourite = [int(np.flatnonzero(world.keys == f)[0]) for f in user.favourites]
                sizes[process].append((len(user.visible), sum(v >= LIKED for v in user.visible.values()),
                                       int((user.plays > 0).sum()), sum(user.plays[r] == 0 for r in rows_hidden),
                                       len(user.hidden), len(user.favourites),
                                       sum(user.plays[r] == 0 for r in rows_favourite)))
                for name, method in methods.items():
                    started = time.perf_counter()
                    picks = method(world, user, k)
                    seconds[name] += time.perf_counter() - started
                    assert not set(picks) & set(user.visible), name
                    rows[process][name].append(measure(picks, user, k))
    for process in PROCESSES:
        s = sizes[process]
        print(f"\n{process}: {len(s)} users; per user {statistics.mean(x[0] for x in s):.0f} visible ratings "
              f"({statistics.mean(x[1] for x in s):.0f} ≥ {LIKED:g}), {statistics.mean(x[2] for x in s):.0f} tracks "
              f"played, {statistics.mean(x[5] for x in s):.0f} favourites of which {statistics.mean(x[6] for x in s):.1f} "
              f"never played; {statistics.mean(x[4] for x in s):.0f} hidden ratings ≥ 8 of which "
              f"{statistics.mean(x[3] for x in s):.1f} never played")
        print(f"  {'method':<40}{'HR@' + str(k):>16}{'P@' + str(k):>16}{'NDCG@' + str(k):>16}"
              f"{'HR@' + str(k) + ' hidden ≥ 8':>22}")
        for name in methods:
            cells = [mean_se([r[i] for r in rows[process][name]]) for i in range(4)]
            print(f"  {name:<40}" + "".join(f"{m:>9.3f} ± {e:.3f}" for m, e in cells[:3])
                  + f"{cells[3][0]:>15.3f} ± {cells[3][1]:.3f}")
        ours = rows[process]["learned ranker (mix)"]
        baselines = [n for n in methods if n != "learned ranker (mix)" and not n.startswith("(")]
        best = max(baselines, key=lambda n: statistics.mean(r[0] for r in rows[process][n]))
        hr_ours = statistics.mean(r[0] for r in ours)
        for name in sorted(baselines, key=lambda n: n != best):  # the best first, then the others
            theirs = rows[process][name]
            diff_mean, diff_se = mean_se([a[0] - b[0] for a, b in zip(ours, theirs)])
            hr_theirs = statistics.mean(r[0] for r in theirs)
            gain = (hr_ours / hr_theirs - 1) if hr_theirs else math.inf
            verdict = "yes" if gain >= 0.10 and diff_mean - 2 * diff_se > 0 else "NO"
            print(f"  vs {'best baseline ' if name == best else ''}({name}): HR@{k} {hr_ours:.3f} vs {hr_theirs:.3f}, "
                  f"{gain:+.0%} relative, paired difference {diff_mean:+.3f} ± {diff_se:.3f} "
                  f"(z = {diff_mean / diff_se if diff_se else math.inf:.1f}); ≥ 10 % and 2 s.e. clear: {verdict}")
    total_users = sum(len(v) for v in sizes.values())
    print("\n  ms per user: " + ", ".join(f"{n} {1000 * seconds[n] / total_users:.0f}" for n in methods))


def speed(n_tracks: int, seed: int) -> None:
    """Cold and warm `based-on-ratings` through the backend's own code on an `n_tracks` simulated library."""
    print(f"\nspeed: generating a {n_tracks:,}-track library …")
    library = generate_library(n_tracks, seed=seed)
    rated = sum(1 for t in library.tracks.values() if t.user_rating is not None)
    played = sum(1 for t in library.tracks.values() if t.view_count)
    with PlexSimulator(library) as sim:
        service = PlexService(PlexConnection(sim.url, sim.token, timeout_s=120))
        service.music_section()
        cache = CatalogCache()

        def timed(label: str, **kwargs: object) -> None:
            sim.reset_counters()
            started = time.perf_counter()
            result = based_on_ratings(service, 8, 20, cache, **kwargs)  # type: ignore[arg-type]
            took = time.perf_counter() - started
            kinds: dict[str, int] = defaultdict(int)
            for _method, path in sim.requests:
                kinds["nearest" if path.split("?")[0].endswith("/nearest") else "listing"] += 1
            print(f"  {label:<58}{took:>7.2f} s  {sim.request_count:>3} Plex requests ({dict(kinds)}), "
                  f"{'learned' if result.learned else 'fallback'}, {len(result.recommendations)} tracks")

        print(f"  library: {n_tracks:,} tracks, {rated:,} rated, {played:,} played")
        timed("cold (catalog read, index built, seeds asked, model fitted)")
        timed("warm (same ratings and plays)")
        timed("warm, mode=discover", mode="discover")
        some = next(t for t in library.tracks.values() if t.user_rating is None)
        library.rate(some.rating_key, 10.0)
        timed("a new rating (state read again, model refitted)")
        library.scrobble(some.rating_key)
        timed("a new play (read as a play since the snapshot, refitted)")
        timed("warm again")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tracks", type=int, default=4_000)
    parser.add_argument("--libraries", type=int, default=2)
    parser.add_argument("--users", type=int, default=200, help="reported users per process and library")
    parser.add_argument("--tune-users", type=int, default=40, help="tuning users per process and library")
    parser.add_argument("--speed-tracks", type=int, default=50_000, help="0 skips the speed part")
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 1 library of 2,000 tracks, 10 users, 2 tuning users, 5,000-track speed part")
    args = parser.parse_args()
    if args.quick:
        args.tracks, args.libraries, args.users, args.tune_users = 2_000, 1, 10, 2
        args.speed_tracks = min(args.speed_tracks, 5_000)
    started = time.perf_counter()
    worlds = []
    sims = []
    for number in range(args.libraries):
        library = generate_library(args.tracks, seed=args.seed * 100 + number)
        served = library.copy()
        sim = PlexSimulator(served)
        sim.__enter__()
        sims.append(sim)
        calls = PlexRecommendCalls(PlexService(PlexConnection(sim.url, sim.token, timeout_s=60)))
        t0 = time.perf_counter()
        catalog = load_catalog(calls)
        print(f"library {number + 1}: {len(catalog.tracks):,} tracks "
              f"({sum(t.analysed for t in catalog.tracks.values()) / len(catalog.tracks):.0%} analysed), "
              f"catalog read in {time.perf_counter() - t0:.1f} s")
        rng = np.random.default_rng(args.seed * 100 + number)
        world = build_world(library, catalog, calls, rng)
        serve_listeners(world, served, rng)
        world.catalog = load_catalog(calls)  # now with the listener counts, as the backend reads them
        world.neighbours_of = cached_neighbours(calls, world.catalog)
        worlds.append(world)
    try:
        if worlds:
            print(f"\nhyper-parameters ({len(GRID)} grid points):")
            params = tune(worlds, args.tune_users, args.k, args.seed)
            evaluate(worlds, params, args.users, args.k, args.seed)
    finally:
        for sim in sims:
            sim.__exit__(None, None, None)
    if args.speed_tracks:
        speed(args.speed_tracks, args.seed)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
