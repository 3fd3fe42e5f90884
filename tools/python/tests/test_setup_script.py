"""The pure helpers of the repository's ``setup.py`` (requirements skip, .env.local creation)."""
from __future__ import annotations

import importlib.util
import os
import stat
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def setup_script():
    """``setup.py`` imported as a module (its ``main`` does not run on import)."""
    spec = importlib.util.spec_from_file_location("plexm8_setup_script", REPO_ROOT / "setup.py")
    module = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ at the repo root
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


def test_venv_python_path_matches_the_os(setup_script, tmp_path):
    python = setup_script.venv_python(tmp_path)
    if os.name == "nt":
        assert python == tmp_path / "Scripts" / "python.exe"
    else:
        assert python == tmp_path / "bin" / "python"


def test_requirements_skip_only_while_the_file_is_unchanged(setup_script, tmp_path):
    venv, requirements = tmp_path / ".venv", tmp_path / "requirements.txt"
    venv.mkdir()
    requirements.write_bytes(b"Flask>=3.1,<4\npytest>=8.3\n")

    assert not setup_script.requirements_up_to_date(venv, requirements)  # never installed
    setup_script.record_requirements(venv, requirements)
    assert (venv / ".plexm8-requirements.sha256").is_file()
    assert setup_script.requirements_up_to_date(venv, requirements)

    requirements.write_bytes(b"Flask>=3.1,<4\r\npytest>=8.3\r\n")  # CRLF checkout: same content
    assert setup_script.requirements_up_to_date(venv, requirements)

    requirements.write_bytes(b"Flask>=3.1,<4\npytest>=8.3\nrequests\n")
    assert not setup_script.requirements_up_to_date(venv, requirements)


def test_a_missing_or_garbled_stamp_means_install(setup_script, tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Flask\n")
    assert not setup_script.requirements_up_to_date(tmp_path / "no-venv", requirements)
    (tmp_path / ".plexm8-requirements.sha256").write_bytes(b"\xff\xfe")
    assert not setup_script.requirements_up_to_date(tmp_path, requirements)


def test_a_missing_venv_is_not_usable(setup_script, tmp_path):
    assert not setup_script.venv_is_usable(tmp_path / "nothing-here")


def test_env_file_is_copied_from_the_template_without_questions(setup_script, tmp_path):
    template = tmp_path / ".env.local.template"
    template.write_text("# Plex\n# PLEX_SERVER_URL=http://example:32400\n# PLEX_TOKEN=\n")
    env_file = tmp_path / ".env.local"

    assert setup_script.create_env_file(env_file, template, ask=None)
    assert env_file.read_text() == template.read_text()
    if os.name != "nt":
        assert stat.S_IMODE(env_file.stat().st_mode) == 0o600


def test_an_existing_env_file_is_never_touched(setup_script, tmp_path):
    template = tmp_path / ".env.local.template"
    template.write_text("# PLEX_TOKEN=\n")
    env_file = tmp_path / ".env.local"
    env_file.write_text("PLEX_TOKEN=mine\n")

    assert not setup_script.create_env_file(env_file, template, ask=lambda: {"PLEX_TOKEN": "other"})
    assert env_file.read_text() == "PLEX_TOKEN=mine\n"


def test_answers_replace_the_commented_lines_of_the_template(setup_script, tmp_path):
    template = tmp_path / ".env.local.template"
    template.write_text("# Plex\n# PLEX_SERVER_URL=http://example:32400\n# PLEX_TOKEN=\n# PORT=5000\n")
    env_file = tmp_path / ".env.local"

    answers = {"PLEX_SERVER_URL": "http://192.168.1.10:32400", "PLEX_TOKEN": "abc-123_X"}
    assert setup_script.create_env_file(env_file, template, ask=lambda: answers)
    assert env_file.read_text().splitlines() == [
        "# Plex",
        "PLEX_SERVER_URL=http://192.168.1.10:32400",
        "PLEX_TOKEN=abc-123_X",
        "# PORT=5000",
    ]


def test_render_env_appends_unknown_keys_and_quotes_odd_values(setup_script):
    text = setup_script.render_env("# A=1\n", {"B": 'has space "and" quotes'})
    assert text == '# A=1\nB="has space \\"and\\" quotes"\n'


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("http://192.168.1.10:32400/", "http://192.168.1.10:32400"),
        ("192.168.1.10:32400", "http://192.168.1.10:32400"),
        ("https://plex.example.com", "https://plex.example.com"),
        ("  ", None),
        ("ftp://nas", None),
        ("not a url", None),
    ],
)
def test_plex_url_typed_by_the_user_is_normalised(setup_script, typed, expected):
    assert setup_script.normalise_plex_url(typed) == expected


