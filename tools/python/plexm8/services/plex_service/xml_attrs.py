"""Reading numbers from Plex XML attributes: missing or malformed values are None."""
from __future__ import annotations


def attr_int(value: str | None) -> int | None:
    """An integer attribute, or None."""
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def attr_float(value: str | None) -> float | None:
    """A decimal attribute (such as userRating), or None."""
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None
