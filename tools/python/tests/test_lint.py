"""The code passes the project's linter (ruff.toml at the repository root) and type checker (tools/python/mypy.ini)."""
from __future__ import annotations

import os
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


def test_mypy_finds_nothing():
    python_dir = ROOT / "tools" / "python"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--cache-dir", os.devnull,
         "--no-error-summary", "plexm8"],
        cwd=python_dir, capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output  # 1: type errors (listed); 2: mypy itself failed (bad config, crash)
