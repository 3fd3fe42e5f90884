"""based-on-ratings with the learned ranker: seeds, the fitted model cached per listening state, the two
intents (discover, rediscover) and their mix, reasons named from the model's strongest contributions; the
rating-profile method of `ratings_profile` when there is too little history to learn from."""
from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from plexm8.services.recommend.catalog import Catalog, CatalogTrack
from plexm8.services.recommend.ranker import (
    DAY_S,
    DEFAULT_PARAMS,
    FEATURES,
    SIGNALS,
    CatalogIndex,
    Fitted,
    History,
    RankerParams,
    catalog_index,
    fit,
    history_of,
    labels,
    learnable,
    months,
)
from plexm8.services.recommend.ratings_profile import (
    PER_ALBUM,
    PER_ARTIST,
    Profile,
    recommend_from_ratings,
    sonic_seeds,
)
from plexm8.services.recommend.result import Recommendation, decade_label, join_reasons, select

MODES = ("mix", "discover", "rediscover")
LIKED_SEEDS = 8  # liked analysed tracks whose sonic neighbours are asked for (one per artist)
DISLIKED_SEEDS = 2
SEED_NEIGHBOURS = 100
REDISCOVER_AFTER_DAYS = 365  # a loved track not played for this long comes back in `rediscover`
REASON_MIN = 0.05  # a feature must add at least this much log-odds to be named
FALLBACK_NOTE = "from your ratings alone: too little listening history yet to learn from"
Neighbours = Callable[[int], Sequence[tuple[int, float]]]


@dataclass
class Ranked:
    """The outcome: recommendations, and whether the learned ranker made them (False: the fallback did)."""

    recommendations: list[Recommendation]
    learned: bool


def _seeds(catalog: Catalog, index: CatalogIndex, rows: np.ndarray, order: np.ndarray, count: int) -> list[int]:
    """Analysed tracks among `rows`, taken in `order` (best first), at most one per artist."""
    seeds: list[int] = []
    artists: set[str] = set()
    for row in order:
        if not rows[row] or not index.analysed[row]:
            continue
        track = catalog.tracks[int(index.keys[row])]
        if track.primary_artist in artists:
            continue
        seeds.append(track.rating_key)
        artists.add(track.primary_artist)
        if len(seeds) >= count:
            break
    return seeds


