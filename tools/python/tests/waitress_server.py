"""Serve an app with waitress on a free port, as the backend does, for tests over real HTTP."""
from __future__ import annotations

import contextlib
import threading
from typing import Any, Iterator

from waitress.server import create_server


@contextlib.contextmanager
def serving(app: Any, threads: int = 8, **options: Any) -> Iterator[str]:
    """Yield the base URL of `app` served by waitress with `threads` threads; stop it afterwards."""
    server = create_server(app, host="127.0.0.1", port=0, threads=threads, **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
