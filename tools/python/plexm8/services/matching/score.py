"""Scoring one external track against one library track: named components, weights and penalties."""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Indel, Levenshtein

from plexm8.services.external import ExternalTrack
from plexm8.services.matching.features import (
    CJK,
    KANA,
    ExtFeatures,
    LibFeatures,
    ext_roman,
    lib_roman,
    prepare_external,
    prepare_library,
    worth_reading,
)
from plexm8.services.matching.types import Candidate, LibraryTrack
from plexm8.services.matching.versions import describe_kinds

# Components: 55 title + 35 artist + up to 7 duration + 3 album = 100 at best.
TITLE_WEIGHT = 55.0
ARTIST_WEIGHT = 35.0
TITLE_FUZZ_SLOPE = 2.5  # every point of title ratio below 100 costs 2.5 % of the title weight
ARTIST_FUZZ_MIN = 88.0  # artist names this similar count as the same (typos: "Coldply")
ARTIST_UNKNOWN = 0.6  # share of the artist weight when a side has no usable artist (e.g. only "Various Artists")
ARTIST_SECONDARY_ONLY = 0.7  # only a non-primary credited artist is in the library track
DURATION_BONUS = 7.0  # at Δ0 s, falling by 1 per second to 4 at Δ3 s
DURATION_SUSPICIOUS = 8.0  # Δ 10–30 s
DURATION_DIFFERENT = 30.0  # Δ > 30 s
DURATION_EDIT = 3.0  # Δ > 10 s when a side is a (neutral) radio/single edit
ALBUM_EXACT = 3.0
ALBUM_SIMILAR = 1.5
VERSION_PENALTY = 40.0  # live vs studio, instrumental vs vocal, remix vs original…
REMIXER_PENALTY = 40.0  # both remixes, by different remixers
REMIXER_UNKNOWN = 15.0  # one side names the remixer, the other does not: maybe another remix
NEAR_MISS_SHARE = 0.9  # a near-miss title (typo, missing word) with the same artist and length: 90 % of the weight
NEAR_MISS_CHARS = 8  # one edit allowed per this many characters of the shorter title
NEAR_MISS_WORDS = 3  # a missing word is forgiven only when the shorter title still has this many words
NEAR_MISS_DURATION = 3.0  # seconds: the lengths must agree this closely


def _ratio(a: str, b: str) -> float:
    # Indel normalized similarity is fuzz.ratio without its Python-level processor handling.
    return Indel.normalized_similarity(a, b) * 100.0


# Each component returns its points first, then the facts its reason is written from; reasons are only
# formatted for the candidate that is reported (the engine ranks candidates on points alone).

_EXACT_TITLE = (TITLE_WEIGHT, "exact", 100.0)
_SAME_ARTIST = (ARTIST_WEIGHT, "overlap", 1, 1, False)
_NO_VERSION = (0.0, None)
_NO_FACT = (0.0, None)


def _title(pe: ExtFeatures, pl: LibFeatures) -> tuple[float, str, float]:
    if not pe.title_keys.isdisjoint(pl.title_keys):
        return _EXACT_TITLE
    if pe.alias_keys and not pe.alias_keys.isdisjoint(pl.title_keys):
        return TITLE_WEIGHT, "alias", 100.0
    if pl.alias_keys and not (pe.title_keys.isdisjoint(pl.alias_keys) and pe.alias_keys.isdisjoint(pl.alias_keys)):
        return TITLE_WEIGHT, "title sort", 100.0
    if worth_reading(pe.scripts, pl.scripts) and (pe.scripts & (CJK | KANA) or pe.may_be_romaji) \
            and ext_roman(pe).meets(lib_roman(pl)):
        return TITLE_WEIGHT, "romanised", 100.0
    best, numbers_differ = 0.0, False
    for a in pe.texts:
        for b in pl.texts:
            ratio = _ratio(a, b)
            if ratio > best:
                best, numbers_differ = ratio, _numbers(a) != _numbers(b)
    if numbers_differ:  # "Pt. 1" vs "Pt. 2", "Symphony No. 5" vs "No. 6": close spelling, another work
        return 0.0, "numbers", best
    share = max(0.0, 1.0 - TITLE_FUZZ_SLOPE * (1.0 - best / 100.0))
    return TITLE_WEIGHT * share, "similar", best


_NUMBER = re.compile(r"(?<![a-z0-9])(?:\d+|ii|iii|iv|vi|vii|viii|ix)(?![a-z0-9])")


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _group_similarity(group: frozenset[str], lib: frozenset[str]) -> float:
    if not group.isdisjoint(lib):
        return 1.0
    return fuzzy_group_similarity(group, lib)


