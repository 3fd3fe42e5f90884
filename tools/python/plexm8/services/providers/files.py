"""Playlists from files: M3U/M3U8 from any player, CSV exports from Exportify and TuneMyMusic."""
from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plexm8.errors import BadRequest
from plexm8.services.external import ExternalPlaylist, ExternalTrack
from plexm8.services.local_files import read_regular
from plexm8.services.providers.fields import as_ms, clean_names, seconds_to_ms

MAX_FILE_BYTES = 50 * 1024 * 1024
DEFAULT_NAME = "Imported playlist"

_AUDIO_EXT = re.compile(
    r"\.(?:mp3|flac|m4a|m4b|mp4|aac|ogg|oga|opus|wav|wma|aiff?|alac|ape|wv|mpc|dsf|dff|webm|mka)$", re.I
)
_ANY_EXT = re.compile(r"\.[A-Za-z0-9]{2,4}$")
# Track-number prefixes: "01 - ", "1. ", "01) ", "1-01 " (disc-track), zero-padded "01 " or "01-".
# An unpadded number followed by a space is kept: "99 Luftballons", "7 Years".
_TRACK_NUMBER = re.compile(r"^(?:\d{1,2}-\d{1,3}\s+|\d{1,3}\s*[-–.)_]\s+|0\d{1,2}(?:\s+|[-.]))")
_ARTIST_TITLE = re.compile(r"\s+[-–—]\s+")
_EXTINF = re.compile(r"^\s*(-?\d+(?:\.\d+)?)?(.*)$", re.S)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


# ---------------------------------------------------------------------------- text decoding

def decode_text(data: str | bytes, *, encoding: str | None = None) -> str:
    """Text of a playlist file: BOMs honoured (UTF-8, UTF-16), else UTF-8, else Windows-1252/Latin-1."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except (LookupError, UnicodeDecodeError) as exc:
            raise BadRequest(
                f"The file could not be read as {encoding} ({exc}). Save it as UTF-8 and try again."
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace").removeprefix("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what Windows players write into .m3u
    except UnicodeDecodeError:
        return data.decode("latin-1")


# ---------------------------------------------------------------------------- M3U

def parse_m3u(data: str | bytes, *, name: str | None = None, encoding: str | None = None) -> ExternalPlaylist:
    """Entries of an M3U/M3U8 playlist in order; ``name`` is used when the file has no ``#PLAYLIST:``.

    One ``#EXTALB:``/``#EXTART:`` before the first entry and none later applies to every entry (album
    playlists); otherwise each applies to the entry that follows it. A line is an entry when an ``#EXTINF``
    describes it, it names an audio file or it is a URL; other lines (say, of a text file that is no
    playlist at all) are skipped, so they never reach a response.
    """
    lines = [line.strip() for line in decode_text(data, encoding=encoding).splitlines()]
    lines = [line for line in lines if line]
    defaults = _file_wide_tags(lines)
    playlist_name: str | None = None
    info: tuple[int | None, str] | None = None
    pending: dict[str, str] = {}
    tracks: list[ExternalTrack] = []
    for line in lines:
        if line.startswith("#"):
            tag, _, value = line[1:].partition(":")
            tag = tag.strip().upper()
            if tag == "EXTINF":
                info = _parse_extinf(value)
            elif tag == "PLAYLIST" and value.strip():
                playlist_name = value.strip()
            elif tag in ("EXTALB", "EXTART") and tag not in defaults:
                pending[tag] = value.strip()
            continue
        if info is not None or _AUDIO_EXT.search(line) or _URL.match(line):
            tracks.append(_m3u_entry(line, info, {**defaults, **pending}, len(tracks)))
        info, pending = None, {}
    final_name = playlist_name or name or DEFAULT_NAME
    return ExternalPlaylist(provider="m3u", playlist_id=name or final_name, name=final_name, tracks=tracks)


def _file_wide_tags(lines: list[str]) -> dict[str, str]:
    first_entry = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    defaults: dict[str, str] = {}
    for tag in ("EXTALB", "EXTART"):
        where = [i for i, line in enumerate(lines) if line.upper().startswith(f"#{tag}:")]
        if len(where) == 1 and where[0] < first_entry:
            defaults[tag] = lines[where[0]].split(":", 1)[1].strip()
    return defaults


def _parse_extinf(value: str) -> tuple[int | None, str]:
    """``(duration_ms, display)`` from ``#EXTINF:<secs> [key="value" …],<display>``."""
    match = _EXTINF.match(value)
    seconds, rest = (match.group(1), match.group(2)) if match else (None, value)
    display = ""
    in_quotes = False
    for i, char in enumerate(rest):  # the display starts after the first comma outside attribute quotes
        if char == '"':
            in_quotes = not in_quotes
        elif char == "," and not in_quotes:
            display = rest[i + 1:]
            break
    return seconds_to_ms(seconds), display.strip()


