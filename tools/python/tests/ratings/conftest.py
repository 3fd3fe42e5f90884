"""A Plex simulator with known ratings and library XML exports of the same tracks from other computers."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.ratings.library_xml import MAC_ROOT, library_xml, track_entry

# role → (Plex rating before the import, the source's Rating 0–100 or None)
ROLES: dict[str, tuple[float | None, int | None]] = {
    "new": (None, 80),
    "raise": (6.0, 100),
    "lower": (8.0, 40),
    "same": (6.0, 60),
    "computed": (None, 80),  # Rating Computed: derived from the album, skipped
    "unrated": (None, None),
    "dup": (None, 60),  # listed twice: 60 and 80
    "meta": (None, 100),  # the file was renamed: only metadata can match it
}


@dataclass
class RatingsEnv:
    """The simulator, an app client, and which simulator track plays which role."""

    sim: Any
    client: Any
    tracks: dict[str, Any] = field(default_factory=dict)

    def rating(self, role: str) -> float | None:
        """The rating Plex holds now for a role's track."""
        return self.sim.library.tracks[self.tracks[role].rating_key].user_rating

    def rate_writes(self) -> list[str]:
        """Rating writes Plex received since the last reset."""
        return [path for method, path in self.sim.requests if method == "PUT" and path.startswith("/:/rate")]

    def key(self, role: str) -> str:
        """The role's track_key."""
        return f"/library/metadata/{self.tracks[role].rating_key}"

    def sync(self, **body: Any):
        """POST /api/ratings/sync as JSON."""
        return self.client.post("/api/ratings/sync", json=body)

    def upload(self, data: bytes, filename: str, **fields: str):
        """POST /api/ratings/sync as a multipart upload."""
        return self.client.post(
            "/api/ratings/sync",
            data={"file": (io.BytesIO(data), filename), **fields},
            headers={"X-PlexM8-Upload": "1"},
            content_type="multipart/form-data",
        )


def _unique_title_tracks(library: Any) -> list[Any]:
    titles: dict[str, int] = {}
    for track in library.tracks.values():
        titles[track.title.casefold()] = titles.get(track.title.casefold(), 0) + 1
    return [t for t in sorted(library.tracks.values(), key=lambda t: t.rating_key) if titles[t.title.casefold()] == 1]


@pytest.fixture
def ratings_env(plex_sim, plex_client) -> RatingsEnv:
    """Roles assigned to simulator tracks, their Plex ratings set as ROLES says."""
    env = RatingsEnv(plex_sim, plex_client)
    candidates = _unique_title_tracks(plex_sim.library)[::7]
    for role, track in zip(ROLES, candidates):
        env.tracks[role] = track
        plex_sim.library.rate(track.rating_key, ROLES[role][0])
    return env


def role_entries(env: RatingsEnv, *, root: str = MAC_ROOT) -> list[dict[str, Any]]:
    """Library XML entries for every role, plus a duplicate, a renamed file and a song Plex does not have."""
    library = env.sim.library
    entries = []
    for number, (role, track) in enumerate(env.tracks.items(), start=1):
        rating = ROLES[role][1]
        entry = track_entry(number, track, library, root=root, rating=rating, computed=role == "computed")
        if role == "meta":
            entry["Location"] = root + "Unsorted/renamed%20file.flac"
        entries.append(entry)
    entries.append(track_entry(90, env.tracks["dup"], library, root=root, rating=80))
    absent = dict(entries[0], **{"Track ID": 91, "Name": "No Such Song", "Artist": "Nobody Known",
                                 "Album": "Never Released", "Rating": 100,
                                 "Location": root + "Nobody%20Known/Never%20Released/01%20No%20Such%20Song.flac"})
    entries.append(absent)
    return entries


@pytest.fixture
def itunes_file(ratings_env, tmp_path):
    """An iTunes library XML (macOS paths) of every role, on disk."""
    path = tmp_path / "iTunes Music Library.xml"
    path.write_bytes(library_xml(role_entries(ratings_env)))
    return path
