"""In-memory inverted index of the library: candidates for an external track without scanning everything."""
from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Indel

from plexm8.services.external import ExternalTrack
from plexm8.services.matching.features import (
    CJK,
    LATIN,
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
RARE_KEEP = 5  # of the tracks sharing it, only the titles most like the external one are scored
FEW_SAME_TITLE = 16  # up to this many same-title tracks, each one's artists are compared with the external's
EXACT_OTHER_ARTISTS = 10  # same-title tracks by other artists kept (covers, artist typos) when the artist matches none

SAME_TITLE, ARTISTS, TOKENS = 0, 1, 2  # how far a lookup went: same title by the artist, artists' tracks, tokens

# (key, its change count) pairs, and (title token, the fewest tracks it may keep) pairs: see `depends_on`
Dependencies = tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]

_LATIN = re.compile(r"[a-z0-9]+")
_SERIALS = itertools.count()


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
        self._serial = next(_SERIALS)  # unlike id(), never reused by a later index
        self._changes = 0
        self._token_choices: dict[str, tuple[list[str], list[str], list[str]]] = {}  # rare token → its titles
        self._watched: dict[str, int] = {}  # key → its changes since watched: what remembered answers rely on
        self._by_title: dict[str, set[str]] = {}
        self._by_artist: dict[str, set[str]] = {}
        self._by_token: dict[str, set[str]] = {}
        self._choices: dict[str, tuple[list[str], list[str]]] = {}  # artist key → (title texts, rating keys)
        # artist key → romanised title key → rating keys, from transliterated titles and from Latin ones
        self._romans: dict[str, tuple[dict[str, list[str]], dict[str, list[str]]]] = {}
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

    @property
    def stamp(self) -> tuple[int, int]:
        """Identifies this index as it is now: it changes whenever a track is added or removed."""
        return (self._serial, self._changes)

    def depends_on(self, pe: ExtFeatures, reach: int) -> Dependencies:
        """What an answer found by a lookup that went as far as `reach` depends on, watched from now on.

        A same-title hit by the artist depends on the title keys alone (a new track by the artist with another
        title cannot join it); a search on to the artists' tracks also on the artist keys. One that went on to
        the rarest shared title token depends on any change under that token or under a token no track has yet
        (a new, rarer one), and on the other tokens' buckets not shrinking below a floor: while none is smaller
        than it was, or than the rarest one, the rarest one stays the same.
        """
        keys = set(pe.title_keys)
        keys.update(pe.alias_keys)
        if reach >= ARTISTS:
            keys.update(pe.lookup_keys)
        floors: list[tuple[str, int]] = []
        if reach >= TOKENS:
            rarest = self._rarest_token(pe.texts)
            by_token = self._by_token
            limit = len(by_token[rarest]) + 1 if rarest is not None else RARE_TOKEN + 1
            for text in pe.texts:
                for token in title_tokens(text):
                    bucket = by_token.get(token)
                    if token == rarest or not bucket:
                        keys.add(token)
                    else:
                        floors.append((token, min(len(bucket), limit)))
        watched = self._watched
        return tuple((k, watched.setdefault(k, 0)) for k in keys), tuple(floors)

    def unchanged(self, depends: Dependencies) -> bool:
        """True when what `depends_on` returned still holds: the same lookup would find the same candidates."""
        now = self._watched
        for key, count in depends[0]:
            if now[key] != count:
                return False
        if depends[1]:
            by_token = self._by_token
            for token, floor in depends[1]:
                if len(by_token.get(token, ())) < floor:
                    return False
        return True

    def _touch(self, f: LibFeatures, tokens: Iterable[str]) -> None:
        watched = self._watched
        for keys in (f.title_keys, f.alias_keys, f.artist_keys, tokens):
            for key in keys:
                if key in watched:
                    watched[key] += 1

    def order(self, rating_key: str) -> int:
        """Insertion order of a track: the stable tie-breaker between equal scores."""
        return self._seq[rating_key]

    def add(self, track: LibraryTrack) -> None:
        """Index a track, replacing any track with the same rating key (the same track again changes nothing)."""
        rk = track.rating_key
        known = self._features.get(rk)
        if known is not None:
            if known.track == track:
                return
            self.remove(rk)
        self._changes += 1
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
            self._romans.pop(key, None)
        tokens: set[str] = set()
        for text in f.texts:
            tokens |= _title_tokens(text)
        for token in tokens:
            self._by_token.setdefault(token, set()).add(rk)
        if self._token_choices:
            for token in tokens:
                self._token_choices.pop(token, None)
        if self._watched:
            self._touch(f, tokens)

    def remove(self, rating_key: str) -> None:
        """Drop a track from the index (no error when absent)."""
        f = self._features.pop(rating_key, None)
        if f is None:
            return
        self._changes += 1
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
            self._romans.pop(key, None)
        for token in tokens:
            self._token_choices.pop(token, None)
        if self._watched:
            self._touch(f, tokens)

    def candidates(self, ext: ExternalTrack, limit: int = 50) -> list[LibraryTrack]:
        """Library tracks worth scoring against ext, most promising first."""
        return [f.track for f in self.lookup(prepare_external(ext), limit)[0]]

    def lookup(self, pe: ExtFeatures, limit: int = 50) -> tuple[list[LibFeatures], int]:
        """Prepared candidates, and how far the search went: SAME_TITLE, ARTISTS or TOKENS (see `depends_on`)."""
        feats = self._features
        seq = self._seq
        get = self._by_title.get
        exact: set[str] | None = None  # (one title key is the common case: its bucket is used as it is, unchanged)
        for keys in (pe.title_keys, pe.alias_keys):
            for key in keys:
                bucket = get(key)
                if bucket:
                    exact = bucket if exact is None else exact | bucket
        ranked: list[str] = []
        if exact:
            artists = pe.lookup_keys
            if len(exact) <= FEW_SAME_TITLE:
                same = [rk for rk in exact if not artists.isdisjoint(feats[rk].artist_keys)]
            else:  # "Intro", "Love": many tracks share the title, fewer the artist
                found: set[str] = set()
                for key in artists:
                    bucket = self._by_artist.get(key)
                    if bucket:
                        found |= exact & bucket
                same = list(found)
            if same:
                if len(same) > 1:
                    same.sort(key=seq.__getitem__)
                return [feats[rk] for rk in same[:limit]], SAME_TITLE
            ranked = heapq.nsmallest(EXACT_OTHER_ARTISTS, exact, key=seq.__getitem__) \
                if len(exact) > EXACT_OTHER_ARTISTS else sorted(exact, key=seq.__getitem__)
        # No same-title track by these artists: same-title tracks by others (covers, misspelt artists), then
        # similar titles by these artists (typos, hard negatives), then a rare shared title token.
        seen = set(ranked)
        done: list[set[str]] = []
        by_artist = self._by_artist
        for key in pe.lookup_keys:
            bucket = by_artist.get(key)
            if not bucket:
                continue
            repeated = False
            for d in done:  # "the xx" and "xx": one artist, looked at once
                if bucket is d or len(bucket) == len(d) and bucket == d:
                    repeated = True
                    break
            if repeated:
                continue
            done.append(bucket)
            for rk in self._romanised_titles(key, pe):  # 夜に駆ける ↔ Yoru ni Kakeru, 봄날 ↔ Bomnal
                if rk not in seen:
                    seen.add(rk)
                    ranked.append(rk)
            for rk in self._similar_titles(key, pe.texts):
                if rk not in seen:
                    seen.add(rk)
                    ranked.append(rk)
        if not ranked:
            return [feats[rk] for rk in self._rare_token_hits(pe.texts)[:limit]], TOKENS
        return [feats[rk] for rk in ranked[:limit]], ARTISTS

    def _romanised_titles(self, artist_key: str, pe: ExtFeatures) -> list[str]:
        """The artist's tracks whose title reads as the external title does, one side transliterated."""
        bits = pe.scripts
        hits: list[str] = []
        if bits & CJK:  # 夜に駆ける against the artist's Latin titles (Yoru ni Kakeru)
            latin = self._roman_map(artist_key, LATIN)
            if len(latin) > 1:  # (the "" marker is always there) no reading is needed when all are in script
                hits += [rk for k in ext_roman(pe).translit for rk in latin.get(k, ())]
        if pe.may_be_romaji:
            # Yoru ni Kakeru against 夜に駆ける (and no reading looked up for "Heart of Glass")
            cjk = self._roman_map(artist_key, CJK)
            if len(cjk) > 1:
                hits += [rk for k in ext_roman(pe).latin for rk in cjk.get(k, ())]
        return hits

    def _roman_map(self, artist_key: str, script: int) -> dict[str, list[str]]:
        """Romanised title keys of the artist's Latin (LATIN) or transliterated (CJK) titles → rating keys."""
        maps = self._romans.setdefault(artist_key, ({}, {}))
        built = maps[0 if script == LATIN else 1]
        if "" not in built:  # "" marks a built map (no title key is empty)
            built[""] = []
            for rk in self._ordered(self._by_artist[artist_key]):
                f = self._features[rk]
                if f.scripts & script:
                    roman = lib_roman(f)
                    for k in (roman.latin if script == LATIN else roman.translit):
                        built.setdefault(k, []).append(rk)
        return built

    def _similar_titles(self, artist_key: str, texts: tuple[str, ...]) -> list[str]:
        choices = self._choices.get(artist_key)
        if choices is None:
            choices = self._choices[artist_key] = self._titles_of(self._ordered(self._by_artist[artist_key]))
        titles, keys = choices
        hits: list[str] = []
        for text in texts:
            for _, _, i in process.extract(
                text, titles, scorer=Indel.normalized_similarity, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_PER_ARTIST
            ):
                hits.append(keys[i])
        return hits

    def _ordered(self, rating_keys: Iterable[str]) -> list[str]:
        """Rating keys in the order they were indexed (ties are broken the same way every run)."""
        return sorted(rating_keys, key=self._seq.__getitem__)

    def _titles_of(self, rating_keys: list[str]) -> tuple[list[str], list[str]]:
        """Every title text of these tracks, and the track each one belongs to (aligned lists, for rapidfuzz)."""
        titles: list[str] = []
        keys: list[str] = []
        for rk in rating_keys:
            for text in self._features[rk].texts:
                titles.append(text)
                keys.append(rk)
        return titles, keys

    def _rarest_token(self, texts: tuple[str, ...]) -> str | None:
        """The title token shared with the fewest tracks (at most RARE_TOKEN), the first one seen among equals."""
        best: str | None = None
        size = RARE_TOKEN + 1
        get = self._by_token.get
        for text in texts:
            for token in title_tokens(text):
                bucket = get(token)
                if bucket and len(bucket) < size:
                    best, size = token, len(bucket)
        return best

    def _rare_token_hits(self, texts: tuple[str, ...]) -> list[str]:
        """Last resort: the tracks sharing the rarest title token, the most similar titles among them only."""
        best = self._rarest_token(texts)
        if best is None:
            return []
        choices = self._token_choices.get(best)
        if choices is None:
            ranked = self._ordered(self._by_token[best])
            choices = self._token_choices[best] = (ranked, *self._titles_of(ranked))
        ranked, titles, keys = choices
        if len(ranked) <= RARE_KEEP:
            return ranked
        kept: set[str] = set()
        for text in texts:
            for _, _, i in process.extract(text, titles, scorer=Indel.normalized_similarity, limit=RARE_KEEP):
                kept.add(keys[i])
        return [rk for rk in ranked if rk in kept]