def _m3u_entry(line: str, info: tuple[int | None, str] | None, tags: dict[str, str], position: int) -> ExternalTrack:
    file_path = _path_of(line)
    file_artist, file_title = name_from_file(file_path)
    duration_ms, display = info if info else (None, "")
    artist, title = split_artist_title(display) if display else (None, "")
    if not title:
        artist, title = file_artist, file_title
    elif artist is None and file_artist and file_title.casefold() == title.casefold():
        artist = file_artist  # "#EXTINF:200,Title" for "Artist - Title.mp3"
    artist = artist or tags.get("EXTART")
    return ExternalTrack(
        external_id=file_path,
        title=title,
        artists=clean_names([artist]),
        album=tags.get("EXTALB", ""),
        duration_ms=duration_ms,
        file_path=file_path,
        position=position,
    )


def _path_of(line: str) -> str:
    """The entry as written, except ``file://`` URLs which become (percent-decoded) local paths."""
    if not line.lower().startswith("file:"):
        return line
    parts = urlsplit(line)
    path = unquote(parts.path)
    if parts.netloc and parts.netloc.lower() != "localhost":
        return f"//{parts.netloc}{path}"  # file://server/share/x.mp3 is a UNC path
    if re.match(r"^/[A-Za-z]:", path):
        path = path[1:]  # file:///C:/Music/x.mp3
    return path


def split_artist_title(text: str) -> tuple[str | None, str]:
    """``("Artist", "Title")`` from ``"Artist - Title"``; ``(None, text)`` when there is no separator."""
    parts = _ARTIST_TITLE.split(text.strip(), maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return parts[0].strip(), parts[1].strip()
    return None, text.strip()


def name_from_file(path: str) -> tuple[str | None, str]:
    """``(artist, title)`` from a file name: ``01 - Artist - Title.mp3``, ``Artist - Title.flac``, ``01 Title``."""
    base = re.split(r"[\\/]", path.rstrip("\\/"))[-1]
    stem = _AUDIO_EXT.sub("", base)
    if stem == base:
        stem = _ANY_EXT.sub("", base)
    if " " not in stem and "_" in stem:
        stem = stem.replace("_", " ")
    stripped = _TRACK_NUMBER.sub("", stem, count=1).strip()
    return split_artist_title(stripped or stem)


# ---------------------------------------------------------------------------- CSV

_CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("track name", "track_name", "track title", "title", "song", "song name", "name"),
    "artist": ("artist name(s)", "artist names", "artist name", "artist(s)", "artists", "artist"),
    "album": ("album name", "album", "album title"),
    "duration_ms": ("duration (ms)", "track duration (ms)", "duration_ms"),
    "duration": ("duration", "duration (s)", "length"),
    "id": ("track uri", "spotify - id", "spotify id", "spotify uri", "uri", "id"),
    "isrc": ("isrc",),
    "playlist": ("playlist name", "playlist"),
    "type": ("type",),
}
# Exportify joins artists with ";" (or "," without a space in older versions); "Tyler, The Creator" stays whole.
_ARTIST_SEPARATOR = re.compile(r";|,(?!\s)")


