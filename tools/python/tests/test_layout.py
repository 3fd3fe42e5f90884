"""Rules of DESIGN.md that code review alone would let slip."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "plexm8"


def test_only_plex_service_imports_plexapi():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "plex_service" in path.parts:
            continue
        if re.search(r"^\s*(import plexapi|from plexapi)", path.read_text(encoding="utf-8"), re.MULTILINE):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_views_do_not_touch_the_store_or_plexapi_directly():
    for path in (PACKAGE / "api").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "plexm8.models" not in text and "..models" not in text and "peewee" not in text, path.name


def test_importing_the_package_starts_nothing(tmp_path):
    code = (
        "import threading, plexm8, plexm8.api, plexm8.services.sync.service, plexm8.devtools.plex_simulator;"
        "print(threading.active_count())"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            env={"PYTHONPATH": str(PACKAGE.parent), "PATH": "/usr/bin:/bin",
                                 "PLEXAPI_CONFIG_PATH": str(tmp_path / "none.ini")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
    assert list(tmp_path.iterdir()) == []
