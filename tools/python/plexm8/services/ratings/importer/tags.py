"""Ratings stored in audio files' tags, read with mutagen (docs/ratings-import.md has the scales).

MP3: ID3 `POPM` (preferring the frames of MusicBee, Windows Media Player and MediaMonkey), then
`TXXX:FMPS_Rating`, then `TXXX:RATING`. FLAC, Ogg Vorbis, Opus: `FMPS_RATING`, then `RATING`.
MP4/M4A: the freeform `----:com.apple.iTunes:FMPS_Rating`, then `…:RATING`.
"""
from __future__ import annotations

import io
import logging
import os
import stat
from pathlib import Path
from typing import IO, Any

import mutagen
from mutagen.id3 import ID3, ID3NoHeaderError
from mutagen.mp4 import MP4

from plexm8.errors import APIError, Unprocessable
from plexm8.services.local_files import MB, is_regular_file, open_regular
from plexm8.services.ratings.importer.scales import from_fraction, from_popm, from_text
from plexm8.services.ratings.importer.types import RatingEntry, SourceRatings

log = logging.getLogger(__name__)
AUDIO_SUFFIXES = frozenset({".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".m4b", ".mp4"})
MAX_FILES = 200_000
MAX_AUDIO_BYTES = 8192 * MB  # tags sit at the start or end; this only refuses what cannot be a song
# Whose POPM frame wins when a file carries several (lower first); other emails come after these.
POPM_EMAILS = ("musicbee", "windows media player 9 series", "no@email")
_MP4_FREEFORM = "----:com.apple.iTunes:"


def _first(values: Any) -> str:
    if not values:
        return ""
    value = values[0] if isinstance(values, list) else values
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _popm_rating(tags: ID3) -> float | None:
    frames = sorted(
        tags.getall("POPM"),
        key=lambda f: POPM_EMAILS.index(f.email.casefold()) if f.email.casefold() in POPM_EMAILS else len(POPM_EMAILS),
    )
    for frame in frames:
        rating = from_popm(frame.rating)
        if rating is not None:
            return rating
    return None


def _txxx(tags: ID3, name: str) -> str:
    for frame in tags.getall("TXXX"):
        if frame.desc.casefold() == name.casefold():
            return _first(frame.text)
    return ""


def _text_ratings(fmps: str, rating: str) -> float | None:
    if fmps:
        return from_fraction(float(fmps))
    if rating:
        return from_text(rating)
    return None


def _read_mp3(filething: Any) -> tuple[float | None, dict[str, Any]]:
    try:
        tags = ID3(filething)
    except ID3NoHeaderError:
        return None, {}
    rating = _popm_rating(tags)
    if rating is None:
        rating = _text_ratings(_txxx(tags, "FMPS_Rating"), _txxx(tags, "RATING"))
    def text(frame_id: str) -> str:
        frame = tags.get(frame_id)
        return _first(frame.text) if frame is not None else ""

    length = text("TLEN")
    meta = {
        "title": text("TIT2"),
        "artist": text("TPE1") or text("TPE2"),
        "album": text("TALB"),
        "duration_ms": int(length) if length.isdigit() and int(length) > 0 else None,
    }
    return rating, meta


def _read_other(filething: Any) -> tuple[float | None, dict[str, Any]]:
    audio = mutagen.File(filething)
    if audio is None:
        raise mutagen.MutagenError("not an audio file mutagen knows")
    tags = audio.tags or {}
    length = getattr(audio.info, "length", 0) or 0
    if isinstance(audio, MP4):
        rating = _text_ratings(_first(tags.get(_MP4_FREEFORM + "FMPS_Rating")),
                               _first(tags.get(_MP4_FREEFORM + "RATING")))
        meta = {"title": _first(tags.get("\xa9nam")), "artist": _first(tags.get("\xa9ART") or tags.get("aART")),
                "album": _first(tags.get("\xa9alb"))}
    else:  # Vorbis comments (FLAC, Ogg Vorbis, Opus): keys are case-insensitive
        rating = _text_ratings(_first(tags.get("fmps_rating")), _first(tags.get("rating")))
        meta = {"title": _first(tags.get("title")), "artist": _first(tags.get("artist") or tags.get("albumartist")),
                "album": _first(tags.get("album"))}
    meta["duration_ms"] = int(length * 1000) if length > 0 else None
    return rating, meta


def read_file_rating(filething: str | IO[bytes], suffix: str) -> tuple[float | None, dict[str, Any]]:
    """(rating on Plex's scale or None, title/artist/album/duration) of one audio file or file object."""
    if suffix == ".mp3":
        return _read_mp3(filething)
    return _read_other(filething)


def _add(result: SourceRatings, filething: str | IO[bytes], suffix: str, path: str) -> None:
    result.read += 1
    try:
        if isinstance(filething, str):  # a path: opened here, never blocking, regular files only
            with open_regular(filething, MAX_AUDIO_BYTES) as stream:
                rating, meta = read_file_rating(stream, suffix)
        else:
            rating, meta = read_file_rating(filething, suffix)
    except ValueError as exc:
        result.skipped += 1
        result.warn(f"{path}: rating tag {exc}; skipped.")
        return
    except APIError as exc:  # not a regular file (any more), or too large
        result.skipped += 1
        result.warn(f"{path}: {exc.message} Skipped.")
        return
    except (mutagen.MutagenError, OSError) as exc:
        result.skipped += 1
        result.warn(f"{path}: could not read the tags ({type(exc).__name__}); skipped.")
        return
    if rating is None:
        result.skipped += 1
        return
    result.entries.append(RatingEntry(source_id=path, rating=rating, path=path, **meta))


def audio_files(folder: Path) -> list[Path]:
    """Regular audio files under `folder` (symlinked folders not followed; FIFOs, devices and sockets skipped),
    in a stable order; 422 past MAX_FILES."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            if os.path.splitext(name)[1].lower() in AUDIO_SUFFIXES and is_regular_file(Path(root) / name):
                found.append(Path(root) / name)
                if len(found) > MAX_FILES:
                    raise Unprocessable(
                        f"{folder} holds more than {MAX_FILES:,} audio files; import a smaller folder at a time.",
                        field="path",
                    )
    return found


def read_tags_path(path: Path) -> SourceRatings:
    """Ratings of one audio file, or of every audio file under a folder."""
    result = SourceRatings("tags")
    try:
        is_folder = stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        is_folder = False
    if not is_folder:
        open_regular(path, MAX_AUDIO_BYTES).close()  # 422 for what is missing or not a regular file
        suffix = path.suffix.lower()
        if suffix not in AUDIO_SUFFIXES:
            raise Unprocessable(f"{path.name} is not an audio file PlexM8 reads tags from "
                                f"({', '.join(sorted(AUDIO_SUFFIXES))}).", field="path")
        _add(result, str(path), suffix, str(path))
        return result
    if path.resolve().parent == path.resolve():
        raise Unprocessable("Choose your music folder, not the root of a drive.", field="path")
    for file in audio_files(path):
        _add(result, str(file), file.suffix.lower(), str(file))
    log.info("Read rating tags of %d files under %s: %d rated", result.read, path, len(result.entries))
    return result


def read_tags_upload(filename: str, data: bytes) -> SourceRatings:
    """Ratings of one uploaded audio file."""
    suffix = Path(filename).suffix.lower()
    if suffix not in AUDIO_SUFFIXES:
        raise Unprocessable(f"{filename} is not an audio file PlexM8 reads tags from.", field="file")
    result = SourceRatings("tags")
    _add(result, io.BytesIO(data), suffix, filename)
    return result
