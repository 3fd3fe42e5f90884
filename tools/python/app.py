"""PlexM8 Companion entry point: `python tools/python/app.py [--demo] [--host H] [--port P]`."""
from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from plexm8.serve import main

    sys.exit(main())