def test_the_real_template_names_every_setting():
    from plexm8.config import env_settings

    text = (REPO_ROOT / ".env.local.template").read_text(encoding="utf-8")
    names = [f.metadata["env"] for f in env_settings()]
    assert names, "the settings table lists no environment variable"
    assert [name for name in names if f"# {name}=" not in text] == []
    # Nothing is set by default: an untouched copy changes no setting.
    assert not [line for line in text.splitlines() if line and not line.startswith("#")]


def test_pytest_never_reads_the_users_plexapi_config(setup_script, monkeypatch):
    monkeypatch.delenv("PLEXAPI_CONFIG_PATH", raising=False)
    monkeypatch.delenv("PLEXAPI_PLEXAPI_AUTORELOAD", raising=False)
    env = setup_script.env_for_tests()
    assert not Path(env["PLEXAPI_CONFIG_PATH"]).exists()
    assert env["PLEXAPI_PLEXAPI_AUTORELOAD"] == "false"

    monkeypatch.setenv("PLEXAPI_PLEXAPI_AUTORELOAD", "true")
    assert setup_script.env_for_tests()["PLEXAPI_PLEXAPI_AUTORELOAD"] == "true"


def test_unknown_commands_fail_with_usage(setup_script, capsys):
    assert setup_script.main(["install"]) == 2
    assert "not a setuptools package" in capsys.readouterr().err
    assert setup_script.main(["--help"]) == 0
    assert "run [ARGS...]" in capsys.readouterr().out


def test_web_tests_run_npm_test_in_web_and_report_its_exit_code(setup_script, tmp_path, monkeypatch):
    web = tmp_path / "web"
    web.mkdir()
    assert setup_script.run_web_tests(web) == 0  # no package.json: nothing to run
    (web / "package.json").write_text('{"scripts": {"test": "node -e \\"process.exit(3)\\""}}')
    (web / "node_modules").mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_npm = bin_dir / "npm"  # records where it ran and fails like a failing vitest run
    fake_npm.write_text(f"#!/bin/sh\necho \"$PWD $*\" > {tmp_path / 'npm.log'}\nexit 3\n")
    fake_npm.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    if os.name == "nt":
        pytest.skip("a POSIX shell script stands in for npm")
    assert setup_script.run_web_tests(web) == 3
    assert (tmp_path / "npm.log").read_text().split() == [str(web), "test"]


def test_web_tests_without_npm_skip_on_a_laptop_but_fail_in_ci(setup_script, tmp_path, monkeypatch):
    (tmp_path / "package.json").write_text("{}")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("PLEXM8_E2E", raising=False)
    assert setup_script.run_web_tests(tmp_path) == 0
    monkeypatch.setenv("PLEXM8_E2E", "required")
    with pytest.raises(setup_script.SetupError, match="npm is not on PATH"):
        setup_script.run_web_tests(tmp_path)


def test_the_committed_web_build_is_built_from_the_committed_sources(setup_script):
    """web/dist/.sources.sha256 (written by `npm run build`) names the digest of web/ as it is: run it after editing."""
    assert setup_script.web_build_current(), "web/dist is stale: run `npm run build` in web/ and commit web/dist"


def test_a_changed_web_source_makes_the_build_stale_and_without_npm_it_is_kept(setup_script, tmp_path, monkeypatch):
    web = tmp_path / "web"
    (web / "src").mkdir(parents=True)
    (web / "dist").mkdir()
    (web / "package.json").write_text("{}", encoding="utf-8")
    (web / "src" / "main.tsx").write_text("export {};\n", encoding="utf-8")
    (web / "dist" / "index.html").write_text("<!doctype html>", encoding="utf-8")
    (web / "dist" / ".sources.sha256").write_text(setup_script.web_sources_digest(web) + "\n", encoding="ascii")
    assert setup_script.web_build_current(web)
    (web / "src" / "main.tsx").write_text("export const changed = 1;\n", encoding="utf-8")
    assert not setup_script.web_build_current(web)
    monkeypatch.setattr(setup_script.shutil, "which", lambda name: None)
    setup_script.build_web(web)  # warns, keeps the shipped build
    assert (web / "dist" / "index.html").read_text(encoding="utf-8") == "<!doctype html>"
