"""Tiny but valid audio files built without any encoder, so mutagen can read and write their tags.

MP3: a few MPEG-1 Layer III frame headers with silent bodies. FLAC: the `fLaC` marker and a hand-built
STREAMINFO block. Ogg Vorbis and Opus: identification and comment headers in Ogg pages written by
mutagen's own OggPage (which computes the CRCs). M4A: an `ftyp` and a `moov` holding only `mvhd`.
"""
from __future__ import annotations

import struct
from pathlib import Path

from mutagen._vorbis import VComment
from mutagen.flac import FLAC
from mutagen.id3 import ID3, POPM, TALB, TIT2, TPE1, TXXX
from mutagen.mp4 import MP4, MP4FreeForm
from mutagen.ogg import OggPage
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

MP3_FRAME = b"\xff\xfb\x90\x64" + bytes(413)  # 128 kbit/s, 44.1 kHz, no padding: 417 bytes


def _prepare(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_mp3(path: Path, *, title: str, artist: str, album: str,
              popm: list[tuple[str, int]] = (), txxx: dict[str, str] | None = None) -> Path:
    """An MP3 with ID3v2 title/artist/album, POPM frames (email, byte) and TXXX frames."""
    _prepare(path).write_bytes(MP3_FRAME * 8)
    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TPE1(encoding=3, text=artist))
    tags.add(TALB(encoding=3, text=album))
    for email, rating in popm:
        tags.add(POPM(email=email, rating=rating, count=0))
    for desc, text in (txxx or {}).items():
        tags.add(TXXX(encoding=3, desc=desc, text=text))
    tags.save(path)
    return path


def _streaminfo(sample_rate: int = 44100, channels: int = 2, bits: int = 16, samples: int = 44100) -> bytes:
    packed = (sample_rate << 44) | ((channels - 1) << 41) | ((bits - 1) << 36) | samples
    return struct.pack(">HH", 4096, 4096) + bytes(6) + packed.to_bytes(8, "big") + bytes(16)


def write_flac(path: Path, *, title: str, artist: str, album: str, **comments: str) -> Path:
    """A FLAC file (STREAMINFO only) with Vorbis comments; extra keyword arguments become comments."""
    info = _streaminfo()
    _prepare(path).write_bytes(b"fLaC" + bytes([0x80]) + len(info).to_bytes(3, "big") + info)
    audio = FLAC(path)
    audio.add_tags()
    for key, value in {"title": title, "artist": artist, "album": album, **comments}.items():
        audio[key] = value
    audio.save()
    return path


def _ogg_pages(first_packet: bytes, header_packets: list[bytes], serial: int = 0x5EED) -> bytes:
    pages = []
    for sequence, packets in enumerate(([first_packet], header_packets, [bytes(16)])):
        page = OggPage()
        page.serial, page.sequence, page.packets = serial, sequence, packets
        page.position = 0 if sequence < 2 else 48000
        page.first = sequence == 0
        page.last = sequence == 2
        pages.append(page.write())
    return b"".join(pages)


def write_ogg_vorbis(path: Path, *, title: str, artist: str, album: str, **comments: str) -> Path:
    """An Ogg Vorbis file (headers only) with Vorbis comments."""
    ident = b"\x01vorbis" + struct.pack("<IBIiiiB", 0, 2, 48000, 0, 128000, 0, 0xB8) + b"\x01"
    empty = b"\x03vorbis" + VComment().write(framing=True)
    _prepare(path).write_bytes(_ogg_pages(ident, [empty, b"\x05vorbis" + bytes(8)]))
    audio = OggVorbis(path)
    for key, value in {"title": title, "artist": artist, "album": album, **comments}.items():
        audio[key] = value
    audio.save()
    return path


def write_opus(path: Path, *, title: str, artist: str, album: str, **comments: str) -> Path:
    """An Ogg Opus file (headers only) with Vorbis comments."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 2, 312, 48000, 0, 0)
    tags = b"OpusTags" + VComment().write(framing=False)
    _prepare(path).write_bytes(_ogg_pages(head, [tags]))
    audio = OggOpus(path)
    for key, value in {"title": title, "artist": artist, "album": album, **comments}.items():
        audio[key] = value
    audio.save()
    return path


def _atom(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def write_m4a(path: Path, *, title: str, artist: str, album: str, freeform: dict[str, str] | None = None) -> Path:
    """An M4A (ftyp + moov/mvhd) with iTunes-style tags; `freeform` fills ----:com.apple.iTunes:<name> atoms."""
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = bytes(4) + struct.pack(">IIII", 0, 0, 1000, 1000) + struct.pack(">IH", 0x10000, 0x100) + bytes(10) \
        + matrix + bytes(24) + struct.pack(">I", 2)
    data = _atom(b"ftyp", b"M4A " + bytes(4) + b"M4A mp42isom") + _atom(b"moov", _atom(b"mvhd", mvhd))
    _prepare(path).write_bytes(data)
    audio = MP4(path)
    audio.add_tags()
    audio["\xa9nam"], audio["\xa9ART"], audio["\xa9alb"] = [title], [artist], [album]
    for name, value in (freeform or {}).items():
        audio[f"----:com.apple.iTunes:{name}"] = [MP4FreeForm(value.encode("utf-8"))]
    audio.save()
    return path
