"""Local fake HTTP servers standing in for the music platforms, in real response shapes.

Shared by the tests and by ``--demo`` (which serves sample playlists from them), so both exercise one implementation.
"""
from plexm8.devtools.fakes.deezer import FakeDeezer
from plexm8.devtools.fakes.netease import FakeNetEase
from plexm8.devtools.fakes.platforms import FakePlatforms, fast_settings
from plexm8.devtools.fakes.qqmusic import FakeQQMusic
from plexm8.devtools.fakes.server import FakeServer, RecordedRequest, Reply
from plexm8.devtools.fakes.shortlinks import FakeShortLinks
from plexm8.devtools.fakes.spotify import FakeSpotify

__all__ = [
    "FakeDeezer", "FakeNetEase", "FakePlatforms", "FakeQQMusic", "FakeServer", "FakeShortLinks", "FakeSpotify",
    "RecordedRequest", "Reply", "fast_settings",
]
