"""Alias of ``plexm8.devtools.fakes.shortlinks`` (the one implementation), for tests written against the old path."""
import sys

from plexm8.devtools.fakes import shortlinks

sys.modules[__name__] = shortlinks
