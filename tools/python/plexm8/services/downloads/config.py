"""The downloads settings: stored in one row, the backend key encrypted, validated before anything changes."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from plexm8.errors import Unprocessable
from plexm8.models.entities import DownloadConfig, utcnow
from plexm8.services.downloads.files import check_template
from plexm8.services.servers.secrets import SecretBox

BACKENDS = ("none", "slskd", "songapi")
QUALITIES = ("lossless", "high", "standard")


@dataclass(frozen=True)
class DownloadSettings:
    """The settings as the loop uses them (the key decrypted)."""

    backend: str = "none"
    base_url: str | None = None
    api_key: str | None = None
    download_dir: str | None = None
    library_dir: str | None = None
    plex_library_path: str | None = None
    filename_template: str = "{artist}/{album}/{title}.{ext}"
    quality: str = "lossless"
    max_concurrent: int = 2
    duration_tolerance_s: float = 5.0
    auto_download: bool = False
    searches_per_minute: int = 10

    @property
    def configured(self) -> bool:
        """A backend is chosen and has what it needs to run."""
        if self.backend == "none" or not self.base_url or not self.library_dir:
            return False
        return self.backend != "slskd" or bool(self.api_key and self.download_dir)

    def public(self) -> dict[str, Any]:
        """The `settings` object of the API: the key only as `api_key_set`."""
        return {"backend": self.backend, "base_url": self.base_url, "api_key_set": bool(self.api_key),
                "download_dir": self.download_dir, "library_dir": self.library_dir,
                "plex_library_path": self.plex_library_path, "filename_template": self.filename_template,
                "quality": self.quality, "max_concurrent": self.max_concurrent,
                "duration_tolerance_s": self.duration_tolerance_s, "auto_download": self.auto_download,
                "searches_per_minute": self.searches_per_minute}


def load(secrets: SecretBox) -> DownloadSettings:
    """The stored settings (defaults when none were saved)."""
    row = DownloadConfig.get_or_none(DownloadConfig.id == 1)
    if row is None:
        return DownloadSettings()
    key = None
    if row.api_key_encrypted:
        try:
            key = secrets.decrypt(row.api_key_encrypted)
        except ValueError:
            key = None  # a key file replaced since: the user must enter the key again
    return DownloadSettings(
        backend=row.backend, base_url=row.base_url, api_key=key, download_dir=row.download_dir,
        library_dir=row.library_dir, plex_library_path=row.plex_library_path,
        filename_template=row.filename_template, quality=row.quality, max_concurrent=row.max_concurrent,
        duration_tolerance_s=row.duration_tolerance_s, auto_download=bool(row.auto_download),
        searches_per_minute=row.searches_per_minute,
    )


def _writable_dir(name: str, value: str) -> str:
    path = Path(value).expanduser()
    if not path.is_absolute():
        raise Unprocessable(f"{name} must be an absolute path to a folder on this computer.", field=name)
    if not path.is_dir():
        raise Unprocessable(f"{name}: there is no folder at {path}; create it first.", field=name)
    if not os.access(path, os.W_OK | os.X_OK):
        raise Unprocessable(f"{name}: the folder {path} is not writable by PlexM8.", field=name)
    return str(path)


def validate(changes: dict[str, Any]) -> dict[str, Any]:
    """Check changed values (422 naming the field); returns them normalised."""
    out = dict(changes)
    if "base_url" in out and out["base_url"]:
        parts = urlsplit(str(out["base_url"]).strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Unprocessable("base_url must be an http(s) URL such as http://localhost:5030.", field="base_url")
        out["base_url"] = str(out["base_url"]).strip().rstrip("/")
    for name in ("download_dir", "library_dir"):
        if out.get(name):
            out[name] = _writable_dir(name, str(out[name]))
    if "filename_template" in out:
        problem = check_template(str(out["filename_template"] or ""))
        if problem:
            raise Unprocessable(f"filename_template: {problem}.", field="filename_template")
    if "plex_library_path" in out and out["plex_library_path"]:
        out["plex_library_path"] = str(out["plex_library_path"]).rstrip("/\\") or "/"
    return out


def update(secrets: SecretBox, changes: dict[str, Any]) -> DownloadSettings:
    """Apply a partial update after validating it; `api_key` is stored encrypted (empty string clears it)."""
    clean = validate(changes)
    row = DownloadConfig.get_or_none(DownloadConfig.id == 1) or DownloadConfig(id=1)
    names = {f.name for f in fields(DownloadSettings)} - {"api_key"}
    for name, value in clean.items():
        if name == "api_key":
            row.api_key_encrypted = secrets.encrypt(value) if value else None
        elif name in names:
            setattr(row, name, value)
    row.updated_at = utcnow()
    if DownloadConfig.get_or_none(DownloadConfig.id == 1) is None:
        row.save(force_insert=True)
    else:
        row.save()
    return load(secrets)
