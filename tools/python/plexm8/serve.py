"""Command line: parse arguments, load settings, create the app and serve it with waitress."""
from __future__ import annotations

import argparse
import errno
import logging
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from plexm8.errors import ConfigError, StartupError

if TYPE_CHECKING:
    from plexm8.devtools.demo import Demo

log = logging.getLogger("plexm8")
DEMO_TRACKS = 2000


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(prog="app.py", description="PlexM8 Companion: a local backend for Plex music.")
    parser.add_argument("--demo", action="store_true", help="start a simulated Plex server with a sample library, sample playlists "
                        "to sync and a fake downloader")
    parser.add_argument("--host", help="listen address (default HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, help="listen port (default PORT or 5000)")
    parser.add_argument("--demo-tracks", type=int, default=DEMO_TRACKS, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def port_in_use_message(host: str, port: int) -> str:
    """The one-line reason shown when the port is taken."""
    message = f"Port {port} on {host} is already in use; stop the other program or start with --port {port + 1}."
    if port == 5000:
        message += " (On macOS, AirPlay Receiver holds port 5000: turn it off in System Settings > General > AirDrop & Handoff, or use --port 5001.)"
    return message


def check_port_free(host: str, port: int) -> str | None:
    """None when host:port can be listened on, else the one-line reason it cannot."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"cannot resolve HOST {host!r}: {exc.strerror}"
    family, socktype, proto, _, address = infos[0]
    with socket.socket(family, socktype, proto) as probe:
        if os.name != "nt":  # as waitress does; on Windows SO_REUSEADDR would let two servers share the port
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
                return port_in_use_message(host, port)
            if exc.errno == errno.EACCES:
                return f"no permission to listen on port {port}; use a port above 1024 (--port 5001)."
            return f"cannot listen on {host}:{port}: {exc.strerror}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the backend until interrupted; return the process exit code."""
    os.environ.setdefault("PLEXAPI_PLEXAPI_AUTORELOAD", "false")
    args = parse_args(argv)
    from plexm8.config import load_settings

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    if args.port is not None and not 0 < args.port < 65536:
        print(f"PlexM8: --port must be between 1 and 65535, got {args.port}", file=sys.stderr)
        return 2
    try:
        settings = load_settings(**overrides)
    except ConfigError as exc:
        print(f"PlexM8: configuration error: {exc}", file=sys.stderr)
        return 2

    problem = check_port_free(settings.host, settings.port)
    if problem:
        print(f"PlexM8: {problem}", file=sys.stderr)
        return 1

    demo: Demo | None = None
    demo_dir: Path | None = None
    if args.demo:
        from plexm8.devtools.demo import Demo

        demo_dir = Path(tempfile.mkdtemp(prefix="plexm8-demo-"))
        demo = Demo(args.demo_tracks, demo_dir)
        settings = settings.replace(data_dir=demo_dir, **demo.settings_overrides())

    from plexm8 import create_app
    from plexm8.logging_setup import configure_logging
    from plexm8.runtime import check_data_dir, server_threads
    from plexm8.wsgi_server import make_server

    try:
        check_data_dir(settings.resolved_data_dir())
        configure_logging(settings.resolved_data_dir(), "DEBUG" if settings.debug else settings.log_level)
    except StartupError as exc:
        print(f"PlexM8: {exc}", file=sys.stderr)
        _cleanup(demo, demo_dir)
        return 1
    if settings.host not in ("127.0.0.1", "localhost", "::1") and not settings.api_token:
        log.warning("Listening on %s without PLEXM8_API_TOKEN: anyone on the network can use this API.", settings.host)
    app = create_app(settings)
    runtime = app.extensions["plexm8"]
    try:
        server = make_server(app, host=settings.host, port=settings.port, threads=server_threads(settings),
                             max_body_bytes=settings.max_body_bytes())
    except OSError as exc:
        runtime.close()
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
            print(f"PlexM8: {port_in_use_message(settings.host, settings.port)}", file=sys.stderr)
        else:
            print(f"PlexM8: cannot listen on {settings.host}:{settings.port}: {exc.strerror}", file=sys.stderr)
        _cleanup(demo, demo_dir)
        return 1
    signal.signal(signal.SIGTERM, _stop_on_sigterm)  # a service manager's stop ends like Ctrl-C, cleanly
    runtime.library.long_lived = True  # this process serves until it exits (see LibraryIndex.match_index)
    try:
        runtime.start()
    except StartupError as exc:
        print(f"PlexM8: {exc}", file=sys.stderr)
        server.close()
        runtime.close()
        _cleanup(demo, demo_dir)
        return 1
    if demo is not None and demo.downloads is not None:
        from plexm8.devtools.demo import configure_demo_downloads

        task_id = configure_demo_downloads(runtime, demo.downloads)
        log.info("Demo: sync task %d has songs only the fake Soulseek network has; run it, then "
                 "POST /api/download/missing {\"task_id\": %d}", task_id, task_id)
    mode = " (demo: simulated Plex at " + demo.plex.url + ")" if demo else ""
    log.info("PlexM8 Companion listening on http://%s:%d%s", _display_host(settings.host), settings.port, mode)
    print(f"PlexM8 Companion: open http://{_display_host(settings.host)}:{settings.port}{mode}", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        log.info("Shutting down")
        server.close()
        runtime.close()
        _cleanup(demo, demo_dir)
    return 0


def _stop_on_sigterm(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _display_host(host: str) -> str:
    return "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host


def _cleanup(demo: Demo | None, demo_dir: Path | None) -> None:
    if demo is not None:
        demo.stop()
    if demo_dir is not None:
        shutil.rmtree(demo_dir, ignore_errors=True)
