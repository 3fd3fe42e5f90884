"""Secrets at rest: Fernet encryption with a key file created 0600 in the data folder."""
from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from plexm8.errors import StartupError
from plexm8.logging_setup import register_secret

KEY_FILE = "secret.key"


class SecretBox:
    """Encrypts and decrypts the secrets the backend stores."""

    def __init__(self, data_dir: Path) -> None:
        self.key_path = Path(data_dir) / KEY_FILE
        self._loaded: Fernet | None = None

    @property
    def _fernet(self) -> Fernet:
        if self._loaded is None:
            self.load()
        assert self._loaded is not None
        return self._loaded

    def load(self, *, create: bool = True) -> None:
        """Read the key file, creating it (0600) when missing and `create`; StartupError if it cannot be used."""
        key = self._read_or_create_key(create)
        try:
            self._loaded = Fernet(key)
        except ValueError:
            raise StartupError(
                f"{self.key_path} is not a valid key file; restore the original from a backup "
                "(or delete it and enter your Plex tokens again)."
            ) from None

    def _read_or_create_key(self, create: bool) -> bytes:
        if not create:
            try:
                return self.key_path.read_bytes().strip()
            except FileNotFoundError:
                raise StartupError(
                    f"{self.key_path} is missing but the store holds secrets encrypted with it; restore the file "
                    "from a backup, or delete plexm8.db to start over (tokens must then be entered again)."
                ) from None
        self.key_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return self.key_path.read_bytes().strip()
        key = Fernet.generate_key()
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key

    def encrypt(self, value: str) -> str:
        """Encrypt `value`; the plain value is also registered for masking."""
        register_secret(value)
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """Decrypt a stored value; a foreign or damaged value raises ValueError."""
        try:
            value = self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError) as exc:
            raise ValueError(f"cannot decrypt a stored secret with {self.key_path.name}") from exc
        register_secret(value)
        return value
