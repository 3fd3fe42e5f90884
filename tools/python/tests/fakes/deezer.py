"""Alias of ``plexm8.devtools.fakes.deezer`` (the one implementation), for tests written against the old path."""
import sys

from plexm8.devtools.fakes import deezer

sys.modules[__name__] = deezer
