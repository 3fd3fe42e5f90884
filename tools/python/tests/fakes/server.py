"""Alias of ``plexm8.devtools.fakes.server`` (the one implementation), for tests written against the old path."""
import sys

from plexm8.devtools.fakes import server

sys.modules[__name__] = server
