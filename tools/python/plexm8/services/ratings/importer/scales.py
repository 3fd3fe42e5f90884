"""Rating scales of desktop players and tags, converted to Plex's 0–10 (stars × 2), rounded to 0.5.

None means "no rating" (unrated, or 0 where 0 means unrated); a ValueError means the value is not on
the scale at all.
"""
from __future__ import annotations

import math

PLEX_MAX = 10.0

# ID3 POPM rating bytes → Plex 0–10. Whole stars are the Windows Media Player bytes (1, 64, 128, 196, 255),
# which MusicBee, MediaMonkey, foobar2000 and Windows Explorer share; half stars are the bytes MusicBee and
# MediaMonkey write (13, 54, 118, 186, 242).
POPM_BYTES: dict[int, float] = {
    1: 2.0, 64: 4.0, 128: 6.0, 196: 8.0, 255: 10.0,
    13: 1.0, 54: 3.0, 118: 5.0, 186: 7.0, 242: 9.0,
}


def round_plex(value: float) -> float | None:
    """A 0–10 value rounded to the nearest 0.5 (half up); None when it rounds to nothing."""
    rounded = math.floor(value * 2 + 0.5) / 2
    return min(rounded, PLEX_MAX) if rounded > 0 else None


def from_percent(value: float) -> float | None:
    """iTunes / MusicBee `Rating` 0–100 (20 per star, 10 for a half star) → Plex 0–10."""
    if not 0 <= value <= 100:
        raise ValueError(f"{value:g} is not 0–100")
    return round_plex(value / 10)


def from_stars(value: float) -> float | None:
    """Stars 0–5 (foobar2000 %rating%, halves allowed) → Plex 0–10."""
    if not 0 <= value <= 5:
        raise ValueError(f"{value:g} is not 0–5 stars")
    return round_plex(value * 2)


def from_fraction(value: float) -> float | None:
    """FMPS_RATING 0.0–1.0 → Plex 0–10."""
    if not 0 <= value <= 1:
        raise ValueError(f"{value:g} is not 0.0–1.0")
    return round_plex(value * 10)


def from_popm(byte: int) -> float | None:
    """An ID3 POPM rating byte → Plex 0–10: the table above, else linear (byte / 255 × 10) for other taggers."""
    if not 0 <= byte <= 255:
        raise ValueError(f"{byte} is not a POPM byte")
    if byte == 0:
        return None
    if byte in POPM_BYTES:
        return POPM_BYTES[byte]
    return round_plex(byte / 255 * PLEX_MAX) or 0.5


def from_text(text: str) -> float | None:
    """A RATING text tag: "0.8" (a fraction below 1) as FMPS, 1–5 as stars, above 5 up to 100 as percent."""
    cleaned = text.strip()
    if "/" in cleaned:  # "4/5"
        numerator, _, denominator = cleaned.partition("/")
        return from_fraction(float(numerator) / float(denominator))
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(f"{cleaned} is not a rating")
    if value <= 0:
        return None
    if value < 1 and "." in cleaned:
        return from_fraction(value)
    if value <= 5:
        return from_stars(value)
    return from_percent(value)
