"""Matching files by path: an explicit prefix map, else the longest common path suffix (Artist/Album/file)."""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence
from urllib.parse import unquote, urlsplit

MIN_SUFFIX = 2  # the file name alone is too weak: "01 Intro.mp3" exists on many albums


def path_parts(path: str) -> tuple[str, ...]:
    """A path's components, case-folded, separators and file:// URLs of macOS, Windows and Linux alike."""
    text = path.strip()
    if text.lower().startswith("file:"):
        parts = urlsplit(text)
        text = unquote(parts.path)
        if parts.netloc and parts.netloc.lower() != "localhost":
            text = f"//{parts.netloc}{text}"
    text = unicodedata.normalize("NFC", text).replace("\\", "/")
    text = re.sub(r"^/?[A-Za-z]:/", "/", text)  # drive letters
    return tuple(p.casefold() for p in text.split("/") if p and p != ".")


@dataclass(frozen=True)
class PathRule:
    """Replace the prefix `source` of a path with `target` (both as the user wrote them)."""

    source: str
    target: str


def apply_path_map(path: str, rules: Sequence[PathRule]) -> str:
    """`path` with the first matching prefix rule applied (compared without case or separator differences)."""
    parts = path_parts(path)
    for rule in rules:
        prefix = path_parts(rule.source)
        if parts[: len(prefix)] == prefix:
            return "/" + "/".join(path_parts(rule.target) + parts[len(prefix):])
    return path


class PathMatcher:
    """Finds the library track of a file path: exact path first, then the longest common suffix."""

    def __init__(self, tracks: Iterable[tuple[int, str | None]]) -> None:
        self._exact: dict[tuple[str, ...], int] = {}
        self._by_name: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        for rating_key, file_path in tracks:
            if not file_path:
                continue
            parts = path_parts(file_path)
            if not parts:
                continue
            self._exact[parts] = rating_key
            self._by_name[parts[-1]].append((parts, rating_key))

    def match(self, path: str, rules: Sequence[PathRule] = ()) -> tuple[int, str] | None:
        """(ratingKey, "path"|"path-suffix") for `path`, or None when no single track fits."""
        parts = path_parts(apply_path_map(path, rules) if rules else path)
        if not parts:
            return None
        exact = self._exact.get(parts)
        if exact is not None:
            return exact, "path"
        best_len = 0
        best: list[int] = []
        for candidate, rating_key in self._by_name.get(parts[-1], ()):
            common = 0
            for a, b in zip(reversed(candidate), reversed(parts)):
                if a != b:
                    break
                common += 1
            if common > best_len:
                best_len, best = common, [rating_key]
            elif common == best_len:
                best.append(rating_key)
        if best_len >= MIN_SUFFIX and len(best) == 1:
            return best[0], "path-suffix"
        return None