@lru_cache(maxsize=262_144)
def fuzzy_group_similarity(group: frozenset[str], lib: frozenset[str]) -> float:
    best = 0.0
    for a in group:
        la = len(a)
        if la < 4:
            continue
        for b in lib:
            lb = len(b)
            # Indel similarity can't exceed 2·min/(la+lb): skip pairs whose lengths alone rule a match out.
            if lb >= 4 and 200.0 * min(la, lb) / (la + lb) >= ARTIST_FUZZ_MIN:
                best = max(best, _ratio(a, b))
    return best / 100.0 if best >= ARTIST_FUZZ_MIN else 0.0


def _artist(pe: ExtFeatures, pl: LibFeatures) -> tuple[float, str, int, int, bool]:
    groups = pe.artist_groups
    if not groups or not pl.artist_keys:
        return ARTIST_WEIGHT * ARTIST_UNKNOWN, "unknown", 0, 0, False
    if len(groups) == 1 and not groups[0].isdisjoint(pl.artist_keys):  # the common case
        return _SAME_ARTIST
    sims = [_group_similarity(g, pl.artist_keys) for g in pe.artist_groups]
    matched = sum(1 for s in sims if s > 0)
    n = len(sims)
    fuzzy = any(0 < s < 1 for s in sims)
    if not matched:
        return 0.0, "mismatch", 0, n, False
    if sims[0] > 0:
        return ARTIST_WEIGHT * (0.85 * sims[0] + 0.15 * sum(sims) / n), "overlap", matched, n, fuzzy
    return ARTIST_WEIGHT * ARTIST_SECONDARY_ONLY * max(sims), "secondary", matched, n, fuzzy


def _duration(pe: ExtFeatures, pl: LibFeatures) -> tuple[float, float | None]:
    if pe.duration_ms is None or pl.duration_ms is None:
        return _NO_FACT
    delta = abs(pe.duration_ms - pl.duration_ms) / 1000.0
    if delta <= 3.0:
        return DURATION_BONUS - delta, delta
    if delta <= 10.0:
        return 0.0, delta
    if pe.edit or pl.edit:
        return -DURATION_EDIT, delta
    if delta <= 30.0:
        return -DURATION_SUSPICIOUS, delta
    return -DURATION_DIFFERENT, delta


def _album(pe: ExtFeatures, pl: LibFeatures) -> tuple[float, float | None]:
    if not pe.album or not pl.album:
        return _NO_FACT
    if pe.album_key == pl.album_key:
        return ALBUM_EXACT, 100.0
    ratio = _ratio(pe.album, pl.album)
    return (ALBUM_SIMILAR if ratio >= 85.0 else 0.0), ratio


def _remixer_names(pe: ExtFeatures, pl: LibFeatures) -> tuple[set[str], set[str]]:
    return {r for r in pe.remixers if r}, {r for r in pl.remixers if r}


def _version(pe: ExtFeatures, pl: LibFeatures) -> tuple[float, str | None]:
    if pe.kinds != pl.kinds:
        return -VERSION_PENALTY, "kinds"
    if "remix" not in pe.kinds:
        return _NO_VERSION
    ext_names, lib_names = _remixer_names(pe, pl)
    if ext_names and lib_names:
        if ext_names & lib_names or max(_ratio(a, b) for a in ext_names for b in lib_names) >= 85.0:
            return 0.0, "same"
        return -REMIXER_PENALTY, "other"
    if ext_names or lib_names:
        return -REMIXER_UNKNOWN, "unknown"
    return 0.0, None


