"""Small converters shared by the platform parsers."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def clean_names(values: Iterable[Any] | None, *, exclude: str = "") -> tuple[str, ...]:
    """Non-empty stripped strings from ``values``, first occurrence kept, ``exclude`` (case-insensitive) left out."""
    seen = {exclude.strip().casefold()} if exclude else set()
    names: list[str] = []
    for value in values or ():
        if not isinstance(value, str):
            continue
        name = value.strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return tuple(names)


def seconds_to_ms(value: Any) -> int | None:
    """A duration in (possibly fractional or string) seconds as whole milliseconds; None if unknown or <= 0."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return round(seconds * 1000) if seconds > 0 else None


def as_ms(value: Any) -> int | None:
    """A duration already in milliseconds as an int; None if unknown or <= 0."""
    try:
        ms = int(float(value))
    except (TypeError, ValueError):
        return None
    return ms if ms > 0 else None


def artists_with_aliases(
    entries: Iterable[Any], name_key: str, alias_keys: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Artist names and, aligned with them, each artist's other names (aliases, translations)."""
    names: list[str] = []
    aliases: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for entry in entries or ():
        if not isinstance(entry, dict):
            continue
        name = entry.get(name_key)
        if not isinstance(name, str) or not name.strip() or name.strip().casefold() in seen:
            continue
        seen.add(name.strip().casefold())
        others: list[Any] = []
        for key in alias_keys:
            value = entry.get(key)
            others.extend(value if isinstance(value, list) else [value])
        names.append(name.strip())
        aliases.append(clean_names(others, exclude=name))
    return tuple(names), (tuple(aliases) if any(aliases) else ())
