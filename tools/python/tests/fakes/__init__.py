"""The platform fakes live in ``plexm8.devtools.fakes`` (the demo serves from them too); this package keeps
their pytest fixtures (``fixtures.py``) and the old import paths as aliases."""
from plexm8.devtools.fakes import (
    FakeDeezer,
    FakeNetEase,
    FakePlatforms,
    FakeQQMusic,
    FakeServer,
    FakeShortLinks,
    FakeSpotify,
    RecordedRequest,
    Reply,
    fast_settings,
)

__all__ = [
    "FakeDeezer", "FakeNetEase", "FakePlatforms", "FakeQQMusic", "FakeServer", "FakeShortLinks", "FakeSpotify",
    "RecordedRequest", "Reply", "fast_settings",
]