def _near_miss(pe: ExtFeatures, pl: LibFeatures) -> str | None:
    """"typo" or "missing word" when the titles differ only by that much, else None."""
    for a in pe.texts:
        wa = a.split()
        ka = "".join(wa)
        for b in pl.texts:
            wb = b.split()
            kb = "".join(wb)
            shorter = min(len(ka), len(kb))
            allowed = max(1, shorter // NEAR_MISS_CHARS)
            # Latin script only: one changed Han or kana character is another word ("一路向北" vs "一路向西").
            if shorter >= 4 and ka.isascii() and kb.isascii() \
                    and Levenshtein.distance(ka, kb, score_cutoff=allowed) <= allowed:
                return "typo"
            few, more = (wa, wb) if len(wa) < len(wb) else (wb, wa)
            if len(more) == len(few) + 1 and len(few) >= NEAR_MISS_WORDS and any(
                    more[:i] + more[i + 1:] == few for i in range(len(more))):
                return "missing word"
    return None


def _forgive(pe: ExtFeatures, pl: LibFeatures, how: str, a_points: float, delta: float | None) -> str | None:
    """A near-miss title is forgiven only when the artist and the length agree."""
    if how != "similar" or a_points < ARTIST_WEIGHT or delta is None or delta > NEAR_MISS_DURATION:
        return None
    return _near_miss(pe, pl)


def _clamp(score: float) -> float:
    return 0.0 if score <= 0.0 else 100.0 if score >= 100.0 else round(score, 2)


# What one pair scored, component by component: (score, title points, title how, title ratio, artist facts,
# near-miss kind, version points, version how, album points, album ratio, duration points, duration delta).
Parts = tuple[float, float, str, float, tuple[float, str, int, int, bool], "str | None", float, "str | None", float,
              "float | None", float, "float | None"]


def score_parts(pe: ExtFeatures, pl: LibFeatures) -> Parts:
    """Every component of a pair's score, the total first (ranking reads it; `explain` words the rest)."""
    t_points, how, ratio = _title(pe, pl)
    artist = _artist(pe, pl)
    d_points, delta = _duration(pe, pl)
    near = _forgive(pe, pl, how, artist[0], delta) if how == "similar" else None
    if near:
        t_points = TITLE_WEIGHT * NEAR_MISS_SHARE
    v_points, v_how = _NO_VERSION if pe.kinds is pl.kinds and not pe.kinds else _version(pe, pl)
    al_points, al_ratio = _album(pe, pl)
    total = _clamp(t_points + artist[0] + v_points + al_points + d_points)
    return (total, t_points, how, ratio, artist, near, v_points, v_how, al_points, al_ratio, d_points, delta)


def score_value(pe: ExtFeatures, pl: LibFeatures) -> float:
    """The score of prepared features, without reasons (for ranking many candidates)."""
    return score_parts(pe, pl)[0]


def explain(pe: ExtFeatures, pl: LibFeatures, parts: Parts) -> Candidate:
    """The candidate, its score and its reasons, worded from the parts `score_parts` computed."""
    score, _t, how, ratio, (a_points, a_how, matched, n, fuzzy), near, v_points, v_how, al_points, al_ratio, \
        d_points, delta = parts
    reasons: list[str] = []
    penalties: list[str] = []
    if near:
        reasons.append(f"title near-miss ({near}, {ratio:.0f}) forgiven: same artist and length")
    elif how in _TITLE_REASONS:
        reasons.append(_TITLE_REASONS[how])
    else:
        reasons.append(f"title numbers differ ({ratio:.0f})" if how == "numbers" else f"title similar {ratio:.0f}")
        penalties.append(reasons[-1])
    if a_how == "overlap" and a_points == ARTIST_WEIGHT and not fuzzy:
        reasons.append("artist overlap 1/1" if n == 1 else f"artist overlap {matched}/{n}")
    else:
        overlap = f"artist overlap {matched}/{n}{' fuzzy' if fuzzy else ''}"
        reasons.append({"unknown": "artist unknown", "mismatch": "artist mismatch", "overlap": overlap}.get(
            a_how, overlap + " (not the primary artist)"))
        if a_points < ARTIST_WEIGHT:
            penalties.append(reasons[-1])
    if v_how == "kinds":
        reasons.append(f"version mismatch: {describe_kinds(pe.kinds)} vs {describe_kinds(pl.kinds)}")
        penalties.append(reasons[-1])
    elif v_how is not None:
        ext_names, lib_names = _remixer_names(pe, pl)
        reasons.append({"same": "same remix", "unknown": "remixer unknown on one side"}.get(
            v_how, f"remix mismatch: {'/'.join(sorted(ext_names))} vs {'/'.join(sorted(lib_names))}"))
        if v_points < 0:
            penalties.append(reasons[-1])
    if al_ratio is not None:
        reasons.append("album exact" if al_ratio == 100.0 and al_points == ALBUM_EXACT
                       else f"album similar {al_ratio:.0f}" if al_points else "album differs")
    if delta is None:
        reasons.append("duration unknown")
    elif delta <= 10.0:
        reasons.append(f"duration Δ{delta:.1f}s")
    else:
        label = "(edit)" if d_points == -DURATION_EDIT else "suspicious" if delta <= 30.0 else "too different"
        reasons.append(f"duration Δ{delta:.0f}s {label}")
        penalties.append(reasons[-1])
    return Candidate(pl.track, score, reasons, penalties)


_TITLE_REASONS = {"exact": "title exact", "alias": "title exact via alias", "title sort": "title exact via titleSort",
                  "romanised": "title exact when romanised"}


def score_features(pe: ExtFeatures, pl: LibFeatures) -> Candidate:
    """Score prepared features and explain the score."""
    return explain(pe, pl, score_parts(pe, pl))


def score_pair(ext: ExternalTrack, lib: LibraryTrack) -> Candidate:
    """Score how well a library track matches an external track (0–100), with the reasons."""
    return score_features(prepare_external(ext), prepare_library(lib))
