"""A ranker learned per user from their own history: ratings, plays and skips.

Labels (`labels`): a track rated ≥ min_rating is a positive, and so is an unrated one played at least
`played_often` times and never skipped; a track rated ≤ DISLIKED, or skipped `skipped_a_lot` times and more
often than played, is a negative; a rating between the two is a weak negative; everything else is unlabeled
and enters as a negative of small weight (positive-unlabeled learning: most unheard tracks are not loved).

Features (`features`) describe a track's relation to that history: how liked, disliked and played its
artist, genres, styles, moods and decade are (smoothed log-lifts, each track left out of its own
statistics), how close it sounds to liked and disliked seeds (Plex's `nearest`), how often it sits in
playlists with liked tracks, and its own play and skip counts, last play and age in the library. One feature
is the track's alone: how many people listen to it (Plex's `ratingCount`, Last.fm listeners); its weight,
learned per user like the others, says how much this user's taste follows the crowd.
A label taken from plays or skips hides the track's own play/skip features while training, so the
model cannot learn "played a lot → played a lot" and has to learn from ratings how much plays mean.

The model is scikit-learn's LogisticRegression on standardised features: its per-feature contributions
name the reasons of each recommendation.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from plexm8.services.matching.normalize import split_artists
from plexm8.services.recommend.catalog import Catalog, CatalogTrack

DISLIKED = 4.0
DAY_S = 86_400.0
KINDS = ("artist", "genre", "style", "mood", "decade")  # album: too close to artist, and it overfits one loved album
SIGNALS = ("like", "rating", "listening")
OWN = ("own_plays", "own_play_rate", "own_skips", "own_skip_share", "never_played", "days_since_played")
FEATURES = (*(f"{kind}_{signal}" for kind in KINDS for signal in SIGNALS),
            "sonic_like", "sonic_like_count", "sonic_dislike", "playlists_like", "listeners",
            *OWN, "days_in_library", "analysed")
OWN_COLUMNS = np.array([FEATURES.index(name) for name in OWN])
# Features whose weight may not be negative: each says "more liked" as it grows (dislike and skip features are
# negated), so a negative weight could only come from correlated features trading off, and would make the
# reasons lie. The others (never played, time since the last play, time in the library, how many people listen
# to it: some love the charts, some avoid them) may go either way.
FREE = ("never_played", "days_since_played", "days_in_library", "analysed", "listeners")
TASTE = np.array([i for i, name in enumerate(FEATURES) if name not in OWN])
TASTE_CONSTRAINED = np.array([FEATURES[i] not in FREE for i in TASTE])
LISTENING_CONSTRAINED = np.array([True, *(name not in FREE for name in OWN)])  # the taste logit first


@dataclass(frozen=True)
class RankerParams:
    """The ranker's hyper-parameters (chosen by bench/bench_recommend.py on users it does not report)."""

    c: float = 0.3  # inverse L2 strength of the logistic regression
    unlabeled_weight: float = 0.05  # weight of an unlabeled track as a negative, relative to a labeled one
    played_often: int = 5  # plays (never skipped) that make an unrated track a positive
    play_positive_weight: float = 0.5
    play_positive_share: float = 1.0  # the played-often positives weigh at most this share of the rated ones
    skipped_a_lot: int = 3
    shrink: float = 10.0  # pseudo-tracks of library-average rate mixed into every group's rate
    max_unlabeled: int = 6_000  # unlabeled tracks sampled for fitting (the rest only scored)
    mix_share: float = 0.05  # in mode=mix, at least this share of the list from each intent (never played, played)


DEFAULT_PARAMS = RankerParams()
MIN_POSITIVES = 5  # fewer positives than this (rated or played often) and the ranker does not learn


