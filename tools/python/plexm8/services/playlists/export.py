"""Writing a playlist to a file: M3U8 (with the files' paths), CSV and JSON."""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Sequence

from plexm8.services.plex_service.playlists import PlaylistInfo, PlaylistItem
from plexm8.services.tracks import track_key

FORMATS = ("m3u8", "csv", "json")
CONTENT_TYPES = {"m3u8": "audio/x-mpegurl", "csv": "text/csv", "json": "application/json"}
CSV_COLUMNS = ("position", "title", "artist", "album", "duration_ms", "file_path", "track_key", "rating")
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"[\r\n]+")


@dataclass(frozen=True)
class ExportFile:
    """A file to download: its name, content type and bytes."""

    filename: str
    content_type: str
    data: bytes


def safe_filename(title: str, extension: str) -> str:
    """A file name made from a playlist title that is safe on Windows, macOS and Linux."""
    name = _UNSAFE_IN_NAME.sub("_", unicodedata.normalize("NFC", title)).strip(" ._")[:120].strip(" ._")
    if not name or _WINDOWS_RESERVED.match(name):
        name = f"playlist {name}".strip()
    return f"{name}.{extension}"


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip()


def to_m3u8(title: str, items: Sequence[PlaylistItem]) -> bytes:
    """An extended M3U in UTF-8: `#PLAYLIST:`, then `#EXTINF:<secs>,<artist> - <title>` and the file path."""
    lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(title)}"]
    for item in items:
        display = " - ".join(p for p in (_one_line(item.artist), _one_line(item.title)) if p)
        if not item.file_path:  # Plex knows no file for it: keep the entry visible but out of the players' way
            lines.append(f"# no file in Plex: {display} ({track_key(item.rating_key)})")
            continue
        seconds = round(item.duration_ms / 1000) if item.duration_ms else -1
        lines += [f"#EXTINF:{seconds},{display}", _one_line(item.file_path)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _rating(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def to_csv(items: Sequence[PlaylistItem]) -> bytes:
    """A CSV with a header row; UTF-8 with a byte-order mark so spreadsheet programs read any script right."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for position, item in enumerate(items, start=1):
        writer.writerow((position, item.title, item.artist, item.album,
                         "" if item.duration_ms is None else item.duration_ms, item.file_path or "",
                         track_key(item.rating_key), _rating(item.user_rating)))
    return out.getvalue().encode("utf-8-sig")


def to_json(playlist: dict[str, Any], items: Sequence[PlaylistItem]) -> bytes:
    """The playlist's metadata and every entry, in order."""
    document = {
        "exported_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "playlist": playlist,
        "tracks": [
            {"position": position, "key": track_key(item.rating_key), "ratingKey": str(item.rating_key),
             "playlistItemID": item.playlist_item_id, "title": item.title, "artist": item.artist,
             "album": item.album, "duration": item.duration_ms, "userRating": item.user_rating,
             "file_path": item.file_path}
            for position, item in enumerate(items, start=1)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def playlist_metadata(info: PlaylistInfo) -> dict[str, Any]:
    """The playlist as the JSON export describes it (the API's fields: Plex's names, smart as 0/1)."""
    return {
        "ratingKey": str(info.rating_key),
        "key": f"/playlists/{info.rating_key}",
        "title": info.title,
        "type": "audio",
        "smart": int(info.smart),
        "summary": info.summary,
        "leafCount": info.leaf_count,
        "duration": info.duration_ms,
        "thumb": info.thumb,
        "addedAt": info.added_at,
        "updatedAt": info.updated_at,
    }


def export_file(info: PlaylistInfo, items: Sequence[PlaylistItem], fmt: str) -> ExportFile:
    """The playlist as a file of format `fmt` (m3u8, csv or json)."""
    playlist = playlist_metadata(info)
    if fmt == "m3u8":
        data = to_m3u8(playlist["title"], items)
    elif fmt == "csv":
        data = to_csv(items)
    elif fmt == "json":
        data = to_json(playlist, items)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return ExportFile(safe_filename(playlist["title"], fmt), CONTENT_TYPES[fmt], data)
