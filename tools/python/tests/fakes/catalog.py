"""Alias of ``plexm8.devtools.fakes.catalog`` (the one implementation), for tests written against the old path."""
import sys

from plexm8.devtools.fakes import catalog

sys.modules[__name__] = catalog
