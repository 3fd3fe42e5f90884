"""Local fake HTTP servers standing in for the music platforms in tests."""
from tests.fakes.deezer import FakeDeezer
from tests.fakes.netease import FakeNetEase
from tests.fakes.platforms import FakePlatforms, fast_settings
from tests.fakes.qqmusic import FakeQQMusic
from tests.fakes.server import FakeServer, RecordedRequest, Reply
from tests.fakes.shortlinks import FakeShortLinks
from tests.fakes.spotify import FakeSpotify

__all__ = [
    "FakeDeezer", "FakeNetEase", "FakePlatforms", "FakeQQMusic", "FakeServer", "FakeShortLinks", "FakeSpotify",
    "RecordedRequest", "Reply", "fast_settings",
]
