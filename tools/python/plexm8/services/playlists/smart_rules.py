"""Smart playlist rules: the fields and operators the API offers, validated, and translated to and from the
filters of Plex's own smart playlists (plexapi's filters dict, as `createPlaylist(filters=…)` takes it and
`Playlist.filters()` gives it back). Pure functions: no Plex calls here.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plexm8.errors import Unprocessable

MAX_RULES = 50
MAX_VALUES = 20
MAX_TEXT = 200
MAX_SORTS = 5
DIRECTIONS = ("asc", "desc")


@dataclass(frozen=True)
class FieldSpec:
    """A field rules can test: its Plex filter key (track level unless prefixed otherwise) and value type."""

    name: str
    plex_key: str
    kind: str  # "string" | "number" | "date" | "tag"
    description: str
    sort_key: str | None = None  # Plex sort key, when the field can sort
    default_direction: str = "asc"
    minimum: float = 0  # numbers only
    maximum: float = 0
    integer: bool = False
    plex_scale: int = 1  # Plex's value = the API's value × plex_scale (duration: seconds → milliseconds)
    unit: str | None = None


FIELDS: dict[str, FieldSpec] = {f.name: f for f in (
    FieldSpec("title", "track.title", "string", "Track title", "track.titleSort"),
    FieldSpec("artist", "artist.title", "string", "Album artist name", "artist.titleSort"),
    FieldSpec("album", "album.title", "string", "Album title", "album.titleSort"),
    FieldSpec("genre", "album.genre", "tag", "Genre (Plex keeps genres on albums)"),
    FieldSpec("style", "album.style", "tag", "Album style"),
    FieldSpec("mood", "track.mood", "tag", "Track mood"),
    FieldSpec("year", "album.year", "number", "Album year", "album.year", "desc", 0, 9999, integer=True),
    FieldSpec("decade", "album.decade", "number", "Album decade (1990 = the 1990s)", None, "desc", 0, 9990,
              integer=True),
    FieldSpec("userRating", "track.userRating", "number", "Your rating, 0-10 (stars x 2)", "track.userRating",
              "desc", 0, 10),
    FieldSpec("viewCount", "track.viewCount", "number", "Play count", "track.viewCount", "desc", 0, 10**9,
              integer=True),
    FieldSpec("duration", "track.duration", "number", "Track length in seconds", "track.duration", "asc", 0, 10**7,
              plex_scale=1000, unit="seconds"),
    FieldSpec("addedAt", "track.addedAt", "date", "When the track was added", "track.addedAt", "desc"),
    FieldSpec("lastViewedAt", "track.lastViewedAt", "date", "When the track was last played",
              "track.lastViewedAt", "desc"),
    FieldSpec("lastRatedAt", "track.lastRatedAt", "date", "When the track was last rated", "track.lastRatedAt",
              "desc"),
)}
RANDOM_SORT = "random"
RANDOM_SORT_KEY = "track.random"

# Our operator → the suffix plexapi puts after the field key (its `field>>` / `field!` / `field=` forms).
OPERATORS: dict[str, dict[str, str]] = {
    "string": {"is": "=", "is_not": "!=", "contains": "", "not_contains": "!", "starts_with": "<",
               "ends_with": ">"},
    "tag": {"is": "", "is_not": "!"},
    # Plex has no ≥/≤: ">=" is sent as (> v or = v), "<=" as (< v or = v), exact for any number.
    "number": {"=": "", "!=": "!", ">": ">>", ">=": ">>", "<": "<<", "<=": "<<"},
    "date": {"before": "<<", "after": ">>", "in_last": ">>", "not_in_last": "<<"},
}
_READ_OPERATORS: dict[str, dict[str, str]] = {
    "string": {v: k for k, v in OPERATORS["string"].items()},
    "tag": {"": "is", "!": "is_not"},
    "number": {"": "=", "!": "!=", ">>": ">", "<<": "<"},
    "date": {"<<": "before", ">>": "after"},
}
_RANGE = {">=": ">", "<=": "<"}
_RELATIVE_OF = {"before": "not_in_last", "after": "in_last"}
# Relative times: our units (m = months, as people write "6m") ↔ Plex's (m = minutes, mon = months).
_UNIT_TO_PLEX = {"s": "s", "min": "m", "h": "h", "d": "d", "w": "w", "m": "mon", "y": "y"}
_UNIT_FROM_PLEX = {v: k for k, v in _UNIT_TO_PLEX.items()}
_RELATIVE = re.compile(r"(\d{1,6})(min|mon|[smhdwy])")
_PLEX_RELATIVE = re.compile(r"-?(\d+)(mon|[smhdwy])")
_FILTER_KEY = re.compile(r"(?:([a-zA-Z]+)\.)?([a-zA-Z0-9]+)([!<>=&]*)")
_LEVELS = ("track", "album", "artist")  # how Plex resolves an unprefixed field on tracks


@dataclass(frozen=True)
class Rule:
    """One validated condition; `value` is in the API's normalised form."""

    field: str
    operator: str
    value: Any

    def to_dict(self) -> dict[str, Any]:
        """The API shape of the rule."""
        return {"field": self.field, "operator": self.operator, "value": self.value}


