"""Alias of ``plexm8.devtools.fakes.platforms`` (the one implementation), for tests written against the old path."""
import sys

from plexm8.devtools.fakes import platforms

sys.modules[__name__] = platforms
