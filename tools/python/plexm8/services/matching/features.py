"""Pre-normalised matching features of external and library tracks (computed once, cached)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..external import ExternalTrack
from .normalize import normalize_text, parse_title, split_artists
from .types import LibraryTrack
from .versions import album_is_live, classify_segment

# Compact keys of "Various Artists" credits: they say nothing about who sings.
_VARIOUS = frozenset({
    "variousartists", "variousartist", "various", "va", "群星", "华语群星", "欧美群星", "日韩群星", "合辑",
    "variosartistas", "váriosartistas", "artistesdivers", "verschiedeneinterpreten", "オムニバス", "omnibus",
    "unknownartist", "未知艺人", "未知歌手",
})
_ALT_NAME = re.compile(r"[(\[]([^()\[\]]+)[)\]]")
_SCRIPT_RUN = re.compile(r"[a-z0-9]+|[^a-z0-9]+")
_SIGNIFICANT = re.compile(r"\d|(?<![a-z])(?:part|vol|volume|chapter|act|no|op|ii|iii|iv)(?![a-z])")


@dataclass(frozen=True, slots=True)
class TitleFacts:
    """A title reduced to exact keys, fuzzy texts and version facts."""

    keys: frozenset[str]  # compact exact keys: base, core and extras ("봄날 (Spring Day)" → 봄날, springday…)
    texts: tuple[str, ...]  # normalised base (and core) for fuzzy comparison
    kinds: frozenset[str]
    remixers: frozenset[str]
    featured: tuple[str, ...]
    neutral: tuple[str, ...]
    edit: bool


@lru_cache(maxsize=262144)
def title_facts(title: str) -> TitleFacts:
    """Parse and normalise a title once."""
    p = parse_title(title)
    base = normalize_text(p.base)
    core = normalize_text(p.core)
    keys = {base.replace(" ", ""), core.replace(" ", "")}
    for extra in p.extras:
        norm = normalize_text(extra)
        key = norm.replace(" ", "")
        if len(key) >= (3 if key.isascii() else 2) and not _SIGNIFICANT.search(norm):
            keys.add(key)
    keys.discard("")
    return TitleFacts(
        keys=frozenset(keys),
        texts=(base,) if core == base else (base, core),
        kinds=p.kinds,
        remixers=frozenset(r.replace(" ", "") for r in p.remixers),
        featured=p.featured,
        neutral=p.neutral,
        edit=p.edit,
    )


def _name_keys(name: str, into: set[str]) -> None:
    norm = normalize_text(name)
    key = norm.replace(" ", "")
    if not key:
        return
    into.add(key)
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
    for name in (credit, *split_artists(credit)):
        _name_keys(name, keys)
        for alt in _ALT_NAME.findall(name):
            _name_keys(alt, keys)
        outer = _ALT_NAME.sub(" ", name)
        if outer != name:
            _name_keys(outer, keys)
    return frozenset(keys)


def _album(album: str) -> tuple[str, bool]:
    """Normalised album core (edition words dropped) and whether it is a live album."""
    if not album:
        return "", False
    p = parse_title(album)
    return normalize_text(p.core), "live" in p.kinds or album_is_live(normalize_text(album))


@dataclass(frozen=True, slots=True)
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
    featured_keys: frozenset[str]
    lookup_keys: frozenset[str]  # every artist key, for the index
    album: str
    duration_ms: int | None


@dataclass(frozen=True, slots=True)
class LibFeatures:
    """Everything the scorer needs about a library track, normalised at index time."""

    track: LibraryTrack
    title_keys: frozenset[str]
    texts: tuple[str, ...]
    kinds: frozenset[str]
    remixers: frozenset[str]
    edit: bool
    artist_keys: frozenset[str]  # empty when the only credit is "Various Artists"
    album: str
    duration_ms: int | None


@lru_cache(maxsize=65536)
def prepare_external(ext: ExternalTrack) -> ExtFeatures:
    """Normalise an external track for matching."""
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
    album, album_live = _album(ext.album)
    if album_live:
        kinds.add("live")
    groups: list[frozenset[str]] = []
    for credit in ext.artists:
        names = split_artists(credit)
        for i, name in enumerate(names):
            keys = set(artist_keys(name))
            if i == 0:
                keys |= artist_keys(credit)
            groups.append(frozenset(keys))
    featured = frozenset().union(*(artist_keys(f) for f in title.featured)) if title.featured else frozenset()
    lookup = frozenset().union(featured, *groups)
    return ExtFeatures(
        ext=ext,
        title_keys=title.keys,
        alias_keys=frozenset(alias_keys - title.keys),
        texts=tuple(texts),
        kinds=frozenset(kinds),
        remixers=title.remixers,
        edit=title.edit,
        artist_groups=tuple(groups),
        featured_keys=featured,
        lookup_keys=lookup,
        album=album,
        duration_ms=ext.duration_ms or None,
    )


def prepare_library(track: LibraryTrack) -> LibFeatures:
    """Normalise a library track for matching (done once, when it enters the index)."""
    title = title_facts(track.title)
    keys: set[str] = set()
    album_artist = artist_keys(track.artist) if track.artist else frozenset()
    if not album_artist & _VARIOUS:
        keys |= album_artist
    if track.original_title:
        keys |= artist_keys(track.original_title)
    for name in title.featured:
        keys |= artist_keys(name)
    keys -= _VARIOUS
    album, album_live = _album(track.album)
    kinds = title.kinds | {"live"} if album_live else title.kinds
    return LibFeatures(
        track=track,
        title_keys=title.keys,
        texts=title.texts,
        kinds=kinds,
        remixers=title.remixers,
        edit=title.edit,
        artist_keys=frozenset(keys),
        album=album,
        duration_ms=track.duration_ms or None,
    )
