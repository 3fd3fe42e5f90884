"""Importing ratings from desktop players: iTunes/Apple Music and MusicBee XML, foobar2000 exports, file tags."""
from __future__ import annotations

from plexm8.services.ratings.importer.types import RatingEntry, SourceRatings

__all__ = ["RatingEntry", "SourceRatings"]
