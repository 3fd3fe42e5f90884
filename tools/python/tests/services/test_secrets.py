"""Secrets are encrypted at rest with a 0600 key file and masked in every log line and error."""
from __future__ import annotations

import logging
import os
import sqlite3
import stat

from plexm8.logging_setup import SecretMaskFilter, install_mask_filter, mask_secrets, register_secret
from plexm8.services.secrets import SecretBox


def test_key_file_is_created_0600_and_reused(tmp_path):
    box = SecretBox(tmp_path)
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


def _record_through(logger_name: str, caplog_handler: logging.Handler, message: str, *args) -> str:
    logger = logging.getLogger(logger_name)
    logger.addHandler(caplog_handler)
    logger.setLevel(logging.INFO)
    install_mask_filter([caplog_handler])
    try:
        logger.info(message, *args)
    finally:
        logger.removeHandler(caplog_handler)
    return caplog_handler.stream.getvalue()  # type: ignore[attr-defined]


def test_every_library_logger_is_masked(tmp_path):
    import io

    register_secret("tok-ABCDEF-123456")
    for name in ("plexm8.services.x", "plexapi", "urllib3.connectionpool", "waitress", "werkzeug"):
        handler = logging.StreamHandler(io.StringIO())
        output = _record_through(name, handler, "GET /library?X-Plex-Token=%s done", "tok-ABCDEF-123456")
        assert "tok-ABCDEF-123456" not in output, name
        assert "****" in output


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