@dataclass
class CatalogIndex:
    """The catalog as integer arrays: one row per track, group ids per kind, tag incidence matrices."""

    keys: np.ndarray
    position: dict[int, int]
    groups: dict[str, sparse.csr_matrix]  # kind → tracks × values incidence
    values: dict[str, list[object]]  # kind → the value of each column (display form for tags)
    analysed: np.ndarray
    added_at: np.ndarray
    listeners: np.ndarray  # log Last.fm listeners standardised over the tracks that have a count; 0 without one
    playlists: sparse.csr_matrix  # tracks × playlists
    tracks: list[CatalogTrack]  # the catalog's tracks in row order

    @property
    def size(self) -> int:
        """Tracks in the catalog."""
        return len(self.keys)


def _incidence(rows: list[list[int]], columns: int) -> sparse.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((c for r in rows for c in r), dtype=np.int64, count=int(indptr[-1]))
    return sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), columns))


def build_index(catalog: Catalog) -> CatalogIndex:
    """Arrays for the ranker from a catalog (built once per catalog: it only depends on the library)."""
    tracks = list(catalog.tracks.values())
    keys = np.fromiter((t.rating_key for t in tracks), dtype=np.int64, count=len(tracks))
    position = {int(k): i for i, k in enumerate(keys)}
    groups, values = {}, {}
    for kind in KINDS:
        ids: dict[object, int] = {}
        shown: list[object] = []
        rows = []
        for track in tracks:
            raw: list[tuple[object, object]]
            if kind == "artist":
                credited = split_artists(track.artist)
                raw = [(track.primary_artist, credited[0] if credited else track.artist)]
            elif kind == "decade":
                raw = [(track.decade, track.decade)] if track.decade is not None else []
            else:
                raw = [(v.casefold(), v) for v in getattr(track, kind + "s")]
            row = []
            for key, display in raw:
                column = ids.get(key)
                if column is None:
                    column = ids[key] = len(shown)
                    shown.append(display)
                row.append(column)
            rows.append(row)
        groups[kind] = _incidence(rows, len(shown))
        values[kind] = shown
    in_lists = [list(catalog.in_playlists.get(int(k), ())) for k in keys]
    return CatalogIndex(
        keys, position, groups, values,
        np.fromiter((t.analysed for t in tracks), dtype=bool, count=len(tracks)),
        np.fromiter((t.added_at or 0 for t in tracks), dtype=np.float64, count=len(tracks)),
        _listeners(tracks), _incidence(in_lists, len(catalog.playlists)), tracks)


def _listeners(tracks: Sequence[CatalogTrack]) -> np.ndarray:
    """Log listener counts standardised over the tracks that have one; 0 (the average) for the others."""
    counts = np.fromiter((t.listeners or 0 for t in tracks), dtype=np.float64, count=len(tracks))
    known = counts > 0
    if known.sum() < 2:
        return np.zeros(len(tracks))
    logs = np.log(counts[known])
    out = np.zeros(len(tracks))
    out[known] = (logs - logs.mean()) / (logs.std() or 1.0)
    return out


def catalog_index(catalog: Catalog) -> CatalogIndex:
    """The catalog's index, built on first use and kept with the catalog."""
    index = catalog.derived.get("ranker_index")
    if not isinstance(index, CatalogIndex) or index.size != len(catalog.tracks):
        index = catalog.derived["ranker_index"] = build_index(catalog)
    return index


@dataclass
class History:
    """One user's state per catalog row: rating (NaN unrated), plays, skips, last play (0 never), now."""

    rating: np.ndarray
    plays: np.ndarray
    skips: np.ndarray
    last_played: np.ndarray
    now: float


def history_of(catalog: Catalog, index: CatalogIndex, ratings: Mapping[int, float], now: float) -> History:
    """The user's history as arrays: ratings as given, plays and skips as the catalog tracks carry them."""
    tracks = index.tracks
    n = len(tracks)
    rating = np.full(n, np.nan)
    for rating_key, value in ratings.items():
        row = index.position.get(rating_key)
        if row is not None:
            rating[row] = value
    return History(rating, np.fromiter((t.view_count for t in tracks), dtype=np.float64, count=n),
                   np.fromiter((t.skip_count for t in tracks), dtype=np.float64, count=n),
                   np.fromiter((t.last_viewed_at or 0 for t in tracks), dtype=np.float64, count=n), now)


