"""Files: verify a download with mutagen, write its tags, name it safely, move it into the library atomically."""
from __future__ import annotations

import os
import re
import shutil
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from string import Formatter

import mutagen
from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, ID3, TALB, TIT2, TPE1, TXXX
from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm

from plexm8.services.external import ExternalTrack
from plexm8.services.matching.engine import MATCH_THRESHOLD
from plexm8.services.matching.score import score_pair
from plexm8.services.matching.types import LibraryTrack

TEMPLATE_FIELDS = frozenset({"artist", "artists", "album", "title", "track", "ext"})
PART_SUFFIX = ".plexm8-part"
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)
MAX_PART_BYTES = 180


def safe_part(text: str, fallback: str = "Unknown") -> str:
    """One path component that Windows, macOS and Linux all accept."""
    name = unicodedata.normalize("NFC", text)
    name = _UNSAFE.sub("_", name).strip().rstrip(". ")
    if not name or set(name) <= {"."}:
        name = fallback
    if _RESERVED.match(name):
        name = f"{name}_"
    while len(name.encode("utf-8")) > MAX_PART_BYTES:
        name = name[:-1]
    return name.rstrip(". ") or fallback


def check_template(template: str) -> str | None:
    """None when the filename template is usable, else why not."""
    try:
        fields = [f for _, f, _, _ in Formatter().parse(template) if f is not None]
    except ValueError as exc:
        return f"not a valid template ({exc})"
    unknown = [f for f in fields if f.split(":")[0] not in TEMPLATE_FIELDS]
    if unknown:
        return f"unknown field {{{unknown[0]}}}; use {', '.join(sorted(TEMPLATE_FIELDS))}"
    if "title" not in fields:
        return "the template must contain {title}"
    if template.startswith(("/", "\\")) or ".." in template.replace("\\", "/").split("/"):
        return "the template must be a relative path inside library_dir"
    return None


def relative_path(template: str, wanted: ExternalTrack, ext: str, track: int | None = None) -> Path:
    """The file's path inside library_dir: the template filled from the wanted song, each part made safe."""
    values = {"artist": wanted.artists[0] if wanted.artists else "Unknown Artist",
              "artists": ", ".join(wanted.artists) or "Unknown Artist", "album": wanted.album or "Unknown Album",
              "title": wanted.title, "track": track or 0, "ext": ext}
    text = template.format(**values)
    parts = [p for p in text.replace("\\", "/").split("/") if p.strip()]
    safe = [safe_part(p) for p in parts]
    if not safe[-1].lower().endswith(f".{ext.lower()}"):
        safe[-1] = f"{safe[-1]}.{ext}"
    return Path(*safe)


@dataclass(frozen=True)
class Verdict:
    """What verification found."""

    ok: bool
    reason: str = ""
    duration_ms: int | None = None


def _first(tags: object, *keys: str) -> str:
    for key in keys:
        try:
            value = tags[key]  # type: ignore[index]
        except (KeyError, ValueError, TypeError):
            continue
        if isinstance(value, list):
            value = value[0] if value else ""
        text = getattr(value, "text", value)
        if isinstance(text, list):
            text = text[0] if text else ""
        if text:
            return str(text)
    return ""


def verify(path: Path, wanted: ExternalTrack, tolerance_s: float) -> Verdict:
    """Audio that mutagen reads, of the wanted duration (± tolerance), whose tags (if any) name the wanted song."""
    try:
        audio = mutagen.File(path)
    except Exception as exc:  # mutagen raises many types for damaged files
        return Verdict(False, f"not a readable audio file ({type(exc).__name__})")
    if audio is None or getattr(audio, "info", None) is None or not getattr(audio.info, "length", 0):
        return Verdict(False, "not an audio file mutagen can read")
    length_ms = int(audio.info.length * 1000)
    if wanted.duration_ms and abs(length_ms - wanted.duration_ms) > tolerance_s * 1000:
        return Verdict(False, f"duration {length_ms / 1000:.0f} s, expected {wanted.duration_ms / 1000:.0f} s "
                              f"(± {tolerance_s:g} s)", length_ms)
    tags = audio.tags
    if tags is not None:
        title = _first(tags, "title", "TIT2", "\xa9nam")
        artist = _first(tags, "artist", "TPE1", "\xa9ART")
        if title:
            scored = score_pair(wanted, LibraryTrack("0", title, artist, _first(tags, "album", "TALB", "\xa9alb"),
                                                     duration_ms=length_ms))
            if scored.score < MATCH_THRESHOLD:
                return Verdict(False, f"its tags name another song or version: {artist} - {title}", length_ms)
    return Verdict(True, "", length_ms)


