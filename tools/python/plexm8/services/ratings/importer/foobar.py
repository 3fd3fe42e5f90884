"""foobar2000 exports: one line per track, tab, comma or semicolon separated (docs/ratings-import.md).

With a header row, columns are found by name (case-insensitive, with or without %…%); without one the
order is artist, title, album, path, rating. Ratings are stars 1–5 (halves allowed); empty, "?" and 0
are unrated and skipped.
"""
from __future__ import annotations

import csv
import io
import re

from plexm8.errors import BadRequest
from plexm8.services.providers.files import decode_text
from plexm8.services.ratings.importer.scales import from_stars
from plexm8.services.ratings.importer.types import RatingEntry, SourceRatings

COLUMNS: dict[str, tuple[str, ...]] = {
    "artist": ("artist", "track artist", "artist name"),
    "album_artist": ("album artist",),
    "title": ("title", "track title", "name", "track name"),
    "album": ("album", "album title"),
    "path": ("path", "file", "file path", "filename", "location", "_path", "_path_raw", "path_raw"),
    "rating": ("rating", "stars", "playback statistics rating"),
    "length": ("length", "duration", "length_seconds", "_length", "_length_seconds"),
}
DEFAULT_ORDER = ("artist", "title", "album", "path", "rating")
UNRATED = ("", "?", "0", "-")


def _name(cell: str) -> str:
    return cell.strip().removeprefix("\ufeff").strip("%").strip().casefold()


def _delimiter(line: str) -> str:
    outside_quotes = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside_quotes.count(d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else "\t"


def _header(cells: list[str]) -> dict[str, int] | None:
    names = [_name(c) for c in cells]
    found = {key: next((names.index(a) for a in aliases if a in names), None) for key, aliases in COLUMNS.items()}
    if found["rating"] is None or (found["title"] is None and found["path"] is None):
        return None
    return {key: index for key, index in found.items() if index is not None}


def _seconds(text: str) -> int | None:
    """"3:25", "1:02:03" or "205.3" as milliseconds."""
    try:
        if ":" in text:
            seconds = 0.0
            for part in text.split(":"):
                seconds = seconds * 60 + float(part)
        else:
            seconds = float(text)
    except ValueError:
        return None
    return int(seconds * 1000) if seconds > 0 else None


def parse_foobar(data: bytes | str) -> SourceRatings:
    """The rated rows of a foobar2000 export."""
    text = decode_text(data)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise BadRequest("The foobar2000 export is empty.")
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=_delimiter(lines[0]))
    rows = list(reader)
    columns = _header(rows[0])
    first_line = 2
    if columns is None:
        if len(rows[0]) < len(DEFAULT_ORDER):
            raise BadRequest(
                f"Unrecognised foobar2000 export: the first line has {len(rows[0])} column(s). Use a header line "
                "(artist, title, album, path, rating) or those five columns in that order, tab separated."
            )
        columns = {key: index for index, key in enumerate(DEFAULT_ORDER)}
        first_line = 1
        rows_to_read = rows
    else:
        rows_to_read = rows[1:]
    result = SourceRatings("foobar2000")

    def cell(row: list[str], key: str) -> str:
        index = columns.get(key)
        value = row[index].strip() if index is not None and index < len(row) else ""
        return "" if value == "?" else value

    for line_number, row in enumerate(rows_to_read, start=first_line):
        result.read += 1
        raw = cell(row, "rating")
        if raw in UNRATED:
            result.skipped += 1
            continue
        try:
            rating = from_stars(float(raw.replace(",", ".")))
        except ValueError:
            result.skipped += 1
            result.warn(f"line {line_number}: the rating is not 1–5 stars; skipped.")
            continue
        if rating is None:
            result.skipped += 1
            continue
        result.entries.append(RatingEntry(
            source_id=f"line {line_number}",
            rating=rating,
            title=cell(row, "title"),
            artist=cell(row, "artist") or cell(row, "album_artist"),
            album=cell(row, "album"),
            path=cell(row, "path") or None,
            duration_ms=_seconds(cell(row, "length")),
        ))
    return result
