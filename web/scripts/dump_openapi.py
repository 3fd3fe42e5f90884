"""Write the backend's OpenAPI document (GET /api/openapi.json of create_app) to web/openapi.json."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

WEB = Path(__file__).resolve().parents[1]
REPO = WEB.parent
BACKEND = REPO / "tools" / "python"


def venv_python() -> Path:
    """The project's virtualenv interpreter."""
    scripts = "Scripts" if os.name == "nt" else "bin"
    return REPO / ".venv" / scripts / ("python.exe" if os.name == "nt" else "python")


def main() -> int:
    """Dump the document, re-running under the project's virtualenv when one exists."""
    if venv_python().exists() and Path(sys.prefix).resolve() != (REPO / ".venv").resolve():
        return subprocess.call([str(venv_python()), __file__])
    sys.path.insert(0, str(BACKEND))
    from plexm8 import create_app
    from plexm8.config import Settings

    with tempfile.TemporaryDirectory() as data:
        app = create_app(Settings(data_dir=Path(data), scheduler_enabled=False))
        app.extensions["plexm8"].start(workers=False)
        try:
            document = app.test_client().get("/api/openapi.json").get_json()
        finally:
            app.extensions["plexm8"].close()
    (WEB / "openapi.json").write_text(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    print(f"wrote {WEB / 'openapi.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
