"""Matching external tracks to the Plex library: normalisation, index, scoring, engine."""
from plexm8.services.matching.engine import MATCH_THRESHOLD, match_track, match_tracks
from plexm8.services.matching.index import MatchIndex
from plexm8.services.matching.normalize import ParsedTitle, normalize_text, parse_title, split_artists
from plexm8.services.matching.score import score_pair
from plexm8.services.matching.types import Candidate, LibraryTrack, MatchResult

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