def _png_or_jpeg(data: bytes) -> str:
    return "image/png" if data[:4] == b"\x89PNG" else "image/jpeg"


def write_tags(path: Path, wanted: ExternalTrack, source_id: str | None, cover: bytes | None = None) -> None:
    """Title, artists, album and the source's song id (so later matching is exact), and the cover when given."""
    audio = mutagen.File(path)
    if audio is None:
        raise ValueError("not an audio file")
    if isinstance(audio, MP4):
        if audio.tags is None:
            audio.add_tags()
        audio["\xa9nam"], audio["\xa9ART"] = [wanted.title], [", ".join(wanted.artists)]
        if wanted.album:
            audio["\xa9alb"] = [wanted.album]
        if source_id:
            audio["----:com.apple.iTunes:PLEXM8_SOURCE_ID"] = [MP4FreeForm(source_id.encode())]
        if cover:
            kind = MP4Cover.FORMAT_PNG if _png_or_jpeg(cover) == "image/png" else MP4Cover.FORMAT_JPEG
            audio["covr"] = [MP4Cover(cover, kind)]
        audio.save()
    elif isinstance(audio.tags, ID3) or audio.tags is None and not isinstance(audio, FLAC) \
            and not hasattr(audio, "add_picture") and type(audio).__name__ in ("MP3", "WAVE", "AIFF", "EasyMP3"):
        try:
            tags = ID3(path)
        except Exception:  # no ID3 header yet
            tags = ID3()
        tags.add(TIT2(encoding=3, text=wanted.title))
        tags.add(TPE1(encoding=3, text=list(wanted.artists)))
        if wanted.album:
            tags.add(TALB(encoding=3, text=wanted.album))
        if source_id:
            tags.add(TXXX(encoding=3, desc="PLEXM8_SOURCE_ID", text=source_id))
        if cover:
            tags.add(APIC(encoding=3, mime=_png_or_jpeg(cover), type=3, desc="Cover", data=cover))
        tags.save(path)
    else:  # Vorbis comments: FLAC, Ogg Vorbis, Opus
        if audio.tags is None:
            audio.add_tags()
        audio["title"], audio["artist"] = wanted.title, list(wanted.artists)
        if wanted.album:
            audio["album"] = wanted.album
        if source_id:
            audio["plexm8_source_id"] = source_id
        if cover and isinstance(audio, FLAC):
            picture = Picture()
            picture.type, picture.mime, picture.data = 3, _png_or_jpeg(cover), cover
            audio.clear_pictures()
            audio.add_picture(picture)
        audio.save()


def place(staged: Path, library_dir: Path, relative: Path) -> Path:
    """Move a verified file into the library: written aside under a hidden name, then renamed (atomic)."""
    target = library_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        stem, suffix = target.stem, target.suffix
        n = 2
        while (candidate := target.with_name(f"{stem} ({n}){suffix}")).exists():
            n += 1
        target = candidate
    aside = target.with_name(f".{uuid.uuid4().hex[:8]}{PART_SUFFIX}")
    try:
        os.replace(staged, target) if _same_device(staged, target.parent) else _copy_then_rename(staged, aside, target)
    finally:
        aside.unlink(missing_ok=True)
    return target


def _same_device(a: Path, folder: Path) -> bool:
    try:
        return a.stat().st_dev == folder.stat().st_dev
    except OSError:
        return False


def _copy_then_rename(staged: Path, aside: Path, target: Path) -> None:
    shutil.copyfile(staged, aside)
    with aside.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(aside, target)
    staged.unlink(missing_ok=True)


def remove_leftovers(folder: Path) -> int:
    """Delete half-copied files a crash left in a library folder; returns how many."""
    removed = 0
    if folder.is_dir():
        for leftover in folder.glob(f".*{PART_SUFFIX}"):
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed
