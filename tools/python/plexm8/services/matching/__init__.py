"""Matching external tracks to the Plex library: normalisation, index, scoring, engine."""
from .engine import MATCH_THRESHOLD, match_track, match_tracks
from .index import MatchIndex
from .normalize import ParsedTitle, normalize_text, parse_title, split_artists
from .score import score_pair
from .types import Candidate, LibraryTrack, MatchResult

__all__ = [
    "MATCH_THRESHOLD",
    "Candidate",
    "LibraryTrack",
    "MatchIndex",
    "MatchResult",
    "ParsedTitle",
    "match_track",
    "match_tracks",
    "normalize_text",
    "parse_title",
    "score_pair",
    "split_artists",
]
