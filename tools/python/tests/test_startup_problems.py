"""Start-up problems with the data folder end with one line saying what to do, a non-zero exit and no traceback."""
from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from plexm8 import create_app
from plexm8.config import Settings

from tests.backend_process import free_port, run_backend


def _prepared(tmp_path: Path) -> Path:
    """A data folder a backend has used: a store with one server whose token is encrypted."""
    data = tmp_path / "data"
    app = create_app(Settings(data_dir=data, scheduler_enabled=False))
    app.extensions["plexm8"].start(workers=False)
    created = app.test_client().post("/api/settings/servers",
                                     json={"name": "Home", "url": "http://10.0.0.1:32400", "token": "token-abcdef-123"})
    assert created.status_code == 201
    app.extensions["plexm8"].close()
    return data


def _one_line(result, *words: str) -> str:
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and lines[0].startswith("PlexM8: ")
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_a_damaged_database_header(tmp_path):
    data = _prepared(tmp_path)
    with open(data / "plexm8.db", "r+b") as handle:
        handle.write(b"this is not sqlite at all")
    _one_line(run_backend(tmp_path, "--port", str(free_port())), "plexm8.db", "move it aside")


def test_a_store_written_by_a_newer_version(tmp_path):
    data = _prepared(tmp_path)
    with sqlite3.connect(data / "plexm8.db") as conn:
        conn.execute("PRAGMA user_version = 999")
    _one_line(run_backend(tmp_path, "--port", str(free_port())), "newer PlexM8", "upgrade")
    with sqlite3.connect(data / "plexm8.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 999  # untouched


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_data_folder(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        _one_line(run_backend(tmp_path, "--port", str(free_port())), str(data), "PLEXM8_DATA_DIR")
    finally:
        data.chmod(stat.S_IRWXU)


def test_a_data_folder_that_is_a_file(tmp_path):
    (tmp_path / "data").write_text("not a folder")
    _one_line(run_backend(tmp_path, "--port", str(free_port())), "PLEXM8_DATA_DIR")


def test_a_key_file_that_does_not_decrypt_the_stored_secrets(tmp_path):
    data = _prepared(tmp_path)
    (data / "secret.key").write_bytes(Fernet.generate_key())
    _one_line(run_backend(tmp_path, "--port", str(free_port())), "secret.key", "original key file")


def test_a_malformed_key_file(tmp_path):
    data = _prepared(tmp_path)
    (data / "secret.key").write_bytes(b"not-a-fernet-key")
    _one_line(run_backend(tmp_path, "--port", str(free_port())), "secret.key", "not a valid key file")


def test_a_missing_key_file_with_encrypted_secrets_is_never_silently_replaced(tmp_path):
    data = _prepared(tmp_path)
    (data / "secret.key").unlink()
    _one_line(run_backend(tmp_path, "--port", str(free_port())), "secret.key", "missing")
    assert not (data / "secret.key").exists()
