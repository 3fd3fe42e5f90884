"""Settings come from the environment, then .env.local; a bad value names its variable."""
from __future__ import annotations

from pathlib import Path

import pytest
from plexm8.config import Settings, env_settings, load_settings
from plexm8.errors import ConfigError

ROOT = Path(__file__).resolve().parents[3]


def test_defaults_without_environment(tmp_path):
    settings = load_settings({}, env_file=tmp_path / "missing")
    assert settings.port == 5000 and settings.host == "127.0.0.1"
    assert settings.plex_tv_url == "https://plex.tv"
    assert settings.netease_base_url == "https://music.163.com"
    assert settings.cors_origins == () and settings.api_token is None


def test_environment_wins_over_env_file(tmp_path):
    env_file = tmp_path / ".env.local"
    env_file.write_text("PORT=5050\nPLEX_SERVER_URL=http://10.0.0.5:32400\nPLEX_TOKEN=filetoken\n", encoding="utf-8")
    settings = load_settings({"PORT": "6060"}, env_file=env_file)
    assert settings.port == 6060
    assert settings.plex_server_url == "http://10.0.0.5:32400"
    assert settings.plex_token == "filetoken"


def test_lists_and_booleans(tmp_path):
    settings = load_settings(
        {"CORS_ORIGINS": "https://a.example, https://b.example/", "PLEXM8_ALLOWED_HOSTS": "box.lan,nas", "DEBUG": "yes"},
        env_file=None,
    )
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.allowed_hosts == ("box.lan", "nas")
    assert settings.debug is True


def test_empty_values_mean_default():
    settings = load_settings({"PLEX_SERVER_URL": "", "PORT": " "}, env_file=None)
    assert settings.plex_server_url is None and settings.port == 5000


@pytest.mark.parametrize(
    "name,value",
    [
        ("PORT", "five thousand"),
        ("PORT", "70000"),
        ("PLEX_SERVER_URL", "localhost:32400"),
        ("PLEX_SERVER_URL", "http://host:port"),
        ("PLEXM8_NETEASE_BASE_URL", "ftp://x"),
        ("LOG_LEVEL", "LOUD"),
        ("DEBUG", "maybe"),
        ("CORS_ORIGINS", "https://a.example/path"),
        ("PLEXM8_MAX_UPLOAD_MB", "-1"),
        ("PLEXM8_API_TOKEN", "short"),
    ],
)
def test_bad_value_names_the_variable(name, value):
    with pytest.raises(ConfigError) as info:
        load_settings({name: value}, env_file=None)
    assert name in str(info.value)


def test_template_lists_every_setting():
    template = (ROOT / ".env.local.template").read_text(encoding="utf-8")
    missing = [f.metadata["env"] for f in env_settings() if f.metadata["env"] not in template]
    assert missing == []


def test_settings_are_immutable_and_replaceable():
    settings = Settings()
    changed = settings.replace(port=5001)
    assert settings.port == 5000 and changed.port == 5001
