"""iTunes / MusicBee library XML built from simulator tracks, the way those players write it."""
from __future__ import annotations

import datetime as dt
import plistlib
from typing import Any
from urllib.parse import quote

MAC_ROOT = "file:///Users/me/Music/iTunes/iTunes%20Media/Music/"
WINDOWS_ROOT = "file://localhost/C:/Users/Me/Music/MusicBee/"
ADDED = dt.datetime(2020, 5, 1, 12, 0, 0)


def relative(track: Any) -> str:
    """A simulator track's path below the library root: Artist/Album/NN - Title.ext."""
    return track.file.split("/music/", 1)[1]


def location(root: str, track: Any) -> str:
    """The file URL of `track` under another library root (percent-encoded like iTunes does)."""
    return root + quote(relative(track))


def track_entry(track_id: int, track: Any, library: Any, *, root: str = MAC_ROOT, rating: int | None = None,
                computed: bool = False, **extra: Any) -> dict[str, Any]:
    """One entry of the Tracks dictionary for a simulator track (Rating 0–100, or none)."""
    entry: dict[str, Any] = {
        "Track ID": track_id,
        "Size": 7_340_032,
        "Total Time": track.duration_ms,
        "Track Number": track.index,
        "Date Added": ADDED,
        "Name": track.title,
        "Artist": track.original_title or library.artists[track.artist_key].title,
        "Album Artist": library.artists[track.artist_key].title,
        "Album": library.albums[track.album_key].title,
        "Kind": "FLAC audio file",
        "Persistent ID": f"{track_id:016X}",
        "Track Type": "File",
    }
    if rating is not None:
        entry["Rating"] = rating
    if computed:
        entry["Rating Computed"] = True
    entry["Location"] = location(root, track)
    entry.update(extra)
    return entry


def library_xml(entries: list[dict[str, Any]], *, music_folder: str = MAC_ROOT, sort_keys: bool = False) -> bytes:
    """A whole library plist: header keys, Tracks, then Playlists (the order iTunes writes)."""
    library = {
        "Major Version": 1,
        "Minor Version": 1,
        "Date": ADDED,
        "Application Version": "12.13.2.3",
        "Features": 5,
        "Show Content Ratings": True,
        "Music Folder": music_folder,
        "Library Persistent ID": "0123456789ABCDEF",
        "Tracks": {str(e["Track ID"]): e for e in entries},
        "Playlists": [{
            "Name": "Library", "Master": True, "Playlist ID": 1, "All Items": True,
            "Playlist Items": [{"Track ID": e["Track ID"]} for e in entries],
        }],
    }
    return plistlib.dumps(library, sort_keys=sort_keys)
