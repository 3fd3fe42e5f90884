"""Naming tracks: `/library/metadata/<ratingKey>` keys and bare ratingKeys."""
from __future__ import annotations

import re

from plexm8.errors import Unprocessable

KEY_PREFIX = "/library/metadata/"
_RATING_KEY = re.compile(r"[1-9][0-9]{0,18}")  # ASCII digits only, bounded so a huge key is a 422, not an overflow


def parse_track_key(value: str | int, field: str = "track_key") -> int:
    """A ratingKey from `/library/metadata/<key>` or a bare key, or a 422 naming `field`."""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(KEY_PREFIX):
        text = text[len(KEY_PREFIX):]
    if isinstance(value, bool) or not _RATING_KEY.fullmatch(text) or not int(text) < 2**62:
        raise Unprocessable(f"{field} must be /library/metadata/<ratingKey> or a ratingKey, got {value!r}.",
                            field=field)
    return int(text)


def track_key(rating_key: int | str | None) -> str | None:
    """The `/library/metadata/<ratingKey>` form of a key."""
    return None if rating_key is None else f"{KEY_PREFIX}{rating_key}"
