"""The code passes the project's linter (ruff.toml at the repository root) and type checker (tools/python/mypy.ini)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "tools/python", "bench", "setup.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# Files other engineers are rewriting right now; their mypy errors do not fail this test yet.
# The lead empties this tuple once that work has landed, and then every file must be clean.
NOT_YET_TYPED = (
    "plexm8/services/recommend/",
    "plexm8/services/downloads/",
    "plexm8/services/sync/service.py",
    "plexm8/services/library/index.py",
    "plexm8/services/matching/",
    "plexm8/api/download.py",
    "plexm8/api/recommendations.py",
    "plexm8/runtime.py",
)
_ERROR_LINE = re.compile(r"(?P<path>[^:]+\.pyi?):\d+(?::\d+)?: error: ")


def test_mypy_finds_nothing():
    python_dir = ROOT / "tools" / "python"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--cache-dir", os.devnull,
         "--no-error-summary", "plexm8"],
        cwd=python_dir, capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode in (0, 1), output  # 2: mypy itself failed (bad config, crash)
    errors = [(found.group("path").replace("\\", "/"), line)
              for line in output.splitlines() if (found := _ERROR_LINE.match(line))]
    assert result.returncode == 0 or errors, output  # a failure mypy reports must be one we can read
    counted = [line for path, line in errors if not path.startswith(NOT_YET_TYPED)]
    assert not counted, "\n".join(counted)