def parse_csv(data: str | bytes, *, name: str | None = None, encoding: str | None = None) -> ExternalPlaylist:
    """Rows of an Exportify or TuneMyMusic CSV (``,``, ``;`` or tab separated) as a playlist."""
    text = decode_text(data, encoding=encoding)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        raise BadRequest(
            "The CSV file is empty. Export the playlist again (Exportify or TuneMyMusic) and upload that file."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    header = [cell.strip().removeprefix("\ufeff").casefold() for cell in next(reader)]
    columns = {
        key: next((header.index(alias) for alias in aliases if alias in header), None)
        for key, aliases in _CSV_COLUMNS.items()
    }
    if columns["title"] is None or columns["artist"] is None:
        raise BadRequest(  # the file's own header is not quoted: no error shows a file's contents
            f"Unrecognised CSV columns ({len(header)} found, no track title and artist among them). "
            "Expected an Exportify export "
            "(Track URI, Track Name, Artist Name(s), Album Name, Duration (ms)) or a TuneMyMusic export "
            "(Track name, Artist name, Album, Playlist name, ISRC)."
        )

    def cell(row: list[str], key: str) -> str:
        index = columns[key]
        return row[index].strip() if index is not None and index < len(row) else ""

    tracks: list[ExternalTrack] = []
    playlist_name = ""
    for line_number, row in enumerate(reader, start=2):
        title = cell(row, "title")
        if not title:
            continue
        playlist_name = playlist_name or cell(row, "playlist")
        if columns["duration_ms"] is not None:
            duration = as_ms(cell(row, "duration_ms"))
        else:
            duration = _duration(cell(row, "duration"))
        tracks.append(ExternalTrack(
            external_id=cell(row, "id") or cell(row, "isrc") or f"csv:{line_number}",
            title=title,
            artists=clean_names(_ARTIST_SEPARATOR.split(cell(row, "artist"))),
            album=cell(row, "album"),
            duration_ms=duration,
            position=len(tracks),
        ))
    final_name = playlist_name or name or DEFAULT_NAME
    return ExternalPlaylist(provider="csv", playlist_id=name or final_name, name=final_name, tracks=tracks)


def _delimiter(header_line: str) -> str:
    counts = {d: len(re.findall(re.escape(d), re.sub(r'"[^"]*"', "", header_line))) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _duration(value: str) -> int | None:
    """``"3:25"``, ``"1:02:03"`` or seconds as milliseconds."""
    if ":" in value:
        try:
            seconds = 0
            for part in value.split(":"):
                seconds = seconds * 60 + int(part)
        except ValueError:
            return None
        return seconds_to_ms(seconds)
    return seconds_to_ms(value)


# ---------------------------------------------------------------------------- files on disk

def read_playlist_file(path: str | Path) -> ExternalPlaylist:
    """Read an .m3u/.m3u8/.csv/.tsv file from disk (format chosen by extension, else by content).

    Regular files only, up to MAX_FILE_BYTES; a file that holds no playlist entries is refused without
    quoting any of it.
    """
    file = Path(path)
    data = read_regular(file, MAX_FILE_BYTES, field="path")
    suffix = file.suffix.lower()
    not_playlist = BadRequest(f"{file.name} is not a playlist file PlexM8 can read. Use .m3u, .m3u8 or a CSV export.")
    if suffix in (".m3u", ".m3u8"):
        playlist = parse_m3u(data, name=file.stem)
    elif suffix in (".csv", ".tsv"):
        playlist = parse_csv(data, name=file.stem)
    else:
        head = decode_text(data[:4096]).lstrip()
        if head.upper().startswith("#EXTM3U") or re.search(r"^#EXTINF:", head, re.M | re.I):
            playlist = parse_m3u(data, name=file.stem)
        elif re.match(r"[^\n]*(track name|artist name)", head, re.I):
            playlist = parse_csv(data, name=file.stem)
        else:
            raise not_playlist
    if not playlist.tracks:
        raise not_playlist
    playlist.playlist_id = str(file)
    return playlist
