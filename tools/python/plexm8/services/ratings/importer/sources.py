"""Reading a ratings source from a path on this computer or from an uploaded file."""
from __future__ import annotations

import io
from pathlib import Path

from plexm8.errors import PayloadTooLarge, Unprocessable
from plexm8.services.ratings.importer.foobar import parse_foobar
from plexm8.services.ratings.importer.itunes import parse_library_xml
from plexm8.services.ratings.importer.tags import read_tags_path, read_tags_upload
from plexm8.services.ratings.importer.types import SourceRatings

XML_SOURCES = ("itunes", "musicbee")
SOURCES = (*XML_SOURCES, "foobar2000", "tags")
FOOBAR_SUFFIXES = (".csv", ".tsv", ".txt")
MAX_FOOBAR_BYTES = 200 * 1024 * 1024


def _existing(path: str) -> Path:
    file = Path(path).expanduser()
    if not file.is_absolute():
        raise Unprocessable(f"Give an absolute path on this computer, not {path!r}.", field="path")
    if not file.exists():
        raise Unprocessable(f"There is nothing at {path!r}. Check the path (on this computer).", field="path")
    return file


def _regular_file(file: Path, suffixes: tuple[str, ...], what: str) -> Path:
    if not file.is_file():
        raise Unprocessable(f"{file} is not a file; give the path of the {what}.", field="path")
    if file.suffix.lower() not in suffixes:
        raise Unprocessable(f"{file.name} is not a {what} ({', '.join(suffixes)}).", field="path")
    return file


def read_path(source: str, path: str) -> SourceRatings:
    """The ratings of a source file (or, for tags, a folder or one audio file) on this computer."""
    file = _existing(path)
    try:
        if source in XML_SOURCES:
            with _regular_file(file, (".xml",), "library XML file").open("rb") as stream:
                result = parse_library_xml(stream, source)
        elif source == "foobar2000":
            _regular_file(file, FOOBAR_SUFFIXES, "foobar2000 export")
            if file.stat().st_size > MAX_FOOBAR_BYTES:
                raise PayloadTooLarge(f"{file.name} is larger than {MAX_FOOBAR_BYTES >> 20} MB.")
            result = parse_foobar(file.read_bytes())
        else:
            result = read_tags_path(file)
    except PermissionError:
        raise Unprocessable(f"PlexM8 may not read {file}. Check its permissions.", field="path") from None
    result.source = source
    return result


def read_upload(source: str, filename: str, data: bytes) -> SourceRatings:
    """The ratings of an uploaded export file (or one audio file for the tags source)."""
    if source in XML_SOURCES:
        result = parse_library_xml(io.BytesIO(data), source)
    elif source == "foobar2000":
        result = parse_foobar(data)
    else:
        result = read_tags_upload(filename, data)
    result.source = source
    return result