@dataclass
class Labels:
    """Per row: the label (1, 0), its weight (0 = not trained on) and whether it came from plays/skips."""

    y: np.ndarray
    weight: np.ndarray
    from_listening: np.ndarray
    liked: np.ndarray  # rated ≥ min_rating
    disliked: np.ndarray  # rated ≤ DISLIKED or skipped a lot
    play_positive: np.ndarray
    unlabeled: np.ndarray

    @property
    def positives(self) -> int:
        """Rows labeled positive."""
        return int((self.y == 1).sum())


def labels(history: History, min_rating: float, params: RankerParams) -> Labels:
    """Positives, negatives and unlabeled rows from ratings, plays and skips (module docstring)."""
    rated = ~np.isnan(history.rating)
    rating = np.nan_to_num(history.rating, nan=-1.0)
    liked = rated & (rating >= min_rating)
    low = rated & (rating <= DISLIKED)
    middling = rated & ~liked & ~low
    play_positive = ~rated & (history.plays >= params.played_often) & (history.skips == 0)
    skip_negative = ~rated & (history.skips >= params.skipped_a_lot) & (history.skips > history.plays)
    y = (liked | play_positive).astype(np.float64)
    weight = np.full(len(y), params.unlabeled_weight)
    weight[liked | low] = 1.0
    weight[middling] = 0.5
    weight[play_positive] = params.play_positive_weight
    weight[skip_negative] = 1.0
    unlabeled = ~rated & ~play_positive & ~skip_negative
    return Labels(y, weight, play_positive | skip_negative, liked, low | skip_negative, play_positive, unlabeled)


def learnable(lab: Labels) -> bool:
    """Whether the labels hold enough positives, and any negative or unlabeled row, to fit a ranker on."""
    return MIN_POSITIVES <= lab.positives < len(lab.y)


