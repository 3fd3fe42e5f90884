"""Alias of ``plexm8.devtools.fakes.spotify`` (the one implementation), for tests written against the old path."""
import sys

from plexm8.devtools.fakes import spotify

sys.modules[__name__] = spotify
