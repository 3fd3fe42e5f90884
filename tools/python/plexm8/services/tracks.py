"""Naming tracks: `/library/metadata/<ratingKey>` keys and bare ratingKeys."""
from __future__ import annotations

from ..errors import Unprocessable

KEY_PREFIX = "/library/metadata/"


def parse_track_key(value: str | int, field: str = "track_key") -> int:
    """A ratingKey from `/library/metadata/<key>` or a bare key, or a 422 naming `field`."""
    text = str(value).strip()
    if text.startswith(KEY_PREFIX):
        text = text[len(KEY_PREFIX):]
    if not text.isdigit() or not 0 < int(text) < 2**62:
        raise Unprocessable(f"{field} must be /library/metadata/<ratingKey> or a ratingKey, got {value!r}.",
                            field=field)
    return int(text)


def track_key(rating_key: int | str | None) -> str | None:
    """The `/library/metadata/<ratingKey>` form of a key."""
    return None if rating_key is None else f"{KEY_PREFIX}{rating_key}"
