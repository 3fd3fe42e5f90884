"""Request and response models shared by several areas of the API."""
from __future__ import annotations

from pydantic import BaseModel, Field


class PathMapRule(BaseModel):
    """Rewrite a path prefix of another computer (`from`) to where Plex sees the files (`to`)."""

    from_: str = Field(alias="from", min_length=1, max_length=1000)
    to: str = Field(min_length=1, max_length=1000)


class CreatedPlaylist(BaseModel):
    """A playlist just made in Plex."""

    key: str
    ratingKey: str
    title: str
    type: str
    itemCount: int


class DeletedById(BaseModel):
    """What a deletion by numeric id answers."""

    success: bool
    deleted: int
