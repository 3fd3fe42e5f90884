"""iTunes / Apple Music and MusicBee library XML (the iTunes plist format): 50,000 tracks in about a second.

Only the `Tracks` dictionary is read. The fast path scans the memory-mapped file with regular expressions,
which is exact for the plain, machine-written plists these players export; anything it does not expect
(another encoding, nested values, a truncated file) goes to the slow path, a streamed ElementTree parse
that stops at `Playlists` and reports malformed XML. `Rating` is 0–100 (20 per star,
MusicBee writes 10-steps for half stars); `Rating Computed` marks a rating derived from the album's and
is skipped, as are entries without a rating or rated 0 (the XML cannot tell "unrated" from "cleared").
"""
from __future__ import annotations

import html
import io
import mmap
import re
import xml.etree.ElementTree as ET
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from plexm8.errors import BadRequest
from plexm8.services.ratings.importer.scales import from_percent
from plexm8.services.ratings.importer.types import RatingEntry, SourceRatings

WANTED = frozenset({
    "Track ID", "Name", "Artist", "Album Artist", "Album", "Total Time", "Rating", "Rating Computed",
    "Location", "Podcast", "Movie", "TV Show", "Music Video", "Has Video",
})
NOT_MUSIC = ("Podcast", "Movie", "TV Show", "Music Video", "Has Video")
_DRIVE = re.compile(r"^/[A-Za-z]:")
_HEAD_BYTES = 65536


def file_url_to_path(location: str) -> str:
    """`file:///Users/me/x.m4a` → `/Users/me/x.m4a`; `file://localhost/C:/x.mp3` → `C:/x.mp3`; UNC kept."""
    if not location.lower().startswith("file:"):
        return location
    parts = urlsplit(location)
    path = unquote(parts.path)
    if parts.netloc and parts.netloc.lower() != "localhost":
        return f"//{parts.netloc}{path}"
    return path[1:] if _DRIVE.match(path) else path


def _value(element: ET.Element) -> Any:
    tag = element.tag
    if tag == "integer":
        try:
            return int(element.text or "")
        except ValueError:
            return None
    if tag == "true":
        return True
    if tag == "false":
        return False
    if tag == "real":
        try:
            return float(element.text or "")
        except ValueError:
            return None
    return element.text or ""


def _track_fields(element: ET.Element) -> dict[str, Any] | None:
    """The wanted fields of a track dictionary, or None when `element` is another dictionary."""
    children = list(element)
    if not children:
        return None
    if children[0].text != "Track ID" and not any(key.text == "Track ID" for key in children[0::2]):
        return None
    fields: dict[str, Any] = {}
    for index in range(0, len(children) - 1, 2):
        name = children[index].text
        if name in WANTED:
            fields[name] = _value(children[index + 1])
    return fields


def _entry(fields: dict[str, Any], result: SourceRatings) -> RatingEntry | None:
    if any(fields.get(flag) is True for flag in NOT_MUSIC) or fields.get("Rating Computed") is True:
        return None
    raw = fields.get("Rating")
    if not isinstance(raw, (int, float)) or raw == 0:
        return None
    try:
        rating = from_percent(raw)
    except ValueError as exc:
        result.warn(f"Track ID {fields.get('Track ID')}: Rating {exc}; skipped.")
        return None
    if rating is None:
        return None
    location = fields.get("Location")
    duration = fields.get("Total Time")
    return RatingEntry(
        source_id=str(fields.get("Track ID")),
        rating=rating,
        title=str(fields.get("Name") or ""),
        artist=str(fields.get("Artist") or fields.get("Album Artist") or ""),
        album=str(fields.get("Album") or ""),
        path=file_url_to_path(location) if isinstance(location, str) and location else None,
        duration_ms=duration if isinstance(duration, int) and duration > 0 else None,
    )


_TRACKS_START = re.compile(rb"<key>Tracks</key>\s*<dict>")
_TRACK_HEAD = re.compile(rb"\s*<key>[^<]*</key>\s*<dict>")
_TRACKS_END = re.compile(rb"\s*</dict>")
_PAIR = re.compile(rb"<key>([^<]*)</key>\s*(?:<(integer|string|date|real|data)>([^<]*)</\2>|<(true|false|string)/>)")
_NOT_UTF8 = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding=[\"'](?!utf-8[\"'])", re.IGNORECASE)
_WANTED_BYTES = {name.encode(): name for name in WANTED}
_SKIP_FLAGS = tuple(flag.encode() for flag in (*NOT_MUSIC, "Rating Computed"))
_NO_VALUE = (b"", b"", b"")


