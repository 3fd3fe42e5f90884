"""Tiny, valid FLAC files made without an encoder: 8 kHz mono silence in CONSTANT subframes (~5 KB for 4 min).

Every frame is complete (header, CRC-8, subframe, CRC-16), so decoders play them and mutagen reads their
duration from STREAMINFO exactly; the fake download servers and the demo serve them.
"""
from __future__ import annotations

import io
import struct

from mutagen.flac import FLAC

SAMPLE_RATE = 8000
BLOCK = 4096


def _crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def _crc16(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x8005) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def _utf8_number(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    if n < 0x800:
        return bytes([0xC0 | (n >> 6), 0x80 | (n & 0x3F)])
    return bytes([0xE0 | (n >> 12), 0x80 | ((n >> 6) & 0x3F), 0x80 | (n & 0x3F)])


def _frame(number: int, samples: int) -> bytes:
    size_code = 0b1100 if samples == BLOCK else 0b0111  # 4096, or "16-bit size-1 follows"
    header = bytes([0xFF, 0xF8, (size_code << 4) | 0b0100, 0b0000_0010]) + _utf8_number(number)
    if size_code == 0b0111:
        header += struct.pack(">H", samples - 1)
    header += bytes([_crc8(header)])
    frame = header + b"\x00\x00"  # CONSTANT subframe, no wasted bits; the 8-bit sample value 0
    return frame + struct.pack(">H", _crc16(frame))


def _streaminfo(total: int) -> bytes:
    packed = (SAMPLE_RATE << 44) | (0 << 41) | ((8 - 1) << 36) | total
    return struct.pack(">HH", BLOCK, BLOCK) + bytes(6) + packed.to_bytes(8, "big") + bytes(16)


def flac_bytes(duration_s: float, *, title: str = "", artist: str = "", album: str = "",
               tracknumber: int | None = None) -> bytes:
    """A complete FLAC file of `duration_s` seconds of silence, tagged with the given Vorbis comments."""
    total = max(1, round(duration_s * SAMPLE_RATE))
    info = _streaminfo(total)
    frames = []
    for number, start in enumerate(range(0, total, BLOCK)):
        frames.append(_frame(number, min(BLOCK, total - start)))
    data = io.BytesIO(b"fLaC" + bytes([0x80]) + len(info).to_bytes(3, "big") + info + b"".join(frames))
    audio = FLAC(data)
    audio.add_tags()
    for key, value in (("title", title), ("artist", artist), ("album", album)):
        if value:
            audio[key] = value
    if tracknumber is not None:
        audio["tracknumber"] = str(tracknumber)
    data.seek(0)
    audio.save(data)
    return data.getvalue()