def _best_per_row(incidence: sparse.csr_matrix, value_of: Callable[[np.ndarray, np.ndarray], np.ndarray],
                  numerator: np.ndarray, denominator: np.ndarray, source: np.ndarray,
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the best `value_of(hits, counts)` among the row's groups, where a group's hits and counts sum
    `numerator` and `denominator` over its `source` rows other than the row itself; and that group's column
    (-1 when no other counted row of it has a positive numerator: nothing to name)."""
    n = incidence.shape[0]
    out, which = np.zeros(n), np.full(n, -1)
    if incidence.nnz == 0:
        return out, which
    counted = source.astype(np.float64)
    numerator, denominator = numerator * counted, denominator * counted
    per_group, sizes = incidence.T @ numerator, incidence.T @ denominator
    rows = np.repeat(np.arange(n), np.diff(incidence.indptr))
    cols = incidence.indices
    hits = per_group[cols] - numerator[rows]
    value = value_of(hits, sizes[cols] - denominator[rows])
    starts = incidence.indptr[:-1][np.diff(incidence.indptr) > 0]  # CSR entries are grouped by row already
    best = np.maximum.reduceat(value, starts)
    owner = rows[starts]
    top = np.zeros(n)
    top[owner] = best
    is_best = np.flatnonzero(value >= top[rows])
    _, first_of_row = np.unique(rows[is_best], return_index=True)
    first = is_best[first_of_row]  # the row's first entry holding its best value
    out[rows[first]] = value[first]
    which[rows[first]] = np.where(hits[first] > 0, cols[first], -1)
    return out, which


def _group_feature(incidence: sparse.csr_matrix, signal: str, values: Mapping[str, np.ndarray],
                   source: np.ndarray, shrink: float) -> tuple[np.ndarray, np.ndarray]:
    """One affinity column: the like-lift, or the shrunk mean rating / listening evidence of the row's groups."""
    n = incidence.shape[0]
    if signal == "like":
        liked, total = values["like"], float((values["like"] * source).sum())
        if total <= 0:
            return np.zeros(n), np.full(n, -1)
        rate = total / max(1.0, float(source.sum()))
        return _best_per_row(incidence, lambda h, c: np.log((h + shrink * rate) / (c + shrink) / rate),
                             liked, np.ones(n), source)
    observed = values[signal + "_observed"]
    evidence = values[signal]
    prior = shrink / 3  # pseudo-observations of average evidence (0) in every group
    mean, which = _best_per_row(incidence, lambda h, c: h / (c + prior), evidence * observed, observed, source)
    positive, _ = _best_per_row(incidence, lambda h, c: h / (c + prior), np.maximum(evidence, 0) * observed,
                                observed, source)
    return mean, np.where(positive > 0, which, -1)


def listening_signals(index: CatalogIndex, history: History, lab: Labels) -> dict[str, np.ndarray]:
    """Per row: liked (0/1); rating evidence (the rating against the user's mean, in standard deviations) and
    listening evidence (plays per year in the library, less skips, standardised over the tracks heard), each
    with a 0/1 "observed" companion; and the own play rate."""
    rated = ~np.isnan(history.rating)
    ratings = history.rating[rated]
    spread = float(ratings.std()) if len(ratings) > 1 and ratings.std() > 0 else 1.0
    rating = np.where(rated, (np.nan_to_num(history.rating) - (ratings.mean() if len(ratings) else 0)) / spread, 0.0)
    heard = (history.plays + history.skips) > 0
    years = np.where(index.added_at > 0, np.maximum(0.1, (history.now - index.added_at) / (365 * DAY_S)), 1.0)
    rate = np.where(heard, np.log((history.plays + 0.5) / years), 0.0)
    share = history.skips / np.maximum(1, history.plays + history.skips)
    listening = rate - 1.5 * share
    if heard.sum() > 1:
        listening = np.where(heard, (listening - listening[heard].mean()) / (listening[heard].std() or 1.0), 0.0)
    return {"like": lab.liked.astype(np.float64), "rating": rating, "rating_observed": rated * 1.0,
            "listening": listening, "listening_observed": heard * 1.0, "rate": rate}


@dataclass
class Features:
    """The feature matrix (rows = catalog rows) and what is needed to name reasons."""

    x: np.ndarray
    best_group: dict[str, np.ndarray]  # "<kind>_<signal>" → column of the group behind the value
    sonic_seed: np.ndarray  # row of the liked seed a track sounds closest to (-1 none)


def sonic_closeness(index: CatalogIndex, neighbours: Mapping[int, Sequence[tuple[int, float]]],
                    max_distance: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: best closeness (1 − distance / max) to any seed, its closeness summed over the seeds (near many
    seeds: near the middle of what you like), and the closest seed's row."""
    best = np.zeros(index.size)
    count = np.zeros(index.size)
    seed_row = np.full(index.size, -1)
    for seed, found in neighbours.items():
        origin = index.position.get(seed, -1)
        for rating_key, distance in found:
            row = index.position.get(rating_key)
            if row is None or row == origin:
                continue
            closeness = max(0.0, 1 - distance / max_distance)
            count[row] += closeness
            if closeness > best[row]:
                best[row], seed_row[row] = closeness, origin
    return best, count, seed_row


def features(index: CatalogIndex, history: History, lab: Labels, params: RankerParams,
             liked_neighbours: Mapping[int, Sequence[tuple[int, float]]],
             disliked_neighbours: Mapping[int, Sequence[tuple[int, float]]],
             source: np.ndarray | None = None, max_distance: float = 0.25) -> Features:
    """Every row's relation to the history of the `source` rows (all when None; module docstring); a row never
    counts in its own statistics, and only seeds among the source rows count."""
    n = index.size
    source = np.ones(n, dtype=bool) if source is None else source
    signals = listening_signals(index, history, lab)
    columns: list[np.ndarray] = []
    best_group: dict[str, np.ndarray] = {}
    for kind in KINDS:
        for signal in SIGNALS:
            value, which = _group_feature(index.groups[kind], signal, signals, source, params.shrink)
            columns.append(value)
            best_group[f"{kind}_{signal}"] = which

    def counted(neighbours: Mapping[int, Sequence[tuple[int, float]]]) -> dict[int, Sequence[tuple[int, float]]]:
        return {seed: found for seed, found in neighbours.items()
                if seed in index.position and source[index.position[seed]]}

    liked_seeds = counted(liked_neighbours)
    liked_close, liked_count, seed_row = sonic_closeness(index, liked_seeds, max_distance)
    disliked_close, _, _ = sonic_closeness(index, counted(disliked_neighbours), max_distance)
    columns += [liked_close, liked_count / max(1, len(liked_seeds)), -disliked_close]
    playlists = index.playlists
    if playlists.nnz:
        sizes = np.maximum(1, np.asarray(playlists.sum(axis=0)).ravel())
        liked = (signals["like"] + lab.play_positive * 1.0) * source
        per_list = playlists.T @ liked
        columns.append((playlists @ (per_list / sizes)) - liked * (playlists @ (1 / sizes)))
    else:
        columns.append(np.zeros(n))
    columns.append(index.listeners)
    played = history.last_played > 0
    days_since = np.where(played, np.maximum(0.0, history.now - history.last_played) / DAY_S, 0.0)
    added = index.added_at > 0
    days_in = np.where(added, np.maximum(0.0, history.now - index.added_at) / DAY_S, 0.0)
    columns += [np.log1p(history.plays), signals["rate"], -np.log1p(history.skips),
                -history.skips / np.maximum(1, history.plays + history.skips), (~played & (history.plays == 0)) * 1.0,
                np.log1p(days_since), np.log1p(days_in), index.analysed * 1.0]
    return Features(np.column_stack(columns), best_group, seed_row)


@dataclass
class Fitted:
    """A fitted ranker: per-row scores and per-feature contributions (log-odds) for reasons."""

    scores: np.ndarray  # the share of the library this row ranks above (0–1]: the API's matchScore
    contributions: np.ndarray  # rows × features, in log-odds
    features: Features
    weights: dict[str, float] = field(default_factory=dict)


def fit(index: CatalogIndex, history: History, min_rating: float, params: RankerParams,
        liked_neighbours: Mapping[int, Sequence[tuple[int, float]]],
        disliked_neighbours: Mapping[int, Sequence[tuple[int, float]]], seed: int = 0) -> Fitted | None:
    """The user's ranker fitted on their history and every row scored; None when there is too little to learn."""
    lab = labels(history, min_rating, params)
    if not learnable(lab):
        return None
    # Cross-fitting: the rows are split in two halves; a half is trained on with features computed from the
    # other half's history only. Features from the row's own group totals (even leaving the row out) would
    # correlate negatively with its label inside a group, and the model would learn that loved artists are bad.
    halves = np.random.default_rng(seed).random(index.size) < 0.5
    x_train = np.zeros((index.size, len(FEATURES)))
    for half in (halves, ~halves):
        x_train[half] = features(index, history, lab, params, liked_neighbours, disliked_neighbours, ~half).x[half]
    feats = features(index, history, lab, params, liked_neighbours, disliked_neighbours)
    mean = x_train.mean(axis=0)
    scale = x_train.std(axis=0)
    scale[scale == 0] = 1.0
    z_train = (x_train - mean) / scale
    z = (feats.x - mean) / scale
    weight = lab.weight.copy()
    unlabeled = np.flatnonzero(lab.unlabeled)
    if len(unlabeled) > params.max_unlabeled:
        rng = np.random.default_rng(seed)
        kept = rng.choice(unlabeled, params.max_unlabeled, replace=False)
        weight[unlabeled] = 0.0
        weight[kept] = lab.weight[kept] * len(unlabeled) / params.max_unlabeled
    rated_mass = weight[lab.liked].sum()
    play_mass = weight[lab.play_positive].sum()
    if rated_mass > 0 and play_mass > params.play_positive_share * rated_mass:  # ratings speak first
        weight[lab.play_positive] *= params.play_positive_share * rated_mass / play_mass
    # Stage 1, taste: how the track relates to everything liked, disliked and played (every label).
    rows = np.flatnonzero(weight > 0)
    taste = _fit_rows(z_train[:, TASTE], lab.y, weight, rows, params.c, TASTE_CONSTRAINED)
    if taste is None:
        return None
    taste_coef, taste_intercept = taste
    # Stage 2, listening: what the track's own plays and skips add, learned only from labels that did not come
    # from them (ratings and unlabeled), so "played often" cannot explain "played often".
    rows = np.flatnonzero((weight > 0) & ~lab.from_listening)
    second = np.column_stack([z_train[:, TASTE] @ taste_coef + taste_intercept, z_train[:, OWN_COLUMNS]])
    listening = _fit_rows(second, lab.y, weight, rows, params.c, LISTENING_CONSTRAINED)
    if listening is None:
        return None
    coef, intercept = listening
    contributions = np.zeros_like(z)
    contributions[:, TASTE] = z[:, TASTE] * (coef[0] * taste_coef)
    contributions[:, OWN_COLUMNS] = z[:, OWN_COLUMNS] * coef[1:]
    logits = contributions.sum(axis=1) + intercept + coef[0] * taste_intercept
    scores = (np.argsort(np.argsort(logits, kind="stable"), kind="stable") + 1) / len(logits)  # percentile rank
    weights = np.zeros(len(FEATURES))
    weights[TASTE] = coef[0] * taste_coef
    weights[OWN_COLUMNS] = coef[1:]
    return Fitted(scores, contributions, feats, dict(zip(FEATURES, map(float, weights))))


def _fit_rows(x: np.ndarray, y: np.ndarray, weight: np.ndarray, rows: np.ndarray, c: float,
              constrained: np.ndarray) -> tuple[np.ndarray, float] | None:
    """A constrained logistic regression on `rows`, the two classes weighing the same; None with one class."""
    yy, w = y[rows], weight[rows]
    positive_mass, negative_mass = w[yy == 1].sum(), w[yy == 0].sum()
    if positive_mass == 0 or negative_mass == 0:
        return None
    w = np.where(yy == 1, w * 0.5 / positive_mass, w * 0.5 / negative_mass) * len(rows)
    return _fit_constrained(x[rows], yy, w, c, constrained)


def _fit_constrained(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float,
                     constrained: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression whose `constrained` weights are ≥ 0: features given a negative weight are dropped
    and the rest refitted (an active-set loop; two or three fits in practice)."""
    active = np.ones(x.shape[1], dtype=bool)
    coef = np.zeros(x.shape[1])
    intercept = 0.0
    for _ in range(x.shape[1]):
        model = LogisticRegression(C=c, solver="newton-cholesky", max_iter=100)
        model.fit(x[:, active], y, sample_weight=w)
        coef = np.zeros(x.shape[1])
        coef[active] = model.coef_[0]
        intercept = float(model.intercept_[0])
        negative = constrained & (coef < 0)
        if not negative.any():
            break
        active &= ~negative
    return coef, intercept


def months(days: float) -> str:
    """A span of days in words: "3 months", "2 years"."""
    if days >= 700:
        return f"{math.floor(days / 365)} years"
    if days >= 60:
        return f"{math.floor(days / 30)} months"
    return f"{max(1, math.floor(days))} days"
