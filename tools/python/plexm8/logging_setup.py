"""Logging: handlers configured once at start, and a filter that masks secrets everywhere."""
from __future__ import annotations

import logging
import re
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Iterable

MASK = "****"
MIN_SECRET_LENGTH = 8  # shorter values would mask ordinary words; real tokens are 20+ characters
_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_pattern: re.Pattern[str] | None = None

# Token-shaped values in URLs, headers and JSON, whatever their value.
_GENERIC = re.compile(
    r"(?i)((?:x-plex-token|x-plexm8-token|token|authtoken|access_token|client_secret|password|api_key)"
    r"[\"']?\s*[:=]\s*[\"']?)([^\s\"'&,;}]+)"
)
_URL_USERINFO = re.compile(r"(?<=://)[^/\s@\"']+@")  # user:password@ inside a URL
LOGGERS = ("plexm8", "plexapi", "urllib3", "waitress", "werkzeug", "requests", "schedule")


def register_secret(value: str | None) -> None:
    """Remember a secret so that every later log line and error message masks it."""
    global _pattern
    if not value or len(value) < MIN_SECRET_LENGTH:
        return
    with _secrets_lock:
        if value in _secrets:
            return
        _secrets.add(value)
        ordered = sorted(_secrets, key=len, reverse=True)
        _pattern = re.compile("|".join(re.escape(s) for s in ordered))


def mask_secrets(text: str) -> str:
    """`text` with every registered secret and token-shaped value replaced by ****."""
    pattern = _pattern
    if pattern is not None:
        text = pattern.sub(MASK, text)
    text = _URL_USERINFO.sub(MASK + "@", text)
    return _GENERIC.sub(lambda m: m.group(1) + MASK, text)


class SecretMaskFilter(logging.Filter):
    """Masks secrets in the message, its arguments and the traceback of a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = str(record.msg)
        record.msg = mask_secrets(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text)
        return True


_mask_filter = SecretMaskFilter()


def install_mask_filter(handlers: Iterable[logging.Handler] = ()) -> None:
    """Attach the mask filter to our handlers and to the loggers of every library we use."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _mask_filter not in logger.filters:
            logger.addFilter(_mask_filter)
        for handler in logger.handlers:
            if _mask_filter not in handler.filters:
                handler.addFilter(_mask_filter)
    for handler in list(handlers) + logging.getLogger().handlers:
        if _mask_filter not in handler.filters:
            handler.addFilter(_mask_filter)


def configure_logging(data_dir: Path, level: str = "INFO", *, console: bool = True) -> None:
    """Configure the root logger once: console and a rotating file in the data folder, all masked."""
    root = logging.getLogger()
    if getattr(root, "_plexm8_configured", False):
        return
    fmt = logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    logs = Path(data_dir) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    file_handler = RotatingFileHandler(logs / "plexm8.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handlers.append(file_handler)
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(fmt)
        handler.setLevel(level)
        root.addHandler(handler)
    root.setLevel(level)
    install_mask_filter(handlers)
    root._plexm8_configured = True  # type: ignore[attr-defined]
