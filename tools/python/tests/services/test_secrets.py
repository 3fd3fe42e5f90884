"""Secrets are encrypted at rest with a 0600 key file and masked in every log line and error."""
from __future__ import annotations

import logging
import os
import sqlite3
import stat

from plexm8.logging_setup import SecretMaskFilter, mask_secrets, register_secret
from plexm8.services.servers.secrets import SecretBox


def test_key_file_is_created_0600_and_reused(tmp_path):
    box = SecretBox(tmp_path)
    assert not (tmp_path / "secret.key").exists()  # nothing is written until the key is needed
    box.load()
    mode = stat.S_IMODE(os.stat(tmp_path / "secret.key").st_mode)
    assert mode == 0o600
    token = box.encrypt("my-plex-token-123")
    assert "my-plex-token-123" not in token
    assert SecretBox(tmp_path).decrypt(token) == "my-plex-token-123"


def test_a_foreign_key_cannot_decrypt(tmp_path):
    token = SecretBox(tmp_path / "a").encrypt("value-one")
    try:
        SecretBox(tmp_path / "b").decrypt(token)
    except ValueError as exc:
        assert "value-one" not in str(exc)
    else:
        raise AssertionError("decrypting with another key must fail")


def test_tokens_are_stored_encrypted_and_never_returned(make_app, tmp_path):
    app = make_app()
    client = app.test_client()
    response = client.post(
        "/api/settings/servers", json={"name": "Home", "url": "http://10.1.1.1:32400", "token": "PlainTok3nValue"}
    )
    assert response.status_code == 201
    assert "PlainTok3nValue" not in response.get_data(as_text=True)
    listing = client.get("/api/settings/servers").get_data(as_text=True)
    assert "PlainTok3nValue" not in listing and '"token_set":true' in listing.replace(" ", "")
    raw = sqlite3.connect(tmp_path / "data" / "plexm8.db").execute("SELECT token_encrypted FROM plex_server").fetchone()
    assert raw[0] and "PlainTok3nValue" not in raw[0]


def test_mask_hides_registered_secrets_and_token_shaped_values():
    register_secret("zz-registered-secret-zz")
    text = mask_secrets("url http://h/?X-Plex-Token=abc123&x=1 said zz-registered-secret-zz, {\"token\": \"qwerty99\"}")
    assert "abc123" not in text and "zz-registered-secret-zz" not in text and "qwerty99" not in text
    assert "x=1" in text


def test_every_library_logger_is_masked_in_the_configured_log(tmp_path):
    """As the backend configures logging at start: records of ours and of each library reach the log masked."""
    import subprocess
    import sys
    from pathlib import Path

    code = """
import logging, sys
from plexm8.logging_setup import configure_logging, register_secret
configure_logging(sys.argv[1], "INFO", console=False)
register_secret("tok-ABCDEF-123456")
for name in ("plexm8.services.x", "plexapi", "urllib3.connectionpool", "waitress", "werkzeug"):
    logging.getLogger(name).warning("%s GET /library?X-Plex-Token=%s done", name, "tok-ABCDEF-123456")
try:
    raise ValueError("boom with tok-ABCDEF-123456")
except ValueError:
    logging.getLogger("plexapi").exception("failed")
"""
    package_root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=package_root, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "logs" / "plexm8.log").read_text(encoding="utf-8")
    for name in ("plexm8.services.x", "plexapi", "urllib3.connectionpool", "waitress", "werkzeug"):
        assert f"{name} GET /library?X-Plex-Token=**** done" in log
    assert "Traceback" in log and "tok-ABCDEF-123456" not in log


def test_tracebacks_are_masked():
    import io

    register_secret("trace-secret-987654")
    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(SecretMaskFilter())
    logger = logging.getLogger("plexm8.test.trace")
    logger.addHandler(handler)
    try:
        try:
            raise ValueError("failed with trace-secret-987654")
        except ValueError:
            logger.exception("boom")
    finally:
        logger.removeHandler(handler)
    output = handler.stream.getvalue()
    assert "Traceback" in output and "trace-secret-987654" not in output
