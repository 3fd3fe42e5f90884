"""Plex's media query language: the filters, sort and limit of ``/library/sections/{id}/all``
and of smart playlist URIs, parsed and evaluated against a ``Library``.

One field table serves both the section's advertised ``<Meta>`` (which plexapi validates its
filters against) and evaluation, so what the simulator advertises is exactly what it evaluates.
Wire format (as plexapi 4.18.3 sends it): ``field<op>value`` pairs in order, the operator's last
``=`` being the key/value separator (``track.userRating>>=8`` arrives as key ``track.userRating>>``,
value ``8``); ``,`` in a value means OR; a repeated key means AND; ``push=1``/``pop=1`` bracket a
group and ``or=1``/``and=1`` join its members. Unprefixed fields resolve like plexapi resolves them
(``genre`` on tracks is ``album.genre``); tag values are Plex tag ids or names.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from plexm8.devtools.sample_library import Library, SimAlbum, SimArtist, SimTrack

LEVELS = ("artist", "album", "track")  # Plex's grandparent -> parent -> leaf
TYPE_NUMBER = {"artist": 8, "album": 9, "track": 10}
LEVEL_OF_TYPE = {number: level for level, number in TYPE_NUMBER.items()}
LEVEL_TITLES = {"artist": "Artists", "album": "Albums", "track": "Tracks"}

# Operators per field type, as the section's <FieldType> elements advertise them.
OPERATORS: dict[str, tuple[tuple[str, str], ...]] = {
    "tag": (("=", "is"), ("!=", "is not")),
    "integer": (("=", "is"), ("!=", "is not"), (">>=", "is greater than"), ("<<=", "is less than")),
    "string": (("=", "contains"), ("!=", "does not contain"), ("==", "is"), ("!==", "is not"),
               ("<=", "begins with"), (">=", "ends with")),
    "boolean": (("=", "is true"), ("!=", "is false")),
    "date": (("=", "is"), ("!=", "is not"), (">>=", "is after"), ("<<=", "is before")),
    "guid": (("=", "is"),),
}
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800, "mon": 2_592_000, "y": 31_536_000}
_RELATIVE_DATE = re.compile(r"-?(\d+)(mon|[smhdwy])")
# The operator's last "=" is the key/value separator; plexapi percent-encodes the rest into the key
# ("title==x" arrives as key "title=" when plexapi sends it, as value "=x" when typed by hand).
_FILTER_KEY = re.compile(r"([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)?)([!<>=]*)")
_PASSIVE_KEYS = {"type", "sort", "limit", "group", "having", "sourceType", "checkFiles", "query"}
_PASSIVE_PREFIXES = ("include", "exclude", "X-Plex-", "async")
_NO_SUCH_TAG = "\x00no such tag"  # an unknown tag id matches nothing

SimItem = SimArtist | SimAlbum | SimTrack


class QueryError(ValueError):
    """A malformed media query (the simulator answers 400 with this message)."""


@dataclass(frozen=True)
class FieldDef:
    """A filterable field of one level.

    ``visibility``: "meta" fields are advertised in the section's Meta; "plexapi" ones plexapi adds
    to its field list by itself (``FilteringType._manualFields``); "hidden" ones need a prefix.
    """

    level: str
    name: str
    kind: str
    title: str
    get: Callable[[Library, Any], Any]
    visibility: str = "meta"
    sub_type: str | None = None

    @property
    def key(self) -> str:
        return f"{self.level}.{self.name}"


@dataclass(frozen=True)
class SortDef:
    """A sortable field of one level; ``advertised`` sorts are listed in the Meta."""

    level: str
    name: str
    default_direction: str
    title: str
    get: Callable[[Library, Any], Any]
    advertised: bool = True


def _play_stats(lib: Library, obj: SimAlbum | SimArtist) -> tuple[int, int | None]:
    tracks = lib.leaf_tracks(obj.rating_key)
    last = [t.last_viewed_at for t in tracks if t.last_viewed_at is not None]
    return sum(t.view_count for t in tracks), max(last, default=None)


def _common_fields(level: str) -> list[FieldDef]:
    """Fields plexapi adds itself (``FilteringType._manualFields``) for every music level."""
    return [
        FieldDef(level, "guid", "guid", "Guid", lambda lib, o: o.guid, "plexapi"),
        FieldDef(level, "id", "integer", "Rating Key", lambda lib, o: o.rating_key, "plexapi"),
        FieldDef(level, "updatedAt", "date", "Date Updated", lambda lib, o: o.updated_at, "plexapi"),
        FieldDef(level, "label", "tag", "Label", lambda lib, o: [], "plexapi"),
    ]


def _artist_fields() -> list[FieldDef]:
    return [
        FieldDef("artist", "title", "string", "Artist Title", lambda lib, o: o.title),
        FieldDef("artist", "genre", "tag", "Artist Genre", lambda lib, o: o.genres),
        FieldDef("artist", "style", "tag", "Artist Style", lambda lib, o: o.styles),
        FieldDef("artist", "mood", "tag", "Artist Mood", lambda lib, o: o.moods),
        FieldDef("artist", "addedAt", "date", "Date Artist Added", lambda lib, o: o.added_at),
        FieldDef("artist", "viewCount", "integer", "Artist Plays", lambda lib, o: _play_stats(lib, o)[0]),
        FieldDef("artist", "lastViewedAt", "date", "Artist Last Played", lambda lib, o: _play_stats(lib, o)[1]),
        *_common_fields("artist"),
        FieldDef("artist", "index", "integer", "Artist Number", lambda lib, o: 1, "plexapi"),
        FieldDef("artist", "lastRatedAt", "date", "Artist Last Rated", lambda lib, o: None, "plexapi"),
        FieldDef("artist", "userRating", "integer", "Artist Rating", lambda lib, o: None, "hidden"),
    ]


def _album_fields() -> list[FieldDef]:
    return [
        FieldDef("album", "title", "string", "Album Title", lambda lib, o: o.title),
        FieldDef("album", "year", "integer", "Album Year", lambda lib, o: o.year),
        FieldDef("album", "decade", "integer", "Album Decade", lambda lib, o: None if o.year is None
                 else o.year // 10 * 10, sub_type="decade"),
        FieldDef("album", "genre", "tag", "Album Genre", lambda lib, o: o.genres),
        FieldDef("album", "style", "tag", "Album Style", lambda lib, o: o.styles),
        FieldDef("album", "mood", "tag", "Album Mood", lambda lib, o: o.moods),
        FieldDef("album", "addedAt", "date", "Date Album Added", lambda lib, o: o.added_at),
        FieldDef("album", "viewCount", "integer", "Album Plays", lambda lib, o: _play_stats(lib, o)[0]),
        FieldDef("album", "lastViewedAt", "date", "Album Last Played", lambda lib, o: _play_stats(lib, o)[1]),
        *_common_fields("album"),
        FieldDef("album", "index", "integer", "Album Number", lambda lib, o: 1, "plexapi"),
        FieldDef("album", "lastRatedAt", "date", "Album Last Rated", lambda lib, o: None, "plexapi"),
        FieldDef("album", "userRating", "integer", "Album Rating", lambda lib, o: None, "hidden"),
    ]


def _track_fields() -> list[FieldDef]:
    return [
        FieldDef("track", "title", "string", "Track Title", lambda lib, o: o.title),
        FieldDef("track", "userRating", "integer", "Track Rating", lambda lib, o: o.user_rating, sub_type="rating"),
        FieldDef("track", "viewCount", "integer", "Track Plays", lambda lib, o: o.view_count),
        FieldDef("track", "lastViewedAt", "date", "Track Last Played", lambda lib, o: o.last_viewed_at),
        FieldDef("track", "skipCount", "integer", "Track Skips", lambda lib, o: o.skip_count),
        FieldDef("track", "addedAt", "date", "Date Track Added", lambda lib, o: o.added_at),
        FieldDef("track", "mood", "tag", "Track Mood", lambda lib, o: o.moods),
        *_common_fields("track"),
        FieldDef("track", "index", "integer", "Track Number", lambda lib, o: o.index, "plexapi"),
        FieldDef("track", "lastRatedAt", "date", "Track Last Rated", lambda lib, o: o.last_rated_at, "plexapi"),
        FieldDef("track", "duration", "integer", "Duration", lambda lib, o: o.duration_ms, "plexapi"),
        FieldDef("track", "viewOffset", "integer", "View Offset", lambda lib, o: 0, "plexapi"),
        FieldDef("track", "ratingCount", "integer", "Rating Count", lambda lib, o: o.rating_count, "plexapi"),
        FieldDef("track", "genre", "tag", "Track Genre", lambda lib, o: o.genres, "hidden"),
        FieldDef("track", "year", "integer", "Track Year", lambda lib, o: o.year, "hidden"),
        FieldDef("track", "originalTitle", "string", "Track Artist", lambda lib, o: o.original_title, "hidden"),
    ]


FIELDS: dict[str, dict[str, FieldDef]] = {
    level: {f.name: f for f in fields}
    for level, fields in (("artist", _artist_fields()), ("album", _album_fields()), ("track", _track_fields()))
}


def _sorts(level: str, extra: Sequence[tuple[str, str, str]]) -> dict[str, SortDef]:
    fields = FIELDS[level]
    sorts = [SortDef(level, "titleSort", "asc", "Title", lambda lib, o: o.title_sort)]
    sorts += [SortDef(level, name, direction, title, fields[name].get) for name, direction, title in extra]
    sorts += [SortDef(level, "random", "asc", "Randomly", lambda lib, o: 0)]
    # plexapi's own additions (FilteringType._manualSorts), accepted but not advertised:
    sorts += [SortDef(level, name, "asc", title, get, advertised=False) for name, title, get in (
        ("guid", "Guid", fields["guid"].get), ("id", "Rating Key", fields["id"].get),
        ("index", "Number", fields["index"].get), ("summary", "Summary", lambda lib, o: ""),
        ("tagline", "Tagline", lambda lib, o: ""), ("updatedAt", "Date Updated", fields["updatedAt"].get),
        ("title", "Title", lambda lib, o: o.title),
        ("absoluteIndex", "Absolute Index", fields["index"].get),
    )]
    return {s.name: s for s in sorts}


SORTS: dict[str, dict[str, SortDef]] = {
    "artist": _sorts("artist", (("addedAt", "desc", "Date Added"), ("lastViewedAt", "desc", "Last Played"),
                                ("viewCount", "desc", "Plays"))),
    "album": _sorts("album", (("year", "desc", "Year"), ("addedAt", "desc", "Date Added"),
                              ("lastViewedAt", "desc", "Last Played"), ("viewCount", "desc", "Plays"))),
    "track": _sorts("track", (("userRating", "desc", "Rating"), ("addedAt", "desc", "Date Added"),
                              ("lastViewedAt", "desc", "Last Played"), ("viewCount", "desc", "Plays"),
                              ("lastRatedAt", "desc", "Last Rated"), ("duration", "asc", "Duration"))),
}


def type_fields(level: str) -> list[FieldDef]:
    """A level's fields in plexapi's resolution order for unprefixed names (own, album, artist, rest)."""
    ancestors = [lvl for lvl in ("album", "artist") if LEVELS.index(lvl) < LEVELS.index(level)]
    ordered = [f for f in FIELDS[level].values() if f.visibility == "meta"]
    for ancestor in ancestors:
        ordered += [f for f in FIELDS[ancestor].values() if f.visibility == "meta"]
    ordered += [f for f in FIELDS[level].values() if f.visibility != "meta"]
    return ordered


def advertised_fields(level: str) -> list[FieldDef]:
    """The <Field> elements of a level's Type in the section Meta."""
    return [f for f in type_fields(level) if f.visibility == "meta"]


