"""One typed table of settings, read from the environment, then `.env.local`, and validated."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

from plexm8.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_ENV_FILE = REPO_ROOT / ".env.local"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _parse_port(name: str, raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a port number (1-65535), got {raw!r}") from None
    if not 0 <= port <= 65535:
        raise ConfigError(f"{name} must be a port number (1-65535), got {raw!r}")
    return port


def _parse_positive(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a positive number, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be a positive number, got {raw!r}")
    return value


def _parse_url(name: str, raw: str) -> str:
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name} must be an http(s) URL such as http://127.0.0.1:32400, got {raw!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise ConfigError(f"{name} has a malformed port: {raw!r}") from None
    if parts.username is not None or "@" in parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{name} must be a plain URL without user:password@ or ?query (put the token in PLEX_TOKEN)")
    return raw.strip().rstrip("/")


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def _parse_list(name: str, raw: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _parse_origins(name: str, raw: str) -> tuple[str, ...]:
    origins = _parse_list(name, raw)
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
            raise ConfigError(f"{name} must list origins like https://example.com, got {origin!r}")
    return tuple(o.rstrip("/") for o in origins)


def _parse_api_token(name: str, raw: str) -> str:
    token = raw.strip()
    if len(token) < 16:
        raise ConfigError(f"{name} must be at least 16 characters (a long random string), got {len(token)}")
    return token


def _parse_level(name: str, raw: str) -> str:
    level = raw.strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"{name} must be one of {', '.join(LOG_LEVELS)}, got {raw!r}")
    return level


def _parse_str(name: str, raw: str) -> str | None:
    return raw.strip() or None


def _setting(env: str, parse: Callable[[str, str], Any], default: Any, doc: str) -> Any:
    return field(default=default, metadata={"env": env, "parse": parse, "doc": doc})


@dataclass(frozen=True)
class SyncExample:
    """A playlist link the Sync page offers to try (the demo's sample playlists)."""

    name: str
    url: str
    provider: str


@dataclass(frozen=True)
class Settings:
    """Every setting of the backend; see .env.local.template and docs/configuration.md."""

    plex_server_url: str | None = _setting("PLEX_SERVER_URL", _parse_url, None, "default Plex server")
    plex_token: str | None = _setting("PLEX_TOKEN", _parse_str, None, "its token")
    plex_music_section: str | None = _setting("PLEX_MUSIC_SECTION", _parse_str, None, "music section title")
    port: int = _setting("PORT", _parse_port, 5000, "listen port")
    host: str = _setting("HOST", _parse_str, "127.0.0.1", "listen address")
    data_dir: Path | None = _setting("PLEXM8_DATA_DIR", lambda n, r: Path(r).expanduser(), None, "data folder")
    cors_origins: tuple[str, ...] = _setting("CORS_ORIGINS", _parse_origins, (), "extra browser origins")
    allowed_hosts: tuple[str, ...] = _setting("PLEXM8_ALLOWED_HOSTS", _parse_list, (), "extra Host names")
    api_token: str | None = _setting("PLEXM8_API_TOKEN", _parse_api_token, None, "API token for /api/*")
    log_level: str = _setting("LOG_LEVEL", _parse_level, "INFO", "log level")
    debug: bool = _setting("DEBUG", _parse_bool, False, "debug logging")
    max_upload_mb: float = _setting("PLEXM8_MAX_UPLOAD_MB", _parse_positive, 50.0, "request body limit")
    plex_timeout_s: float = _setting("PLEXM8_PLEX_TIMEOUT", _parse_positive, 10.0, "Plex request timeout")
    plex_check_interval_s: float = _setting("PLEXM8_PLEX_CHECK_INTERVAL", _parse_positive, 30.0, "status check period")
    scheduler_enabled: bool = _setting("PLEXM8_SCHEDULER", _parse_bool, True, "run scheduled syncs")
    plex_tv_url: str = _setting("PLEXM8_PLEX_TV_URL", _parse_url, "https://plex.tv", "plex.tv base")
    netease_base_url: str = _setting("PLEXM8_NETEASE_BASE_URL", _parse_url, "https://music.163.com", "NetEase")
    qqmusic_base_url: str = _setting("PLEXM8_QQMUSIC_BASE_URL", _parse_url, "https://c.y.qq.com", "QQ Music")
    qqmusic_u_base_url: str = _setting("PLEXM8_QQMUSIC_U_BASE_URL", _parse_url, "https://u.y.qq.com", "QQ musicu")
    spotify_api_url: str = _setting("PLEXM8_SPOTIFY_API_URL", _parse_url, "https://api.spotify.com", "Spotify API")
    spotify_accounts_url: str = _setting(
        "PLEXM8_SPOTIFY_ACCOUNTS_URL", _parse_url, "https://accounts.spotify.com", "Spotify accounts"
    )
    spotify_client_id: str | None = _setting("SPOTIFY_CLIENT_ID", _parse_str, None, "Spotify client id")
    spotify_client_secret: str | None = _setting("SPOTIFY_CLIENT_SECRET", _parse_str, None, "Spotify secret")
    netease_cookie: str | None = _setting("PLEXM8_NETEASE_COOKIE", _parse_str, None, "NetEase login cookie")
    deezer_base_url: str = _setting("PLEXM8_DEEZER_BASE_URL", _parse_url, "https://api.deezer.com", "Deezer")
    demo: bool = False
    sync_examples: tuple[SyncExample, ...] = ()  # set by --demo: links to its sample playlists
    events_stream_s: float = 45.0  # one /api/events response lasts this long; the browser then reconnects
    events_keepalive_s: float = 15.0
    events_max_streams: int = 4  # event streams held at once; waitress gets this many threads more (server_threads)
    downloads_enabled: bool = True  # the download loop's thread starts with the other background workers
    download_poll_s: float = _setting("PLEXM8_DOWNLOAD_POLL", _parse_positive, 0.5, "download loop period")
    download_stall_s: float = _setting("PLEXM8_DOWNLOAD_STALL_TIMEOUT", _parse_positive, 120.0, "stalled transfer")
    download_queue_timeout_s: float = _setting(
        "PLEXM8_DOWNLOAD_QUEUE_TIMEOUT", _parse_positive, 600.0, "transfer not started")
    download_retry_s: float = _setting("PLEXM8_DOWNLOAD_RETRY", _parse_positive, 30.0, "first retry pause")
    download_scan_timeout_s: float = _setting(
        "PLEXM8_DOWNLOAD_SCAN_TIMEOUT", _parse_positive, 300.0, "wait for Plex to index a file")

    def resolved_data_dir(self) -> Path:
        """The data folder: PLEXM8_DATA_DIR or the per-user data folder."""
        if self.data_dir is not None:
            return self.data_dir
        import platformdirs

        return Path(platformdirs.user_data_dir("plexm8", appauthor=False))

    def max_body_bytes(self) -> int:
        """The largest request body accepted (PLEXM8_MAX_UPLOAD_MB)."""
        return int(self.max_upload_mb * 1024 * 1024)

    def secret_values(self) -> list[str]:
        """Configured secrets, for masking in logs and errors."""
        values = (self.plex_token, self.api_token, self.spotify_client_secret, self.netease_cookie)
        return [v for v in values if v]

    def replace(self, **changes: Any) -> "Settings":
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)


def env_settings() -> list[dataclasses.Field]:
    """The settings that come from environment variables."""
    return [f for f in dataclasses.fields(Settings) if "env" in f.metadata]


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: Path | None = DEFAULT_ENV_FILE,
    **overrides: Any,
) -> Settings:
    """Read settings from the environment, then `.env.local`; raise ConfigError naming a bad variable."""
    environ = os.environ if environ is None else environ
    file_values: dict[str, str | None] = {}
    if env_file is not None and Path(env_file).is_file():
        from dotenv import dotenv_values

        file_values = dotenv_values(env_file)
    values: dict[str, Any] = {}
    for f in env_settings():
        name = f.metadata["env"]
        raw = environ.get(name)
        if raw is None:
            raw = file_values.get(name)
        if raw is None or not raw.strip():
            continue
        values[f.name] = f.metadata["parse"](name, raw)
    values.update(overrides)
    return Settings(**values)