@dataclass(frozen=True)
class SortSpec:
    """One sort key and its direction."""

    field: str
    direction: str

    def to_dict(self) -> dict[str, str]:
        """The API shape of the sort key."""
        return {"field": self.field, "direction": self.direction}


@dataclass(frozen=True)
class SmartDefinition:
    """What a smart playlist selects: rules joined by `match`, then sorted and cut at `limit`."""

    rules: tuple[Rule, ...]
    match: str = "all"
    sort: tuple[SortSpec, ...] = ()
    limit: int | None = None


@dataclass(frozen=True)
class ReadBack:
    """A definition read back from Plex; `readable` is False when Plex holds rules this API cannot express."""

    definition: SmartDefinition
    readable: bool


class _Unreadable(Exception):
    pass


# -- describing -----------------------------------------------------------------------------------

def sort_fields() -> list[str]:
    """The fields a smart playlist can be sorted by."""
    return [f.name for f in FIELDS.values() if f.sort_key] + [RANDOM_SORT]


def field_catalog() -> list[dict[str, Any]]:
    """Every field with its type, operators and whether it sorts (for rule editors)."""
    return [{"name": f.name, "type": f.kind, "description": f.description, "operators": list(OPERATORS[f.kind]),
             "sortable": f.sort_key is not None, "unit": f.unit} for f in FIELDS.values()]


# -- validating input -----------------------------------------------------------------------------

def _names(options: Sequence[str]) -> str:
    return ", ".join(options)


def parse_rules(raw: Any, where: str = "rules") -> tuple[Rule, ...]:
    """Validate a list of `{"field", "operator", "value"}` (422 naming the rule and what is allowed)."""
    if not isinstance(raw, list):
        raise Unprocessable(f"{where} must be a list of rules.", field=where)
    if len(raw) > MAX_RULES:
        raise Unprocessable(f"{where} may hold at most {MAX_RULES} rules.", field=where)
    return tuple(parse_rule(item, f"{where}.{i}") for i, item in enumerate(raw))


def parse_rule(raw: Any, where: str) -> Rule:
    """Validate one rule."""
    if not isinstance(raw, Mapping):
        raise Unprocessable(f"{where} must be an object with field, operator and value.", field=where)
    name = raw.get("field")
    spec = FIELDS.get(name) if isinstance(name, str) else None
    if spec is None or not isinstance(name, str):
        raise Unprocessable(f"{where}.field: unknown field {name!r}; use one of: {_names(list(FIELDS))}.",
                            field=f"{where}.field")
    operator = raw.get("operator")
    allowed = OPERATORS[spec.kind]
    if not isinstance(operator, str) or operator not in allowed:
        raise Unprocessable(
            f"{where}.operator: {operator!r} is not an operator for {spec.kind} field {name!r}; "
            f"use one of: {_names(list(allowed))}.", field=f"{where}.operator")
    if "value" not in raw:
        raise Unprocessable(f"{where}.value is required.", field=f"{where}.value")
    value = raw["value"]
    if spec.kind in ("string", "tag"):
        return Rule(name, operator, _text_value(value, spec, f"{where}.value"))
    if spec.kind == "number":
        return Rule(name, operator, _number_value(value, spec, f"{where}.value"))
    return _date_rule(name, operator, value, f"{where}.value")


