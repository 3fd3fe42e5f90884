"""Pre-normalised matching features of external and library tracks (computed once, cached)."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from plexm8.services.external import ExternalTrack
from plexm8.services.matching.normalize import is_significant, needs_parse, normalize_text, parse_title, split_artists
from plexm8.services.matching.translit import (
    could_be_romanised,
    fold_roman,
    has_kana_or_hangul,
    needs_romanizing,
    romanize,
)
from plexm8.services.matching.types import LibraryTrack
from plexm8.services.matching.versions import album_is_live, classify_segment

# Compact keys of "Various Artists" credits: they say nothing about who sings.
_VARIOUS = frozenset({
    "variousartists", "variousartist", "various", "va", "群星", "华语群星", "欧美群星", "日韩群星", "合辑",
    "variosartistas", "artistesdivers", "verschiedeneinterpreten", "オムニバス", "omnibus",
    "unknownartist", "未知艺人", "未知歌手",
})
_ALT_NAME = re.compile(r"[(\[]([^()\[\]]+)[)\]]")
_SCRIPT_RUN = re.compile(r"[a-z0-9]+|[^a-z0-9]+")
# "Bob Marley & The Wailers", "Tom Petty and the Heartbreakers": the leader alone is credited too.
_LEADER = re.compile(r"^(.+?)\s*(?:&|\+|\band\b)\s*the\s", re.IGNORECASE)
EMPTY: frozenset[str] = frozenset()


@dataclass(slots=True, eq=False)  # not frozen: frozen dataclasses are slow to build, and these are internal
class TitleFacts:
    """A title reduced to exact keys, fuzzy texts and version facts."""

    keys: frozenset[str]  # compact exact keys: base, core and extras ("봄날 (Spring Day)" → 봄날, springday…)
    texts: tuple[str, ...]  # normalised base (and core) for fuzzy comparison
    kinds: frozenset[str]
    remixers: frozenset[str]
    featured: tuple[str, ...]
    neutral: tuple[str, ...]
    edit: bool


def _title_facts(title: str) -> TitleFacts:
    """Parse and normalise a title (library titles come here uncached: the index already keeps their facts)."""
    if title and not needs_parse(title):  # most titles: no segments to take apart
        norm = normalize_text(title)
        return TitleFacts(keys=frozenset((norm.replace(" ", ""),)) if norm else EMPTY, texts=(norm,) if norm else (),
                          kinds=EMPTY, remixers=EMPTY, featured=(), neutral=(), edit=False)
    p = parse_title.__wrapped__(title)
    base = normalize_text(p.base)
    core = base if p.core == p.base else normalize_text(p.core)
    keys = {base.replace(" ", ""), core.replace(" ", "")}
    for extra in p.extras:
        norm = normalize_text(extra)
        key = norm.replace(" ", "")
        if len(key) >= (3 if key.isascii() else 2) and not is_significant(norm):
            keys.add(key)
    keys.discard("")
    return TitleFacts(
        keys=frozenset(keys),
        texts=tuple(t for t in ((base,) if core == base else (base, core)) if t),
        kinds=p.kinds or EMPTY,
        remixers=frozenset(r.replace(" ", "") for r in p.remixers) if p.remixers else EMPTY,
        featured=p.featured,
        neutral=p.neutral,
        edit=p.edit,
    )


@lru_cache(maxsize=131072)
def title_facts(title: str) -> TitleFacts:
    """Parse and normalise an external title once (cached: playlists repeat titles, re-syncs repeat them all)."""
    return _title_facts(title)


def _name_keys(name: str, into: set[str]) -> None:
    norm = normalize_text(name)
    key = norm.replace(" ", "")
    if not key:
        return
    into.add(key)
    if has_kana_or_hangul(name):
        # "竹内まりや" → takeuchimariya and mariyatakeuchi (Latin order), "아이유" → aiyu. Names in Han characters
        # alone are left alone: most are Chinese, and kanji readings of Japanese names are guesses.
        words = romanize(name).split()
        if words:
            into.add(fold_roman(" ".join(words)))
            if len(words) == 2:
                into.add(fold_roman(f"{words[1]} {words[0]}"))
    elif key.isascii():
        folded = fold_roman(norm)
        if folded and folded != key and len(folded) >= 3:
            into.add(folded)  # "Yuuri" meets the romanised "優里"
    if norm.startswith("the ") and len(key) > 4:
        into.add(key[3:])
    runs = _SCRIPT_RUN.findall(key)
    # "G.E.M.鄧紫棋", "周杰倫 Jay Chou": a Latin name and a CJK name of one person.
    if len(runs) == 2 and all(len(r) >= 2 for r in runs):
        into.update(runs)


@lru_cache(maxsize=131072)
def artist_keys(credit: str) -> frozenset[str]:
    """Exact-match keys of an artist credit: the whole credit, each name, bracketed alternatives, script runs."""
    keys: set[str] = set()
    if ", " in credit and credit.count(",") == 1 and credit.isascii():
        family, given = credit.split(", ")
        _name_keys(f"{given} {family}", keys)  # a sort name, "Yonezu, Kenshi", names Kenshi Yonezu
    for name in (credit, *split_artists(credit)):
        _name_keys(name, keys)
        for alt in _ALT_NAME.findall(name):
            _name_keys(alt, keys)
        outer = _ALT_NAME.sub(" ", name)
        if outer != name:
            _name_keys(outer, keys)
        leader = _LEADER.match(name)
        if leader:
            _name_keys(leader.group(1), keys)
    return frozenset(keys)


def _album(album: str, title: TitleFacts) -> tuple[str, frozenset[str]]:
    """Normalised album core (edition words dropped) and the version kinds the album implies."""
    if not album:
        return "", EMPTY
    p = parse_title(album)
    core = normalize_text(p.core)
    whole = core if p.core == album else normalize_text(album)
    kinds: set[str] = set()
    if "live" in p.kinds or album_is_live(whole):
        kinds.add("live")
    # A single named after the track, "Shape of You (Acoustic)", says which version its title track is.
    if p.kinds and not title.kinds and core.replace(" ", "") in title.keys:
        kinds |= p.kinds
    return core, frozenset(kinds) if kinds else EMPTY


LATIN, CJK, KANA = 1, 2, 4  # script bits: Latin text, text to transliterate, kana or Hangul among it


def scripts(*titles: str) -> int:
    """Script bits of some titles (cheap: a regex only for non-ASCII text)."""
    bits = 0
    for title in titles:
        if not title:
            continue
        if not needs_romanizing(title):
            bits |= LATIN
        else:
            bits |= CJK | (KANA if has_kana_or_hangul(title) else 0)
    return bits


def worth_reading(ext_bits: int, lib_bits: int) -> bool:
    """True when comparing readings can help: Latin against kana/kanji/Hangul, or kana against kana."""
    return bool((ext_bits & LATIN and lib_bits & CJK) or (ext_bits & CJK and lib_bits & LATIN)
                or (ext_bits & KANA and lib_bits & KANA))


@dataclass(slots=True, eq=False)
class ExtFeatures:
    """Everything the scorer needs about an external track, normalised."""

    ext: ExternalTrack
    title_keys: frozenset[str]
    alias_keys: frozenset[str]
    texts: tuple[str, ...]  # fuzzy texts of the title and the aliases
    kinds: frozenset[str]
    remixers: frozenset[str]
    edit: bool
    artist_groups: tuple[frozenset[str], ...]  # one per credited name; the first is the primary artist
    lookup_keys: frozenset[str]  # every artist key, featured artists of the title included, for the index
    album: str
    album_key: str
    duration_ms: int | None
    scripts: int = 0  # LATIN/CJK/KANA bits of the title and aliases
    may_be_romaji: bool = False  # a Latin title or alias that could be a romanised Japanese or Korean one
    roman: RomanKeys | None = None  # romanised keys of title and aliases, computed on first need
    memo: Any = None  # the engine's remembered answer for this track (engine._Memo)


@dataclass(slots=True, eq=False)
class LibFeatures:
    """Everything the scorer needs about a library track, normalised at index time."""

    track: LibraryTrack
    title_keys: tuple[str, ...]  # a tuple: the GC stops tracking tuples of strings, and the index holds many
    texts: tuple[str, ...]
    kinds: frozenset[str]
    remixers: frozenset[str]
    edit: bool
    artist_keys: frozenset[str]  # empty when the only credit is "Various Artists"
    album: str
    album_key: str
    duration_ms: int | None
    alias_keys: tuple[str, ...] = ()  # the titleSort's keys when it names the song otherwise
    scripts: int = 0  # LATIN/CJK/KANA bits of the title and titleSort
    roman: RomanKeys | None = None  # romanised keys, computed on first need (most tracks never need them)


_PREPARED: dict[tuple[Any, ...], ExtFeatures] = {}  # least recently used first
_PREPARED_MAX = 65536
_PREPARED_LOCK = threading.Lock()


def prepare_external(ext: ExternalTrack) -> ExtFeatures:
    """Normalise an external track for matching (once: a track moved in its playlist is the same track)."""
    key = (ext.external_id, ext.title, ext.artists, ext.album, ext.duration_ms, ext.aliases, ext.artist_aliases,
           ext.file_path)  # every field but the position
    with _PREPARED_LOCK:
        pe = _PREPARED.pop(key, None)
        if pe is not None:
            _PREPARED[key] = pe
            return pe
    pe = _prepare_external(ext)
    with _PREPARED_LOCK:
        pe = _PREPARED.setdefault(key, pe)  # a racing thread's copy wins: one object per track
        if len(_PREPARED) > _PREPARED_MAX:
            del _PREPARED[next(iter(_PREPARED))]
    return pe


def _prepare_external(ext: ExternalTrack) -> ExtFeatures:
    title = title_facts(ext.title)
    kinds = set(title.kinds)
    alias_keys: set[str] = set()
    texts = list(title.texts)
    for alias in ext.aliases:
        facts = title_facts(alias)
        seg = classify_segment(normalize_text(alias))
        if seg.known:  # a QQ subtitle like "Live" or "伴奏" describes the version, it is not a name
            kinds |= seg.kinds
            continue
        alias_keys |= facts.keys
        texts.extend(t for t in facts.texts if t not in texts)
    album, album_kinds = _album(ext.album, title)
    kinds |= album_kinds
    groups: list[frozenset[str]] = []
    for n, credit in enumerate(ext.artists):
        names = split_artists(credit)
        for i, name in enumerate(names):
            keys = set(artist_keys(name))
            if i == 0:
                keys |= artist_keys(credit)
                if n < len(ext.artist_aliases):  # NetEase alias/trans/tns: other names of this artist
                    for alias in ext.artist_aliases[n]:
                        keys |= artist_keys(alias)
            if keys and keys.isdisjoint(_VARIOUS):  # "Various Artists" says nothing: no group, not a mismatch
                groups.append(frozenset(keys))
    featured = EMPTY.union(*(artist_keys(f) for f in title.featured)) if title.featured else EMPTY
    lookup = featured.union(*groups)
    return ExtFeatures(
        ext=ext,
        title_keys=title.keys,
        alias_keys=frozenset(alias_keys - title.keys) if alias_keys else EMPTY,
        texts=tuple(texts),
        kinds=frozenset(kinds) if kinds else EMPTY,
        remixers=title.remixers,
        edit=title.edit,
        artist_groups=tuple(groups),
        lookup_keys=lookup,
        album=album,
        album_key=album.replace(" ", ""),
        duration_ms=ext.duration_ms or None,
        scripts=scripts(ext.title, *ext.aliases),
        may_be_romaji=any(could_be_romanised(t) for t in (ext.title, *ext.aliases) if not needs_romanizing(t)),
    )


def prepare_library(track: LibraryTrack) -> LibFeatures:
    """Normalise a library track for matching (done once, when it enters the index)."""
    title = _title_facts(track.title)
    keys = artist_keys(track.artist) if track.artist else EMPTY
    if not keys.isdisjoint(_VARIOUS):
        keys = EMPTY
    if track.original_title or title.featured or track.artist_sort:
        # Only then a set of its own; otherwise the album artist's cached keys are shared by its tracks.
        extra = set(keys)
        if track.original_title:
            extra |= artist_keys(track.original_title)
        if track.artist_sort and keys:
            extra |= artist_keys(track.artist_sort)
        for name in title.featured:
            extra |= artist_keys(name)
        keys = frozenset(extra - _VARIOUS)
    album, album_kinds = _album(track.album, title)
    alias_keys: tuple[str, ...] = ()
    if track.title_sort and track.title_sort != track.title:
        sort_keys = title_facts(track.title_sort).keys - title.keys
        # Plex's own titleSort only drops a leading article; a tagged one may be the romaji or English name.
        alias_keys = tuple(k for k in sort_keys if not any(t.endswith(k) for t in title.keys))
    return LibFeatures(
        track=track,
        title_keys=tuple(title.keys),
        alias_keys=alias_keys,
        scripts=scripts(track.title, track.title_sort) if not track.title.isascii() or track.title_sort else LATIN,
        texts=title.texts,
        kinds=title.kinds | album_kinds if album_kinds else title.kinds,
        remixers=title.remixers,
        edit=title.edit,
        artist_keys=keys,
        album=album,
        album_key=album.replace(" ", ""),
        duration_ms=track.duration_ms or None,
    )


@dataclass(frozen=True, slots=True)
class RomanKeys:
    """Folded romanised keys: from transliterated kana/kanji/Hangul, and from Latin text as written."""

    translit: frozenset[str]
    latin: frozenset[str]

    def meets(self, other: RomanKeys) -> bool:
        """True when the two share a key and at least one side of that key was transliterated."""
        return not (self.translit.isdisjoint(other.translit) and self.translit.isdisjoint(other.latin)
                    and self.latin.isdisjoint(other.translit))


NO_ROMAN = RomanKeys(EMPTY, EMPTY)


def _roman_keys(titles: tuple[str, ...]) -> RomanKeys:
    translit: set[str] = set()
    latin: set[str] = set()
    for title in titles:
        if not title:
            continue
        p = parse_title(title)
        for text in {p.base, p.core, *p.extras}:
            if needs_romanizing(text):
                key, into = fold_roman(romanize(text)), translit
            else:  # Latin as written ("Yūsha" folds to yusha; other scripts fold to nothing)
                key, into = fold_roman(text), latin
            if len(key) >= 2:
                into.add(key)
    return RomanKeys(frozenset(translit), frozenset(latin)) if translit or latin else NO_ROMAN


def ext_roman(pe: ExtFeatures) -> RomanKeys:
    """Romanised keys of an external title and its aliases (computed once, on first need)."""
    if pe.roman is None:
        pe.roman = _roman_keys((pe.ext.title, *pe.ext.aliases))
    return pe.roman


def lib_roman(pl: LibFeatures) -> RomanKeys:
    """Romanised keys of a library title and its titleSort (computed once, on first need)."""
    if pl.roman is None:
        pl.roman = _roman_keys((pl.track.title, pl.track.title_sort))
    return pl.roman


def clear_caches() -> None:
    """Empty the normalisation caches (benchmarks measure cold matching with it)."""
    from plexm8.services.matching import index, normalize, score, translit, versions

    for fn in (translit.romanize, translit.fold_roman, translit.could_be_romanised, normalize.normalize_text, normalize.split_artists, normalize.parse_title, versions.classify_segment,
               title_facts, artist_keys, index.title_tokens, score.fuzzy_group_similarity):
        fn.cache_clear()
    with _PREPARED_LOCK:
        _PREPARED.clear()