def _state_key(history: History, min_rating: float, params: RankerParams, seeds: Sequence[int]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for array in (history.rating, history.plays, history.skips, history.last_played):
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(repr((min_rating, params, tuple(seeds))).encode())
    return digest.hexdigest()


class _FitCache:
    """The last fitted rankers of a catalog, keyed by everything they were fitted on."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.items: dict[str, Fitted] = {}

    def get(self, key: str) -> Fitted | None:
        with self.lock:
            return self.items.get(key)

    def put(self, key: str, fitted: Fitted) -> None:
        with self.lock:
            self.items[key] = fitted
            while len(self.items) > self.size:
                self.items.pop(next(iter(self.items)))


def _fit_cache(catalog: Catalog) -> _FitCache:
    cache = catalog.derived.get("ranker_fits")
    if not isinstance(cache, _FitCache):
        cache = catalog.derived["ranker_fits"] = _FitCache()
    return cache


def candidates(history: History, mode: str, liked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows that may be recommended in `mode`, rows that are a discovery: never played)."""
    unrated = np.isnan(history.rating)
    never = (history.plays == 0) & (history.last_played == 0)
    discover = unrated & never
    if mode == "discover":
        return discover, discover
    played_unrated = unrated & ~never
    if mode == "rediscover":
        forgotten = liked & (history.last_played > 0) & (
            history.now - history.last_played >= REDISCOVER_AFTER_DAYS * DAY_S)
        return played_unrated | forgotten, discover
    return discover | played_unrated, discover


def reason(catalog: Catalog, index: CatalogIndex, fitted: Fitted, history: History, row: int) -> str:
    """The few features that added most to this row's score, in words."""
    track = catalog.tracks[int(index.keys[row])]
    contributions = fitted.contributions[row]
    parts: list[tuple[int, str]] = []  # (precedence, words)
    for column in np.argsort(-contributions)[:6]:
        if contributions[column] < REASON_MIN or len(parts) >= 3:
            break
        if fitted.weights[FEATURES[column]] <= 0:  # a low value of a "less is better" feature names nothing
            continue
        words = _words(catalog, index, fitted, history, row, track, FEATURES[column])
        if words and words[1] not in (p[1] for p in parts):
            parts.append(words)
    parts.sort(key=lambda p: p[0])  # who you love first, then sound and playlists, then tags
    text = [p[1] for p in parts]
    if text and not text[0].startswith(("because", "you ", "sounds", "new to you", "not played", "in your", "popular")):
        text[0] = "matches your taste: " + text[0]
    return join_reasons(text) or "Matches your listening"


def _words(catalog: Catalog, index: CatalogIndex, fitted: Fitted, history: History, row: int,
           track: CatalogTrack, name: str) -> tuple[int, str] | None:
    kind, _, signal = name.partition("_")
    if kind in ("artist", "genre", "style", "mood", "decade") and signal in SIGNALS:
        column = int(fitted.features.best_group[name][row])
        if column < 0:
            return None
        value = index.values[kind][column]
        if kind == "artist":
            shown = str(value)
            return (0, f"because you rated {shown} highly") if signal != "listening" else (1, f"you play {shown} a lot")
        label = decade_label(value) if kind == "decade" and isinstance(value, int) else f"{kind} {value}"
        return (4, label) if signal != "listening" else (4, f"{label}, which you play often")
    if name in ("sonic_like", "sonic_like_count"):
        seed = int(fitted.features.sonic_seed[row])
        if seed < 0:
            return None
        return 2, f"sounds like {catalog.tracks[int(index.keys[seed])].title}"
    if name == "playlists_like":
        return 2, "in your playlists with tracks you love"
    if name == "listeners" and track.listeners:
        return 4, f"popular: {track.listeners:,} Last.fm listeners"
    plays, skips = int(history.plays[row]), int(history.skips[row])
    if name == "own_plays" and plays:
        return 3, f"you have played it {plays} time{'s' if plays != 1 else ''}" + (", never skipped" if not skips else "")
    if name == "never_played" and not plays:
        return 3, "new to you"
    if name == "days_since_played" and history.last_played[row] > 0:
        return 3, f"not played for {months((history.now - history.last_played[row]) / DAY_S)}"
    return None


def _mix(ranked: list[Recommendation], discover: set[int], limit: int, exclude: Sequence[tuple[str, str]],
         per_artist: int | None, per_album: int | None, mix_share: float) -> list[Recommendation]:
    chosen = select(ranked, limit, exclude_songs=exclude, per_artist=per_artist, per_album=per_album)
    share = math.ceil(limit * mix_share)
    new = [r for r in ranked if r.track.rating_key in discover]
    old = [r for r in ranked if r.track.rating_key not in discover]
    for wanted, pool in ((new, True), (old, False)):
        have = sum(1 for r in chosen if (r.track.rating_key in discover) == pool)
        if have >= min(share, len(wanted)):
            continue
        # the best `share` of the short intent (under the variety rules) go first, then everything by score
        quota = select(wanted[:share * 4], share, exclude_songs=exclude, per_artist=per_artist, per_album=per_album)
        keys = {r.track.rating_key for r in quota}
        rest = [r for r in ranked if r.track.rating_key not in keys]
        chosen = select(quota + rest, limit, exclude_songs=exclude, per_artist=per_artist, per_album=per_album)
        chosen.sort(key=lambda r: -r.score)
        break
    return chosen


def recommend(catalog: Catalog, ratings: Mapping[int, float], min_rating: float, limit: int, *,
              mode: str = "mix", neighbours_of: Neighbours | None = None, profile: Profile,
              params: RankerParams = DEFAULT_PARAMS, now: float | None = None,
              per_artist: int | None = PER_ARTIST, per_album: int | None = PER_ALBUM) -> Ranked:
    """Up to `limit` tracks for the user's history in `mode`; the profile method (said in each reason) when
    there is too little history to learn from."""
    index = catalog_index(catalog)
    history = history_of(catalog, index, ratings, time.time() if now is None else now)
    lab = labels(history, min_rating, params)
    rated_order = np.lexsort((-history.plays, -np.nan_to_num(history.rating, nan=-1.0)))
    liked_seeds = _seeds(catalog, index, lab.liked | lab.play_positive, rated_order, LIKED_SEEDS)
    disliked_order = np.lexsort((-history.skips, np.nan_to_num(history.rating, nan=11.0)))
    disliked_seeds = _seeds(catalog, index, lab.disliked, disliked_order, DISLIKED_SEEDS)
    key = _state_key(history, min_rating, params, (*liked_seeds, -1, *disliked_seeds))
    cache = _fit_cache(catalog)
    fitted = cache.get(key)
    if fitted is None and learnable(lab):  # too little history: no sonic seeds asked, the profile method answers
        def near(seeds: list[int]) -> dict[int, Sequence[tuple[int, float]]]:
            return {s: neighbours_of(s) for s in seeds} if neighbours_of else {}

        fitted = fit(index, history, min_rating, params, near(liked_seeds), near(disliked_seeds))
        if fitted is not None:
            cache.put(key, fitted)
    rated_songs = {catalog.tracks[rk].song_key for rk in ratings if rk in catalog.tracks}
    if fitted is None:
        neighbours = {s: neighbours_of(s) for s in sonic_seeds(catalog, profile)} if neighbours_of else {}
        old = recommend_from_ratings(catalog, profile, limit, neighbours, per_artist=per_artist, per_album=per_album)
        return Ranked([Recommendation(r.track, r.score, join_reasons((r.reason, FALLBACK_NOTE))) for r in old], False)
    allowed, discover_rows = candidates(history, mode, lab.liked)
    rows = np.flatnonzero(allowed)
    rows = rows[np.lexsort((index.keys[rows], -fitted.scores[rows]))]
    shortlist = rows[: max(limit * 20, 200)]  # reasons and caps only need the head of the list
    ranked = [Recommendation(index.tracks[r], float(fitted.scores[r]), "") for r in shortlist]
    coming_back = {r.track.song_key for r in ranked if r.track.rating_key in ratings}  # rediscover only
    exclude = list(rated_songs - coming_back)
    if mode == "mix":
        discover = {int(index.keys[r]) for r in shortlist if discover_rows[r]}
        chosen = _mix(ranked, discover, limit, exclude, per_artist, per_album, params.mix_share)
    else:
        chosen = select(ranked, limit, exclude_songs=exclude, per_artist=per_artist, per_album=per_album)
    return Ranked([Recommendation(r.track, r.score, reason(catalog, index, fitted, history,
                                                           index.position[r.track.rating_key])) for r in chosen], True)
