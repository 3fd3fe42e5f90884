"""Plex-bound requests: fail fast while the status monitor knows Plex is down or hung, and take a bounded slot."""
from __future__ import annotations

from flask import Flask, g, has_request_context

from plexm8.runtime import Runtime


def init_app(app: Flask, runtime: Runtime) -> None:
    """Guard every PlexService the registry hands to a request; the slot is released when the request ends."""
    gate, monitor = runtime.plex_gate, runtime.plex_status

    def guard(server_id: int, fail_fast: bool) -> None:
        if not has_request_context() or g.get("plexm8_plex_slot"):
            return  # background jobs have their own pool; a request holds at most one slot
        if fail_fast:
            failure = monitor.failure(server_id)
            if failure is not None:
                raise failure
        gate.acquire()
        g.plexm8_plex_slot = True

    runtime.servers.guard = guard

    @app.teardown_request
    def release_slot(_exc: BaseException | None) -> None:
        if g.pop("plexm8_plex_slot", False):
            gate.release()