def advertised_sorts(level: str) -> list[SortDef]:
    """The <Sort> elements of a level's Type in the section Meta."""
    return [s for s in SORTS[level].values() if s.advertised]


# -- parsed query --------------------------------------------------------------------------------

@dataclass
class Term:
    """One ``field op values`` condition."""

    field: FieldDef
    op: str
    values: list[Any]

    def matches(self, ctx: _Context, obj: SimItem) -> bool:
        return any(self._matches_one(ctx, o) for o in ctx.related(obj, self.field.level))

    def _matches_one(self, ctx: _Context, obj: SimItem) -> bool:
        value = self.field.get(ctx.lib, obj)
        kind, op, wanted = self.field.kind, self.op, self.values
        if kind == "tag":
            names = {v.casefold() for v in value}
            hit = any(w in names for w in wanted)
            return hit if op == "=" else not hit
        if kind in ("string", "guid"):
            text = (value or "").casefold()
            if op == "=":
                return any(w in text for w in wanted) if kind == "string" else text in wanted
            if op == "!=":
                return all(w not in text for w in wanted)
            if op == "==":
                return text in wanted
            if op == "!==":
                return text not in wanted
            if op == "<=":
                return any(text.startswith(w) for w in wanted)
            return any(text.endswith(w) for w in wanted)
        if kind == "boolean":
            return (bool(value) == wanted[0]) == (op == "=")
        if kind == "date":
            wanted = [ctx.now - w[1] if w[0] == "relative" else w[1] for w in wanted]
            if value is None:
                return op == "!="
            if op == "=":
                return any(value // 86_400 == w // 86_400 for w in wanted)
            if op == "!=":
                return all(value // 86_400 != w // 86_400 for w in wanted)
            return any(value > w for w in wanted) if op == ">>=" else any(value < w for w in wanted)
        if value is None:
            return op == "!="
        if op == "=":
            return any(value == w for w in wanted)
        if op == "!=":
            return all(value != w for w in wanted)
        return any(value > w for w in wanted) if op == ">>=" else any(value < w for w in wanted)


@dataclass
class Group:
    """Conditions joined by and/or (``and`` binds tighter, like SQL)."""

    members: list[Term | Group] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)  # joins[i] sits between members[i] and members[i+1]
    pending: str = "and"

    def add(self, member: Term | Group) -> None:
        if self.members:
            self.joins.append(self.pending)
        self.members.append(member)
        self.pending = "and"

    def matches(self, ctx: _Context, obj: SimItem) -> bool:
        if not self.members:
            return True
        run_ok = self.members[0].matches(ctx, obj)
        for join, member in zip(self.joins, self.members[1:]):
            if join == "or":
                if run_ok:
                    return True
                run_ok = member.matches(ctx, obj)
            elif run_ok:
                run_ok = member.matches(ctx, obj)
        return run_ok


@dataclass
class MediaQuery:
    """A parsed query: which level, which condition, how sorted, how many."""

    level: str | None  # None: a type this music section does not hold (always empty)
    condition: Group
    sorts: list[tuple[SortDef, bool, bool]]  # (sort, descending, nulls_last)
    limit: int | None
    has_relative_dates: bool = False

    def run(self, lib: Library, now: int) -> list[SimItem]:
        """The matching items, sorted and limited (caller holds ``lib.lock``)."""
        if self.level is None:
            return []
        ctx = _Context(lib, now, self.level)
        items = [o for o in default_order(lib, self.level) if self.condition.matches(ctx, o)]
        for sort, descending, nulls_last in reversed(self.sorts):
            if sort.name == "random":
                random.Random(lib.revision).shuffle(items)
                continue
            items.sort(key=_sort_key(ctx, sort, descending, nulls_last), reverse=descending)
        return items if self.limit is None else items[: self.limit]


@dataclass
class _Context:
    lib: Library
    now: int
    level: str

    def related(self, obj: SimItem, level: str) -> Sequence[SimItem]:
        """``obj`` seen at another level: itself, its ancestor, or its descendants."""
        lib, here = self.lib, self.level
        if level == here:
            return [obj]
        if LEVELS.index(level) < LEVELS.index(here):  # an ancestor
            assert not isinstance(obj, SimArtist), "an artist has no ancestor level"
            if level == "album":
                assert isinstance(obj, SimTrack), "only a track sits below an album"
                return [lib.albums[obj.album_key]]
            return [lib.artists[obj.artist_key]]
        if level == "track":
            return lib.leaf_tracks(obj.rating_key)
        return lib.artist_albums(obj.rating_key)


def _sort_key(ctx: _Context, sort: SortDef, descending: bool, nulls_last: bool) -> Callable[[SimItem], tuple]:
    lib = ctx.lib
    # Like SQLite, NULL is the smallest value (first ascending, last descending); nullsLast puts it last.
    none_rank = 1 if nulls_last and not descending else 0

    def key(obj: SimItem) -> tuple:
        target = ctx.related(obj, sort.level)[0]
        value = sort.get(lib, target)
        if value is None:
            return (none_rank, 0)
        return (1 - none_rank, value.casefold() if isinstance(value, str) else value)

    return key


def default_order(lib: Library, level: str) -> Sequence[SimItem]:
    """Items of a level in Plex's default listing order (artist, album, disc, track number)."""
    if level == "artist":
        artists = sorted(lib.artists.values(), key=lambda a: (a.title_sort.casefold(), a.rating_key))
        return artists
    if level == "album":
        albums = sorted(lib.albums.values(), key=lambda a: (
            lib.artists[a.artist_key].title_sort.casefold(), a.title_sort.casefold(), a.rating_key))
        return albums
    sort_of_album = {k: (lib.artists[a.artist_key].title_sort.casefold(), a.title_sort.casefold(), k)
                     for k, a in lib.albums.items()}
    tracks = sorted(lib.tracks.values(), key=lambda t: (sort_of_album[t.album_key], t.disc, t.index, t.rating_key))
    return tracks


# -- parsing ---------------------------------------------------------------------------------

def is_passive_key(key: str) -> bool:
    """Query keys that shape the response rather than filter it."""
    return key in _PASSIVE_KEYS or key.startswith(_PASSIVE_PREFIXES)


def parse_media_query(pairs: Iterable[tuple[str, str]], lib: Library, *, default_level: str = "artist",
                      ignore: Iterable[str] = ()) -> MediaQuery:
    """Parse ordered query pairs into a MediaQuery; raises QueryError when malformed."""
    pairs = list(pairs)
    ignored = set(ignore)
    params = {k: v for k, v in pairs}
    level: str | None = default_level
    if "type" in params:
        level = LEVEL_OF_TYPE.get(_int(params["type"], "type"))
    limit = None
    if "limit" in params:
        limit = _int(params["limit"], "limit")
        if limit < 0:
            raise QueryError("limit must not be negative")
    sorts = _parse_sorts(params.get("sort", ""), level) if level and params.get("sort") else []
    stack = [Group()]
    relative = False
    for key, value in pairs:
        if key in ignored or is_passive_key(key):
            continue
        if key == "push":
            stack.append(Group())
        elif key == "pop":
            if len(stack) == 1:
                raise QueryError("pop=1 without a matching push=1")
            group = stack.pop()
            stack[-1].add(group)
        elif key in ("or", "and"):
            stack[-1].pending = key
        elif level is not None:
            term = _parse_term(key, value, level, lib)
            relative = relative or any(isinstance(v, tuple) and v[0] == "relative" for v in term.values)
            stack[-1].add(term)
    if len(stack) != 1:
        raise QueryError("push=1 without a matching pop=1")
    return MediaQuery(level, stack[0], sorts, limit, relative)


def resolve_field(name: str, level: str) -> FieldDef:
    """The field a filter key names for a query of this level (prefixed or not)."""
    if "." in name:
        prefix, bare = name.split(".", 1)
        field_def = FIELDS.get(prefix, {}).get(bare)
        if field_def is None:
            raise QueryError(f"unknown filter field {name!r}")
        return field_def
    for field_def in type_fields(level):
        if field_def.name == name:
            return field_def
    raise QueryError(f"unknown filter field {name!r} for type {TYPE_NUMBER[level]}")


def _parse_term(key: str, value: str, level: str, lib: Library) -> Term:
    match = _FILTER_KEY.fullmatch(key)
    if not match:
        raise QueryError(f"malformed filter {key!r}")
    name, op_chars = match.groups()
    field_def = resolve_field(name, level)
    op = op_chars + "="
    if op in ("=", "!=") and value.startswith("=") and field_def.kind == "string":
        op, value = op + "=", value[1:]
    if op not in {o for o, _ in OPERATORS[field_def.kind]}:
        raise QueryError(f"operator {op!r} is not valid for {field_def.kind} field {name!r}")
    values = [_parse_value(field_def, raw, lib) for raw in value.split(",")]
    return Term(field_def, op, values)


def _parse_value(field_def: FieldDef, raw: str, lib: Library) -> Any:
    kind = field_def.kind
    if kind in ("string", "guid"):
        return raw.casefold()
    if kind == "tag":
        if raw.isdigit():
            return (lib.tag_name(int(raw)) or _NO_SUCH_TAG).casefold()
        return raw.casefold()
    if kind == "boolean":
        if raw.lower() not in ("1", "0", "true", "false"):
            raise QueryError(f"{field_def.name} takes 0 or 1, not {raw!r}")
        return raw.lower() in ("1", "true")
    if kind == "date":
        relative = _RELATIVE_DATE.fullmatch(raw)
        if relative:
            return ("relative", int(relative.group(1)) * _UNITS[relative.group(2)])
        if re.fullmatch(r"-?\d+", raw):
            return ("absolute", int(raw))
        try:
            day = datetime.strptime(raw, "%Y-%m-%d").replace(tzinfo=timezone.utc)
        except ValueError:
            raise QueryError(f"{field_def.name} takes a date (epoch, YYYY-MM-DD or -30d), not {raw!r}") from None
        return ("absolute", int(day.timestamp()))
    try:
        number = float(raw)
    except ValueError:
        raise QueryError(f"{field_def.name} takes a number, not {raw!r}") from None
    return int(number) if number.is_integer() else number


def _parse_sorts(spec: str, level: str) -> list[tuple[SortDef, bool, bool]]:
    sorts = []
    for part in spec.split(","):
        name, _, direction = part.strip().partition(":")
        if direction not in ("", "asc", "desc", "nullsLast"):
            raise QueryError(f"unknown sort direction {direction!r}")
        prefix, _, bare = name.rpartition(".")
        sort_level = prefix or level
        if sort_level not in LEVELS or LEVELS.index(sort_level) > LEVELS.index(level):
            raise QueryError(f"cannot sort {LEVEL_TITLES[level].lower()} by {name!r}")
        sort = SORTS[sort_level].get(bare)
        if sort is None:
            raise QueryError(f"unknown sort field {name!r}")
        # A bare field sorts ascending; defaultDirection is only a hint for clients' menus.
        sorts.append((sort, direction == "desc", direction == "nullsLast"))
    return sorts


def _int(raw: str, name: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise QueryError(f"{name} must be an integer, not {raw!r}") from None


def tag_choices(lib: Library, kind: str, level: str) -> list[tuple[int, str]]:
    """(id, name) of every tag of a kind used by items of a level, by name (filter choices)."""
    attribute = {"genre": "genres", "mood": "moods", "style": "styles"}[kind]
    sources: dict[str, Mapping[int, SimItem]] = {"artist": lib.artists, "album": lib.albums, "track": lib.tracks}
    source = sources[level]
    names = {name for obj in source.values() for name in getattr(obj, attribute)}
    return sorted(((lib.tag_id(kind, n), n) for n in names), key=lambda choice: choice[1].casefold())
