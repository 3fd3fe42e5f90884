"""What every ratings source yields: rated entries on Plex's 0–10 scale, and what was skipped."""
from __future__ import annotations

from dataclasses import dataclass, field

MAX_WARNINGS = 50


@dataclass(frozen=True)
class RatingEntry:
    """One rated track of a source, its rating already on Plex's 0–10 scale."""

    source_id: str  # iTunes Track ID, "line N", or the file path
    rating: float
    title: str = ""
    artist: str = ""
    album: str = ""
    path: str | None = None
    duration_ms: int | None = None


@dataclass
class SourceRatings:
    """Everything one source file (or folder) holds: rated entries, a count of the rest, and warnings."""

    source: str
    entries: list[RatingEntry] = field(default_factory=list)
    read: int = 0  # tracks read, rated or not
    skipped: int = 0  # read but not imported: unrated, album-derived (Rating Computed) or unreadable values
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        """Keep a warning for the report (the first MAX_WARNINGS)."""
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)
