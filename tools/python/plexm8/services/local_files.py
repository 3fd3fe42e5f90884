"""Opening files on this computer safely: regular files only, never blocking, within a size cap, no contents quoted.

Every reader of a path a caller named (playlist files, ratings exports, audio files in a scanned folder) goes
through here. A FIFO, device or socket is refused (inside a folder: skipped) without ever blocking on it:
the path is stat'ed first and then opened with O_NONBLOCK, and the open file is checked again (the path
could change in between). Error messages name the path the caller gave and say what to do; they never
contain a byte of the file.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from plexm8.errors import Forbidden, PayloadTooLarge, Unprocessable

MB = 1024 * 1024
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
LOCAL_REFUSED = ("Only PlexM8's own web UI and local clients (curl, scripts) may name files on this computer; "
                 "upload the file instead.")


class NotRegularFile(Unprocessable):
    """The path names a folder, FIFO, device or socket where a regular file was expected."""


def refuse_cross_origin(allow_local: bool) -> None:
    """403 (saying nothing about the path) when the caller may not name local files."""
    if not allow_local:
        raise Forbidden(LOCAL_REFUSED, error="Local files not allowed")


def looks_local(text: str) -> bool:
    """Whether a source string names a file on this computer (file:// URL, absolute, ~ or drive path)."""
    value = text.strip()
    lower = value.lower()
    return (lower.startswith("file:") or value.startswith(("/", "~", "\\"))
            or (len(value) > 2 and value[0].isalpha() and value[1] == ":" and value[2] in "/\\"))


def _os_error(exc: OSError, shown: str, field: str) -> Unprocessable:
    if isinstance(exc, PermissionError):
        return Unprocessable(f"PlexM8 may not read {shown}. Check its permissions.", field=field)
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return Unprocessable(f"There is no file at {shown}. Check the path (on this computer).", field=field)
    if exc.errno == errno.ENAMETOOLONG:
        return Unprocessable(f"{field}: a part of the path is too long for this file system.", field=field)
    if exc.errno == errno.ELOOP:
        return Unprocessable(f"{shown} is a loop of symbolic links.", field=field)
    return Unprocessable(f"{shown} could not be read ({exc.strerror or 'I/O error'}).", field=field)


def _check_stat(st: os.stat_result, shown: str, field: str, max_bytes: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise NotRegularFile(f"{shown} is {kind}; give the path of a file.", field=field)
    if st.st_size > max_bytes:
        raise PayloadTooLarge(f"{shown} is larger than {max_bytes // MB} MB, which is more than this kind of "
                              "file ever needs; check that it is the right file.")


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """True for a regular file (symlinks followed); False for folders, FIFOs, devices, sockets and errors."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def open_regular(path: str | os.PathLike[str], max_bytes: int, field: str = "path") -> BinaryIO:
    """Open a regular file for reading, never blocking; 422 for anything else, 413 past `max_bytes`."""
    shown = str(path)
    try:
        _check_stat(os.stat(path), shown, field, max_bytes)  # before opening: opening a device can do things
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY | _CLOEXEC)
    except (OSError, ValueError) as exc:
        if isinstance(exc, ValueError):  # an embedded NUL
            raise Unprocessable(f"{field} is not a valid path.", field=field) from None
        raise _os_error(exc, shown, field) from None
    try:
        _check_stat(os.fstat(fd), shown, field, max_bytes)  # the path may have changed since the stat
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_regular(path: str | os.PathLike[str], max_bytes: int, field: str = "path") -> bytes:
    """The bytes of a regular file, at most `max_bytes` (files whose size the OS does not report, too)."""
    shown = str(path)
    with open_regular(path, max_bytes, field) as stream:
        try:
            data = stream.read(max_bytes + 1)
        except OSError as exc:
            raise _os_error(exc, shown, field) from None
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"{shown} is larger than {max_bytes // MB} MB; check that it is the right file.")
    return data


def absolute(path: str, field: str = "path") -> Path:
    """`path` as an absolute Path (~ expanded); 422 naming `field` for a relative one."""
    try:
        file = Path(path).expanduser()
    except RuntimeError:  # ~user that does not exist
        raise Unprocessable(f"{field}: give an absolute path on this computer.", field=field) from None
    if not file.is_absolute():
        raise Unprocessable(f"{field}: give an absolute path on this computer.", field=field)
    return file