def _text_value(value: Any, spec: FieldSpec, where: str) -> str | list[str]:
    values = value if isinstance(value, list) else [value]
    if not values or len(values) > MAX_VALUES:
        raise Unprocessable(f"{where}: give 1 to {MAX_VALUES} values.", field=where)
    for item in values:
        if not isinstance(item, str):
            raise Unprocessable(f"{where}: {spec.name} takes text (or a list of texts), not {_json_type(item)}.",
                                field=where)
        if not item.strip() or len(item) > MAX_TEXT:
            raise Unprocessable(f"{where}: a {spec.name} value must be 1 to {MAX_TEXT} characters.", field=where)
        if has_control_characters(item):
            raise Unprocessable(f"{where}: a {spec.name} value cannot hold control characters.", field=where)
        if spec.kind == "tag":
            continue  # tags travel as Plex tag ids, so their names may hold anything
        if item.startswith("="):
            # On the wire `title==x` means "is x": a value starting with "=" would change the operator.
            raise Unprocessable(f"{where}: a {spec.name} value cannot start with '='.", field=where)
        if "," in item:
            # Plex's filter language reads "," as "or" between values; it cannot be part of one value.
            raise Unprocessable(f"{where}: {item!r} contains a comma, which Plex reads as 'or' between values; "
                                "give alternatives as a list, and for a name with a comma use contains with "
                                "a part of it.", field=where)
    return values[0] if len(values) == 1 else list(values)


def has_control_characters(text: str) -> bool:
    """True if `text` holds characters XML (and so Plex) cannot carry, such as tabs, newlines or NUL."""
    return any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _tidy_number(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def _number_value(value: Any, spec: FieldSpec, where: str) -> int | float:
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or (isinstance(value, float) and not math.isfinite(value))):
        raise Unprocessable(f"{where}: {spec.name} takes a number, not {_json_type(value)}.", field=where)
    low, high = spec.minimum, spec.maximum
    if not low <= value <= high:
        raise Unprocessable(f"{where}: {spec.name} must be from {_tidy_number(low)} to {_tidy_number(high)}, "
                            f"not {value!r}.", field=where)
    if spec.integer and not float(value).is_integer():
        raise Unprocessable(f"{where}: {spec.name} takes a whole number, not {value!r}.", field=where)
    # Three decimals: whole milliseconds for durations, and plexapi writes every value it sends with a "."
    return _tidy_number(value if spec.integer else round(value, 3))


def _date_rule(name: str, operator: str, value: Any, where: str) -> Rule:
    text = value.strip().lower() if isinstance(value, str) else None
    relative = _RELATIVE.fullmatch(text) if text else None
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        if amount == 0:
            raise Unprocessable(f"{where}: a relative time must be at least 1 {unit}.", field=where)
        # "after 30d" is "in the last 30 days": one spelling, so a rule reads back the way it was stored.
        return Rule(name, _RELATIVE_OF.get(operator, operator), f"{amount}{'m' if unit == 'mon' else unit}")
    if operator in ("in_last", "not_in_last"):
        raise Unprocessable(f"{where}: {operator} takes a relative time like '30d', '2w', '6m' or '1y' "
                            f"(units: {_names(list(_UNIT_TO_PLEX))}), not {value!r}.", field=where)
    moment = _absolute_time(value) if isinstance(value, str) else None
    if moment is None:
        raise Unprocessable(f"{where}: {name} takes a date 'YYYY-MM-DD', a UTC time 'YYYY-MM-DDTHH:MM:SSZ' or a "
                            f"relative time like '30d', not {value!r}.", field=where)
    return Rule(name, operator, format_time(int(moment.timestamp())))