class _NotPlain(Exception):
    """The fast path met something it does not handle; the slow path will."""


def _fast_value(tag: bytes, text: bytes, flag: bytes) -> Any:
    if flag:
        return {b"true": True, b"false": False}.get(flag, "")
    if tag == b"integer":
        try:
            return int(text)
        except ValueError:
            raise _NotPlain from None
    if tag == b"real":
        try:
            return float(text)
        except ValueError:
            raise _NotPlain from None
    try:
        value = text.decode("utf-8")
    except UnicodeDecodeError:
        raise _NotPlain from None
    return html.unescape(value) if "&" in value else value


def _parse_fast(data: Any, result: SourceRatings) -> None:
    if _NOT_UTF8.match(data[:200]):
        raise _NotPlain
    start = _TRACKS_START.search(data)
    if start is None:
        raise _NotPlain
    position = start.end()
    while (head := _TRACK_HEAD.match(data, position)) is not None:
        end = data.find(b"</dict>", head.end())
        if end < 0:
            raise _NotPlain
        body = data[head.end():end]
        position = end + len(b"</dict>")
        pairs = _PAIR.findall(body)
        if len(pairs) != body.count(b"<key>") or b"<dict" in body or b"<array" in body:
            raise _NotPlain
        raw = {key: (tag, text, flag) for key, tag, text, flag in pairs if key in _WANTED_BYTES}
        if b"Track ID" not in raw:
            raise _NotPlain
        rating = raw.get(b"Rating", _NO_VALUE)
        if rating[1] in (b"", b"0") or any(raw.get(flag, _NO_VALUE)[2] == b"true" for flag in _SKIP_FLAGS):
            result.read += 1  # unrated or not importable: no need to decode the rest
            result.skipped += 1
            continue
        _add({_WANTED_BYTES[key]: _fast_value(*value) for key, value in raw.items()}, result)
    if _TRACKS_END.match(data, position) is None:
        raise _NotPlain


def _add(fields: dict[str, Any], result: SourceRatings) -> None:
    result.read += 1
    entry = _entry(fields, result)
    if entry is None:
        result.skipped += 1
    else:
        result.entries.append(entry)


def _refuse_entities(stream: IO[bytes]) -> None:
    head = stream.read(_HEAD_BYTES)
    stream.seek(0)
    if b"<!ENTITY" in head:
        raise BadRequest("The library XML declares entities; that is not an iTunes or MusicBee export.")


def _parse_events(stream: IO[bytes], result: SourceRatings) -> None:
    depth = 0  # of nested <dict>s
    tracks_depth = 0  # the Tracks dictionary's, once its key was seen
    seen_tracks = False
    try:
        for event, element in ET.iterparse(stream, events=("start", "end")):
            tag = element.tag
            if event == "start":
                depth += tag == "dict"
                continue
            if tag == "dict":
                if tracks_depth and depth == tracks_depth + 1:
                    fields = _track_fields(element)
                    if fields is not None:
                        _add(fields, result)
                    element.clear()
                elif tracks_depth and depth == tracks_depth:
                    tracks_depth = 0  # the Tracks dictionary has ended
                depth -= 1
            elif tag == "key":
                if element.text == "Tracks" and not seen_tracks:
                    seen_tracks, tracks_depth = True, depth + 1
                elif element.text == "Playlists" and seen_tracks and not tracks_depth:
                    break  # the tracks are all read; playlists are not needed
    except ET.ParseError as exc:
        raise BadRequest(
            f"The library XML is malformed ({exc}). Export it again: iTunes/Music File > Library > Export "
            "Library…, or MusicBee's iTunes XML export."
        ) from None
    if not seen_tracks:
        raise BadRequest(
            "This XML has no Tracks dictionary, so it is not an iTunes/Apple Music or MusicBee library export."
        )


def _contents(stream: IO[bytes]) -> Any:
    """The stream's bytes without copying a file into memory (mmap), or the buffer of an in-memory stream."""
    if isinstance(stream, io.BytesIO):
        return stream.getvalue()
    try:
        return mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError, io.UnsupportedOperation):  # empty files cannot be mapped
        return stream.read()


def parse_library_xml(stream: IO[bytes], source: str) -> SourceRatings:
    """The rated tracks of an iTunes/MusicBee library XML read from a seekable binary stream."""
    _refuse_entities(stream)
    result = SourceRatings(source)
    data = _contents(stream)
    try:
        _parse_fast(data, result)
        return result
    except _NotPlain:
        result = SourceRatings(source)
    finally:
        if isinstance(data, mmap.mmap):
            data.close()
    stream.seek(0)
    _parse_events(stream, result)
    return result
