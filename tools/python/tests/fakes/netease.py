"""Alias of ``plexm8.devtools.fakes.netease`` (the one implementation), for tests written against the old path."""
import sys

from plexm8.devtools.fakes import netease

sys.modules[__name__] = netease