def _absolute_time(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if not 1970 <= moment.astimezone(dt.UTC).year <= 9998:
        return None
    return moment


def format_time(epoch: int) -> str:
    """`YYYY-MM-DD` for a UTC midnight, else `YYYY-MM-DDTHH:MM:SSZ`."""
    moment = dt.datetime.fromtimestamp(epoch, dt.UTC)
    if epoch % 86_400 == 0:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_sort(raw: Any, where: str = "sort") -> tuple[SortSpec, ...]:
    """`"userRating:desc"`, `"artist,album"`, `{"field", "direction"}` or a list of those; null for none."""
    if raw is None:
        return ()
    if isinstance(raw, str):
        items: list[Any] = [part for part in raw.split(",") if part.strip()] or [raw]
        if len(items) > MAX_SORTS:
            raise Unprocessable(f"{where}: at most {MAX_SORTS} sort keys.", field=where)
        return tuple(_sort_item(item, where) for item in items)
    if isinstance(raw, Mapping):
        return (_sort_item(raw, where),)
    if isinstance(raw, list):
        if len(raw) > MAX_SORTS:
            raise Unprocessable(f"{where}: at most {MAX_SORTS} sort keys.", field=where)
        return tuple(_sort_item(item, f"{where}.{i}") for i, item in enumerate(raw))
    raise Unprocessable(f"{where} must be 'field:direction', an object {{field, direction}} or a list of them.",
                        field=where)


def _sort_item(raw: Any, where: str) -> SortSpec:
    name: object
    direction: object
    if isinstance(raw, str):
        name, _, direction = raw.strip().partition(":")
        name_at, direction_at = where, where
    elif isinstance(raw, Mapping):
        extra = set(raw) - {"field", "direction"}
        if extra:
            raise Unprocessable(f"{where}: unknown key {min(extra)!r}; a sort has field and direction.",
                                field=where)
        name, direction = raw.get("field"), raw.get("direction") or ""
        name_at, direction_at = f"{where}.field", f"{where}.direction"
    else:
        raise Unprocessable(f"{where} must be 'field:direction' or an object {{field, direction}}.", field=where)
    allowed = sort_fields()
    if not isinstance(name, str) or name not in allowed:
        raise Unprocessable(f"{name_at}: cannot sort by {name!r}; use one of: {_names(allowed)}.", field=name_at)
    if not isinstance(direction, str) or direction not in ("", *DIRECTIONS):
        raise Unprocessable(f"{direction_at}: sort direction must be asc or desc, not {direction!r}.",
                            field=direction_at)
    spec = FIELDS.get(name)
    return SortSpec(name, direction or (spec.default_direction if spec else "asc"))


# -- to Plex ------------------------------------------------------------------------------------

def plex_relative(value: str) -> str:
    """`6m` (our months) → `6mon` (Plex's)."""
    found = _RELATIVE.fullmatch(value)
    assert found is not None
    return f"{found.group(1)}{_UNIT_TO_PLEX[found.group(2)]}"


def _plex_value(rule: Rule, spec: FieldSpec, tags: Mapping[int, list[Any]], index: int) -> Any:
    if spec.kind == "tag":
        return tags[index]
    if spec.kind == "number":
        return round(rule.value * spec.plex_scale) if spec.plex_scale != 1 else rule.value
    if spec.kind == "date":
        if rule.operator in ("in_last", "not_in_last"):
            return plex_relative(rule.value)
        return _absolute_time(rule.value)
    return rule.value


def _clause(rule: Rule, value: Any) -> dict[str, Any]:
    spec = FIELDS[rule.field]
    key = spec.plex_key + OPERATORS[spec.kind][rule.operator]
    if rule.operator in _RANGE:
        return {"or": [{key: value}, {spec.plex_key: value}]}
    return {key: value}


def to_plex_filters(definition: SmartDefinition, tags: Mapping[int, list[Any]]) -> dict[str, Any] | None:
    """plexapi's filters dict for the rules; `tags[i]` holds the Plex tag choices of tag rule i."""
    clauses = [_clause(rule, _plex_value(rule, FIELDS[rule.field], tags, i))
               for i, rule in enumerate(definition.rules)]
    if not clauses:
        return None
    if len(clauses) == 1:
        return clauses[0]
    return {"or" if definition.match == "any" else "and": clauses}


def to_plex_sort(sort: Sequence[SortSpec]) -> tuple[str, ...]:
    """plexapi's sort strings, e.g. `track.userRating:desc`."""
    return tuple(f"{FIELDS[s.field].sort_key if s.field in FIELDS else RANDOM_SORT_KEY}:{s.direction}"
                 for s in sort)


# -- from Plex ----------------------------------------------------------------------------------

def read_back(raw: Mapping[str, Any] | None, tag_names: Callable[[str], Mapping[str, str]]) -> ReadBack:
    """The definition of plexapi's `filters()` dict; `tag_names(plex_key)` maps tag ids to names."""
    if raw is None:
        return ReadBack(SmartDefinition(()), False)
    limit = raw.get("limit")
    limit = limit if isinstance(limit, int) and limit > 0 else None
    try:
        if raw.get("libtype", "track") != "track":
            raise _Unreadable
        rules, match = _read_filters(raw.get("filters"), tag_names)
        sort = tuple(_read_sort(item) for item in raw.get("sort") or ())
    except _Unreadable:
        return ReadBack(SmartDefinition((), "all", (), limit), False)
    return ReadBack(SmartDefinition(tuple(rules), match, sort, limit), True)


def _read_filters(node: Any, tag_names: Callable[[str], Mapping[str, str]]) -> tuple[list[Rule], str]:
    if node is None:
        return [], "all"
    single_range = _range_rule(node, tag_names)
    if single_range is not None:
        return [single_range], "all"
    if isinstance(node, Mapping) and len(node) == 1 and next(iter(node)) in ("and", "or"):
        join, members = next(iter(node.items()))
        rules = []
        for member in members:
            rule = _range_rule(member, tag_names) or _simple_rule(member, tag_names)
            rules.append(rule)
        return rules, "any" if join == "or" else "all"
    return [_simple_rule(node, tag_names)], "all"


def _range_rule(node: Any, tag_names: Callable[[str], Mapping[str, str]]) -> Rule | None:
    """`(> v or = v)` read back as `>= v` (and `<` likewise)."""
    if not (isinstance(node, Mapping) and list(node) == ["or"] and isinstance(node["or"], list)
            and len(node["or"]) == 2):
        return None
    try:
        first, second = (_simple_rule(member, tag_names) for member in node["or"])
    except _Unreadable:
        return None
    if (FIELDS[first.field].kind == "number" and first.operator in (">", "<") and second.operator == "="
            and first.field == second.field and first.value == second.value):
        return Rule(first.field, first.operator + "=", first.value)
    return None


def _resolve(prefix: str | None, name: str) -> FieldSpec:
    keys = [f"{prefix}.{name}"] if prefix else [f"{level}.{name}" for level in _LEVELS]
    for key in keys:
        for spec in FIELDS.values():
            if spec.plex_key == key:
                return spec
    raise _Unreadable


def _simple_rule(node: Any, tag_names: Callable[[str], Mapping[str, str]]) -> Rule:
    if not isinstance(node, Mapping) or len(node) != 1:
        raise _Unreadable
    key, raw = next(iter(node.items()))
    found = _FILTER_KEY.fullmatch(key) if isinstance(key, str) else None
    if not found or not isinstance(raw, str):
        raise _Unreadable
    prefix, name, suffix = found.groups()
    spec = _resolve(prefix, name)
    operator = _READ_OPERATORS[spec.kind].get(suffix)
    if operator is None:
        raise _Unreadable
    values = raw.split(",")
    if spec.kind == "string":
        return Rule(spec.name, operator, values[0] if len(values) == 1 else values)
    if spec.kind == "tag":
        names = tag_names(spec.plex_key)
        named = [names.get(v, v) for v in values]
        return Rule(spec.name, operator, named[0] if len(named) == 1 else named)
    if len(values) != 1:
        raise _Unreadable
    if spec.kind == "number":
        try:
            number = float(raw)
        except ValueError:
            raise _Unreadable from None
        return Rule(spec.name, operator, _tidy_number(number / spec.plex_scale))
    return _read_date(spec, operator, raw)


def _read_date(spec: FieldSpec, operator: str, raw: str) -> Rule:
    relative = _PLEX_RELATIVE.fullmatch(raw)
    if relative:
        unit = _UNIT_FROM_PLEX[relative.group(2)]
        return Rule(spec.name, _RELATIVE_OF[operator], f"{int(relative.group(1))}{unit}")
    if re.fullmatch(r"-?\d+", raw):
        return Rule(spec.name, operator, format_time(int(raw)))
    moment = _absolute_time(raw)
    if moment is None:
        raise _Unreadable
    return Rule(spec.name, operator, format_time(int(moment.timestamp())))


def _read_sort(item: Any) -> SortSpec:
    if not isinstance(item, str):
        raise _Unreadable
    key, _, direction = item.strip().partition(":")
    if direction not in ("", *DIRECTIONS):
        raise _Unreadable
    prefix, _, bare = key.rpartition(".")
    candidates = [key] if prefix else [f"{level}.{bare}" for level in _LEVELS]
    for candidate in candidates:
        if candidate == RANDOM_SORT_KEY:
            return SortSpec(RANDOM_SORT, direction or "asc")
        for spec in FIELDS.values():
            if spec.sort_key == candidate or (candidate == "track.title" and spec.name == "title"):
                return SortSpec(spec.name, direction or "asc")
    raise _Unreadable
