"""A fast reader for pages of Plex's track listing, in the plain shape Plex writes, with ElementTree behind it.

A page of 5,000 tracks is ~7 MB of XML of which a build keeps a dozen attributes per track. Building the whole
element tree (ElementTree) or an attribute dict per element (expat) costs ~175 ms a page, the largest part of
a cold build; cutting the three tags a track needs out of the text and splitting them at their quotes costs
about 70 % of that. The scanner only accepts what it can read exactly: every tag it reads must be plain
`name="value"` attributes separated by single spaces, the page must end with `</MediaContainer>` and hold as
many tracks as its `size` says. Anything else (comments, CDATA, another encoding, single quotes, spaces
around `=`, a `>` or a raw tab or newline inside a tag, an unknown entity, a truncated page) makes it answer
None, and the caller parses that page with ElementTree. Entities in values are decoded as XML defines them;
tests check that both readers give the same rows.
"""
from __future__ import annotations

import re
from typing import Callable, TypeVar

from plexm8.services.plex_service.xml_attrs import attr_int

_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_ENCODING = re.compile(r"<\?xml[^>]*?\sencoding=[\"']([^\"']*)[\"']")


class _Unreadable(Exception):
    """The page is not in the plain shape: read it with ElementTree instead."""


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name[0] != "#":
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
    try:
        return chr(code)
    except (ValueError, OverflowError):
        raise _Unreadable from None


def _unescape(value: str) -> str:
    decoded = _ENTITY.sub(_entity, value)
    if "&" in _ENTITY.sub("", value):  # an entity XML does not define (or a bare &): ElementTree decides
        raise _Unreadable
    return decoded


def _attributes(tag: str, name_length: int) -> dict[str, str]:
    """The attributes of a start tag (`<Name` is its first name_length characters), keyed ` name=`, raw."""
    # Split at the quotes: names and values alternate, as no value holds a `"`. What is left once the values
    # are cut out must be ` name=` pieces only, each ending with its one `=`, one space before it; a
    # single-quoted attribute, spacing around `=`, or a tag cut short by a `>` inside a value (an odd number
    # of quotes) all fail that. (Tabs and newlines inside tags were refused for the whole page.)
    parts = tag[name_length:].split('"')
    names, values = parts[0::2], parts[1::2]
    skeleton = '"'.join(names)
    count = len(values)
    if (len(parts) % 2 == 0 or skeleton.count('="') != count or skeleton.count("=") != count or "'" in skeleton
            or "  " in skeleton or ' ="' in skeleton):
        raise _Unreadable
    return dict(zip(names, values))


R = TypeVar("R")


def scan_tracks(body: bytes, make_row: Callable[..., R], artist_sorts: dict[str, str] | None) -> tuple[list[R], int] | None:
    """`make_row(...)` (TrackRow's fields in order) for each <Track> of a listing page, and totalSize; or None.

    None means the page is not in the plain shape and must be parsed by ElementTree.
    """
    head = body[:200]
    declared = _ENCODING.search(head.decode("latin-1"))
    if declared is not None and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        return None
    # No comment, CDATA or DTD, and no tab, carriage return or newline except after the end of a tag: then
    # `<Name ` always starts an element and raw whitespace never hides inside a tag. (Checked on the bytes:
    # UTF-8 keeps these ASCII characters as they are, and bytes scan faster than a wide str.)
    if (b"<!" in body or b"\t" in body or b"\r" in body or body.count(b"\n") != body.count(b">\n")
            or not body[-64:].rstrip().endswith(b"</MediaContainer>")):
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        return _scan(text, make_row, artist_sorts or {})
    except _Unreadable:
        return None


def _scan(text: str, make_row: Callable[..., R], artist_sorts: dict[str, str]) -> tuple[list[R], int] | None:
    find = text.find
    start = find("<MediaContainer ")
    if start < 0:
        return None
    container = _attributes(text[start:find(">", start)], 15)
    size, total = attr_int(container.get(" size=", "")), attr_int(container.get(" totalSize=", ""))
    rows: list[R] = []
    pos = find("<Track ", start)
    while pos != -1:
        end = find(">", pos)
        tag = text[pos:end]
        get = _attributes(tag, 6).get
        if tag.endswith("/"):
            close = end
        else:
            close = find("</Track>", end)
            if close < 0:
                raise _Unreadable
        file_path = None
        part = find("<Part ", end, close)
        if part != -1:
            part_tag = text[part:find(">", part)]
            file_path = _attributes(part_tag, 5).get(" file=")
            if file_path is None:  # ElementTree would look at the next <Media>: let it
                raise _Unreadable
            if "&" in file_path:
                file_path = _unescape(file_path)
        guid = get(" guid=", "")
        guids = [guid] if guid else []
        child = find("<Guid ", end, close)
        while child != -1:
            child_end = find(">", child)
            other = _attributes(text[child:child_end], 5).get(" id=", "")
            if other:
                guids.append(_unescape(other) if "&" in other else other)
            child = find("<Guid ", child_end, close)
        title, artist, original, album, title_sort = (
            get(" title=", ""), get(" grandparentTitle=", ""), get(" originalTitle=", ""), get(" parentTitle=", ""),
            get(" titleSort=", ""))
        if "&" in tag:
            title, artist, original, album, title_sort = map(_unescape, (title, artist, original, album, title_sort))
            if guid:
                guids[0] = _unescape(guid)
        key = get(" ratingKey=", "")
        if not key.isdigit():
            raise _Unreadable
        rows.append(make_row(
            int(key), title, artist, original, album,
            attr_int(get(" duration=", "")),
            file_path,
            " ".join(guids),
            attr_int(get(" addedAt=", "")),
            attr_int(get(" updatedAt=", "")),
            title_sort if title_sort != title else "",
            artist_sorts.get(get(" grandparentRatingKey=", ""), "") if artist_sorts else "",
        ))
        pos = find("<Track ", close)
    if size is None or len(rows) != size:  # a page cut short, or items that are not tracks: ElementTree decides
        return None
    return rows, total or size
