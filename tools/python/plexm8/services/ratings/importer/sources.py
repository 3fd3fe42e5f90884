"""Reading a ratings source from a path on this computer or from an uploaded file."""
from __future__ import annotations

import io
from pathlib import Path

from plexm8.errors import Unprocessable
from plexm8.services.local_files import MB, absolute, open_regular, read_regular, refuse_cross_origin
from plexm8.services.ratings.importer.foobar import parse_foobar
from plexm8.services.ratings.importer.itunes import parse_library_xml
from plexm8.services.ratings.importer.tags import read_tags_path, read_tags_upload
from plexm8.services.ratings.importer.types import SourceRatings

XML_SOURCES = ("itunes", "musicbee")
SOURCES = (*XML_SOURCES, "foobar2000", "tags")
FOOBAR_SUFFIXES = (".csv", ".tsv", ".txt")
MAX_FOOBAR_BYTES = 200 * MB
MAX_XML_BYTES = 1024 * MB  # a 100,000-track library XML is about 300 MB


def _suffix(file: Path, suffixes: tuple[str, ...], what: str) -> None:
    if file.suffix.lower() not in suffixes:
        raise Unprocessable(f"{file.name} is not a {what} ({', '.join(suffixes)}).", field="path")


def read_path(source: str, path: str, allow_local: bool = True) -> SourceRatings:
    """The ratings of a source file (or, for tags, a folder or one audio file) on this computer.

    403 for a caller that may not name local files, before the path is looked at.
    """
    refuse_cross_origin(allow_local)
    file = absolute(path)
    if source in XML_SOURCES:
        _suffix(file, (".xml",), "library XML file")
        with open_regular(file, MAX_XML_BYTES) as stream:
            result = parse_library_xml(stream, source)
    elif source == "foobar2000":
        _suffix(file, FOOBAR_SUFFIXES, "foobar2000 export")
        result = parse_foobar(read_regular(file, MAX_FOOBAR_BYTES))
    else:
        result = read_tags_path(file)
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
