"""Alias of ``plexm8.devtools.fakes.qqmusic`` (the one implementation), for tests written against the old path."""
import sys

from plexm8.devtools.fakes import qqmusic

sys.modules[__name__] = qqmusic
