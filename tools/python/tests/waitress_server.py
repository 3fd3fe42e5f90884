"""Serve an app with waitress on a free port, as the backend does, for tests over real HTTP."""
from __future__ import annotations

import contextlib
import threading
from typing import Any, Iterator

from waitress import wasyncore
from waitress.server import create_server


def stop(server: Any, thread: threading.Thread | None = None, timeout: float = 10) -> None:
    """Close a waitress server whose loop runs in another thread, from inside that loop: closing its sockets
    from here would pull them from under the loop's select(), which then dies with EBADF."""
    server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    if thread is not None:
        thread.join(timeout)


@contextlib.contextmanager
def serving(app: Any, threads: int = 8, **options: Any) -> Iterator[str]:
    """Yield the base URL of `app` served by waitress with `threads` threads; stop it afterwards."""
    server = create_server(app, host="127.0.0.1", port=0, threads=threads, **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop(server, thread)
