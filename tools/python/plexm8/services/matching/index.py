"""In-memory inverted index of the library: candidates for an external track without scanning everything."""
from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Indel

from plexm8.services.external import ExternalTrack
from plexm8.services.matching.features import (
    ExtFeatures,
    LibFeatures,
    ext_roman,
    lib_roman,
    prepare_external,
    prepare_library,
)
from plexm8.services.matching.types import LibraryTrack

FUZZY_PER_ARTIST = 5  # similar titles taken from one artist's tracks when no exact title matched
FUZZY_CUTOFF = 0.67  # below this title similarity the title component is worth nothing anyway
RARE_TOKEN = 64  # a title token this rare is a useful last-resort lookup
EXACT_OTHER_ARTISTS = 10  # same-title tracks by other artists kept (covers, artist typos) when the artist matches none

_LATIN = re.compile(r"[a-z0-9]+")


def _title_tokens(text: str) -> frozenset[str]:
    """Index tokens of a normalised title (library titles come here uncached: the index holds what they yield)."""
    tokens: set[str] = set()
    for word in text.split():
        if word.isascii():
            if len(word) >= 2:
                tokens.add(word)
            continue
        for run in _LATIN.split(word):
            if len(run) == 1:
                tokens.add(run)
            tokens.update(run[i:i + 2] for i in range(len(run) - 1))
        tokens.update(w for w in _LATIN.findall(word) if len(w) >= 2)
    return frozenset(tokens)


@lru_cache(maxsize=131072)
def title_tokens(text: str) -> frozenset[str]:
    """Index tokens of a normalised title: Latin words, and character bigrams of CJK/kana/hangul runs."""
    return _title_tokens(text)


class MatchIndex:
    """Library tracks indexed by exact title key, title token and artist key."""

    def __init__(self, tracks: Iterable[LibraryTrack] = ()) -> None:
        self._features: dict[str, LibFeatures] = {}
        self._seq: dict[str, int] = {}
        self._next = 0
        self._by_title: dict[str, set[str]] = {}
        self._by_artist: dict[str, set[str]] = {}
        self._by_token: dict[str, set[str]] = {}
        self._choices: dict[str, tuple[list[str], list[str]]] = {}  # artist key → (title texts, rating keys)
        for track in tracks:
            self.add(track)

    def __len__(self) -> int:
        return len(self._features)

    def __contains__(self, rating_key: object) -> bool:
        return rating_key in self._features

    def get(self, rating_key: str) -> LibraryTrack | None:
        """The indexed track with this rating key, if any."""
        f = self._features.get(rating_key)
        return f.track if f else None

    def order(self, rating_key: str) -> int:
        """Insertion order of a track: the stable tie-breaker between equal scores."""
        return self._seq[rating_key]

    def add(self, track: LibraryTrack) -> None:
        """Index a track, replacing any track with the same rating key."""
        rk = track.rating_key
        if rk in self._features:
            self.remove(rk)
        f = prepare_library(track)
        self._features[rk] = f
        self._seq[rk] = self._next
        self._next += 1
        for key in f.title_keys:
            self._by_title.setdefault(key, set()).add(rk)
        for key in f.alias_keys:
            self._by_title.setdefault(key, set()).add(rk)
        for key in f.artist_keys:
            self._by_artist.setdefault(key, set()).add(rk)
            self._choices.pop(key, None)
        for text in f.texts:
            for token in _title_tokens(text):
                self._by_token.setdefault(token, set()).add(rk)

    def remove(self, rating_key: str) -> None:
        """Drop a track from the index (no error when absent)."""
        f = self._features.pop(rating_key, None)
        if f is None:
            return
        del self._seq[rating_key]
        tokens = set().union(*(_title_tokens(t) for t in f.texts))
        for table, keys in ((self._by_title, f.title_keys + f.alias_keys), (self._by_artist, f.artist_keys),
                            (self._by_token, tokens)):
            for key in keys:
                bucket = table.get(key)
                if bucket is not None:
                    bucket.discard(rating_key)
                    if not bucket:
                        del table[key]
        for key in f.artist_keys:
            self._choices.pop(key, None)

    def candidates(self, ext: ExternalTrack, limit: int = 50) -> list[LibraryTrack]:
        """Library tracks worth scoring against ext, most promising first."""
        return [f.track for f in self.candidate_features(prepare_external(ext), limit)]

    def candidate_features(self, pe: ExtFeatures, limit: int = 50) -> list[LibFeatures]:
        """Prepared candidates for prepared external features (the engine's fast path)."""
        feats = self._features
        seq = self._seq
        by_title = self._by_title
        hits = [by_title[k] for k in pe.title_keys if k in by_title]
        hits += [by_title[k] for k in pe.alias_keys if k in by_title]
        exact: set[str] = hits[0].union(*hits[1:]) if hits else set()
        if exact:
            same: set[str] = set()
            for key in pe.lookup_keys:
                bucket = self._by_artist.get(key)
                if bucket:
                    same |= exact & bucket
            if same:
                return [feats[rk] for rk in sorted(same, key=seq.__getitem__)[:limit]]
        # No same-title track by these artists: same-title tracks by others (covers, misspelt artists), then
        # similar titles by these artists (typos, hard negatives), then a rare shared title token.
        ranked = heapq.nsmallest(EXACT_OTHER_ARTISTS, exact, key=seq.__getitem__)
        seen = set(ranked)
        roman = None
        for key in pe.lookup_keys:
            bucket = self._by_artist.get(key)
            if not bucket:
                continue
            if roman is None:
                roman = ext_roman(pe)
            if roman.translit or not pe.ext.title.isascii() or any(
                    not feats[rk].track.title.isascii() for rk in bucket):
                # 夜に駆ける ↔ Yoru ni Kakeru, 봄날 ↔ Bomnal: compare readings within the artist's tracks.
                for rk in sorted(bucket, key=seq.__getitem__):
                    if rk not in seen and roman.meets(lib_roman(feats[rk])):
                        seen.add(rk)
                        ranked.append(rk)
            if key in self._by_artist:
                for rk in self._similar_titles(key, pe.texts):
                    if rk not in seen:
                        seen.add(rk)
                        ranked.append(rk)
        if not ranked:
            ranked = self._rare_token_hits(pe.texts)
        return [feats[rk] for rk in ranked[:limit]]

    def _similar_titles(self, artist_key: str, texts: tuple[str, ...]) -> list[str]:
        choices = self._choices.get(artist_key)
        if choices is None:
            titles: list[str] = []
            keys: list[str] = []
            for rk in self._by_artist[artist_key]:
                for text in self._features[rk].texts:
                    titles.append(text)
                    keys.append(rk)
            choices = self._choices[artist_key] = (titles, keys)
        titles, keys = choices
        hits: list[str] = []
        for text in texts:
            for _, _, i in process.extract(
                text, titles, scorer=Indel.normalized_similarity, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_PER_ARTIST
            ):
                hits.append(keys[i])
        return hits

    def _rare_token_hits(self, texts: tuple[str, ...]) -> list[str]:
        """Last resort for explaining a miss: tracks sharing the rarest title token."""
        best: set[str] | None = None
        for text in texts:
            for token in title_tokens(text):
                bucket = self._by_token.get(token)
                if bucket and len(bucket) <= RARE_TOKEN and (best is None or len(bucket) < len(best)):
                    best = bucket
        return sorted(best, key=self._seq.__getitem__) if best else []
