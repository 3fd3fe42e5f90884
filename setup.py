#!/usr/bin/env python3
"""PlexM8 Companion setup script (a plain script, not setuptools).

Usage::

    python setup.py                 set up: .venv, dependencies, .env.local, web build
    python setup.py run [ARGS...]   set up if needed, then start the backend
                                    (ARGS go to tools/python/app.py, e.g. --demo, --port 5001)
    python setup.py test [ARGS...]  set up if needed, then run the web UI's component tests
                                    (npm test in web/) and pytest in tools/python, which
                                    includes the browser tests (ARGS go to pytest, e.g. -k ratings -x)
    python setup.py --help          this help

Only the standard library is used, so it runs with any Python >= 3.10 on
Windows, macOS and Linux before anything is installed.
"""
import sys

# Keep this check first, and the whole file parseable by Python 3.6+ (no walrus,
# no match, no `from __future__ import annotations`; annotations are evaluated
# only after this check), so an old Python prints a sentence, not a traceback.
MIN_PYTHON = (3, 10)
if sys.version_info < MIN_PYTHON:
    sys.stderr.write(
        "PlexM8 Companion needs Python %d.%d or newer, but this is Python %s (%s).\n"
        "Install a newer Python (https://www.python.org/downloads/) and run this "
        "script with it, e.g.: python3.12 setup.py\n"
        % (MIN_PYTHON[0], MIN_PYTHON[1], sys.version.split()[0], sys.executable)
    )
    sys.exit(1)

import getpass  # noqa: E402  (after the version check on purpose)
import hashlib  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent
VENV_DIR = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements.txt"
REQUIREMENTS_STAMP_NAME = ".plexm8-requirements.sha256"
ENV_FILE = ROOT / ".env.local"
ENV_TEMPLATE = ROOT / ".env.local.template"
WEB_DIR = ROOT / "web"
WEB_STAMP_NAME = ".sources.sha256"  # in web/dist/, written by `npm run build` (web/scripts/stamp.mjs)
BACKEND_DIR = ROOT / "tools" / "python"
APP_SCRIPT = BACKEND_DIR / "app.py"
IS_WINDOWS = os.name == "nt"

USAGE_ROWS = (
    ("", "create .venv, install requirements.txt,\n"
         "create .env.local (asks for your Plex URL\n"
         "and token in a terminal), build web/ if needed"),
    (" run [ARGS...]", "the same, then start the backend; ARGS go to\n"
                      "tools/python/app.py: --demo, --port 5001, ..."),
    (" test [ARGS...]", "the same (never asks), then run the web UI's\n"
                       "tests (npm test in web/) and pytest in\n"
                       "tools/python (with the browser tests);\n"
                       "ARGS go to pytest: -k rating -x"),
    (" --help", "this help"),
)
USAGE_FOOTER = (
    "Dependencies are reinstalled only when requirements.txt changed since the last\n"
    "successful install, or when .venv is missing or broken."
)


class SetupError(Exception):
    """A failure with a message for the user (printed without a traceback)."""


# --------------------------------------------------------------------- output


def usage() -> str:
    """The --help text, aligned for however the user runs this script."""
    run = launcher()
    width = max(len(run + command) for command, _ in USAGE_ROWS) + 3
    lines = ["PlexM8 Companion setup", ""]
    for command, description in USAGE_ROWS:
        first, *rest = description.split("\n")
        lines.append(f"  {(run + command).ljust(width)}{first}")
        lines.extend(f"  {' ' * width}{line}" for line in rest)
    return "\n".join([*lines, "", USAGE_FOOTER])


def launcher() -> str:
    """How the user runs this script, for the messages we print."""
    from_ps1 = os.environ.get("PLEXM8_LAUNCHER")
    if from_ps1:
        return from_ps1
    return "python setup.py" if IS_WINDOWS else "python3 setup.py"


def info(message: str) -> None:
    """Print a progress line (ASCII only: Windows consoles may not be UTF-8)."""
    print(f"[setup] {message}", flush=True)


def warn(message: str) -> None:
    """Print a warning to stderr."""
    print(f"[setup] warning: {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------- virtual env


def venv_python(venv_dir: Path = VENV_DIR) -> Path:
    """Path of the interpreter inside ``venv_dir`` for this operating system."""
    if IS_WINDOWS:
        return venv_dir / "Scripts" / "python.exe"
    return venv_dir / "bin" / "python"


def venv_is_usable(venv_dir: Path = VENV_DIR) -> bool:
    """True if the venv's python runs, is new enough and has pip."""
    python = venv_python(venv_dir)
    if not python.exists():
        return False
    probe = (
        "import sys, importlib.util as u; "
        f"sys.exit(0 if sys.version_info >= {MIN_PYTHON!r} and u.find_spec('pip') else 3)"
    )
    try:
        result = subprocess.run([str(python), "-c", probe], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def venv_failure_message(output: str) -> str:
    """Explain a failed ``python -m venv``, with the fix for the common cases."""
    lowered = output.lower()
    if "ensurepip" in lowered or "no module named venv" in lowered:
        version = f"{sys.version_info[0]}.{sys.version_info[1]}"
        return (
            "Python can't create a virtual environment here: its venv/ensurepip module "
            "is missing.\n"
            f"On Debian/Ubuntu install it with:  sudo apt install python3-venv  "
            f"(or python{version}-venv)\n"
            f"then run {launcher()} again."
        )
    return (
        "Creating the virtual environment .venv failed:\n"
        f"{output.strip()}\n"
        f"Fix the problem above (or delete the .venv folder) and run {launcher()} again."
    )


def create_venv(venv_dir: Path = VENV_DIR) -> None:
    """Create (or re-create, with ``--clear``) the venv; clean up if it fails."""
    existed = venv_dir.exists()
    command = [sys.executable, "-m", "venv"]
    if existed:
        info(f"Re-creating {venv_dir.name} (its Python is missing, broken or too old)")
        command.append("--clear")
    else:
        info(f"Creating the virtual environment {venv_dir.name} with Python {sys.version.split()[0]}")
    command.append(str(venv_dir))
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not venv_is_usable(venv_dir):
        if not existed:
            # Debian without python3-venv leaves a half-made folder behind.
            shutil.rmtree(venv_dir, ignore_errors=True)
        raise SetupError(venv_failure_message((result.stdout or "") + (result.stderr or "")))


# -------------------------------------------------------------- requirements


def file_digest(path: Path) -> str:
    """sha256 of a text file, with line endings normalised (CRLF checkouts count as equal)."""
    data = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()


def requirements_stamp(venv_dir: Path = VENV_DIR) -> Path:
    """Where the digest of the last successfully installed requirements is kept."""
    return venv_dir / REQUIREMENTS_STAMP_NAME


def requirements_up_to_date(venv_dir: Path = VENV_DIR, requirements: Path = REQUIREMENTS) -> bool:
    """True if ``requirements`` is unchanged since the last successful install into ``venv_dir``."""
    stamp = requirements_stamp(venv_dir)
    try:
        return stamp.read_text(encoding="ascii").strip() == file_digest(requirements)
    except (OSError, UnicodeDecodeError):
        return False


def record_requirements(venv_dir: Path = VENV_DIR, requirements: Path = REQUIREMENTS) -> None:
    """Remember that ``requirements`` is installed in ``venv_dir``."""
    requirements_stamp(venv_dir).write_text(file_digest(requirements) + "\n", encoding="ascii")


def install_requirements(venv_dir: Path = VENV_DIR, requirements: Path = REQUIREMENTS) -> None:
    """Upgrade pip (quietly, best effort) and install ``requirements`` into the venv."""
    python = str(venv_python(venv_dir))
    stamp = requirements_stamp(venv_dir)
    stamp.unlink(missing_ok=True)  # an interrupted install must not look complete
    info("Upgrading pip")
    upgrade = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip"]
    )
    if upgrade.returncode != 0:
        warn("could not upgrade pip; continuing with the installed version")
    info(f"Installing {requirements.name} (the first time takes a minute or two)")
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(requirements)]
    )
    if install.returncode != 0:
        raise SetupError(
            f"Installing {requirements.name} failed (pip exit code {install.returncode}); "
            "see pip's message above. Check your internet connection or proxy "
            f"(HTTPS_PROXY), then run {launcher()} again."
        )
    record_requirements(venv_dir, requirements)


def ensure_venv(venv_dir: Path = VENV_DIR, requirements: Path = REQUIREMENTS) -> None:
    """Make sure the venv exists, works, and holds the current requirements."""
    if not requirements.is_file():
        raise SetupError(f"{requirements} is missing; is this a complete copy of the project?")
    if not venv_is_usable(venv_dir):
        create_venv(venv_dir)
    if requirements_up_to_date(venv_dir, requirements):
        info(f"Dependencies up to date ({requirements.name} unchanged since the last install)")
        return
    install_requirements(venv_dir, requirements)


# ------------------------------------------------------------------ .env.local

SAFE_VALUE_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/@%+=,~[]"
)


def quote_env_value(value: str) -> str:
    """Quote a value for a dotenv file only when it needs it."""
    if value and all(ch in SAFE_VALUE_CHARS for ch in value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def render_env(template: str, values: dict[str, str]) -> str:
    """Return ``template`` with ``KEY=value`` set for each item of ``values``.

    The first line ``KEY=...`` or ``# KEY=...`` is replaced (so the value stays
    next to its comment in the template); keys not found are appended.
    """
    lines = template.splitlines()
    for key, value in values.items():
        new_line = f"{key}={quote_env_value(value)}"
        for index, line in enumerate(lines):
            bare = line.lstrip().lstrip("#").lstrip()
            if bare.startswith(f"{key}="):
                lines[index] = new_line
                break
        else:
            lines.append(new_line)
    return "\n".join(lines) + "\n"


def normalise_plex_url(raw: str) -> str | None:
    """Turn what a user typed into a Plex base URL, or None if it can't be one."""
    url = raw.strip().rstrip("/")
    if not url:
        return None
    if "://" not in url:
        url = "http://" + url
    scheme, _, rest = url.partition("://")
    if scheme.lower() not in ("http", "https") or not rest or " " in rest:
        return None
    return url


def ask_plex_settings() -> dict[str, str]:
    """Ask for the Plex URL and token in the terminal (token hidden); empty = skip."""
    print()
    print("Connect PlexM8 Companion to your Plex server (press Enter to skip; you can")
    print("edit .env.local later, or try everything with the demo server first).")
    try:
        while True:
            raw = input("Plex server URL, e.g. http://192.168.1.10:32400: ")
            if not raw.strip():
                return {}
            url = normalise_plex_url(raw)
            if url:
                break
            print("  That doesn't look like an http(s) URL; try again or press Enter to skip.")
        print("Where to find the token: https://support.plex.tv/articles/204059436")
        token = getpass.getpass("Plex token (typing is hidden): ").strip()
    except (EOFError, KeyboardInterrupt):
        print()
        return {}
    values = {"PLEX_SERVER_URL": url}
    if token:
        values["PLEX_TOKEN"] = token
    return values


def write_private_file(path: Path, text: str) -> None:
    """Write ``text`` to a new file readable only by the user (0600 where supported)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)  # no CRLF on Windows
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    try:
        os.chmod(path, 0o600)
    except OSError:  # e.g. some network or FAT file systems
        pass


def create_env_file(
    env_file: Path = ENV_FILE,
    template: Path = ENV_TEMPLATE,
    ask: Callable[[], dict[str, str]] | None = None,
) -> bool:
    """Create ``env_file`` from ``template`` if it is missing; True if created.

    ``ask`` (when given) returns settings to fill in, e.g. the Plex URL and token.
    An existing file is never touched.
    """
    if env_file.exists():
        return False
    if not template.is_file():
        warn(f"{template.name} is missing; not creating {env_file.name}")
        return False
    text = template.read_text(encoding="utf-8")
    values = ask() if ask else {}
    write_private_file(env_file, render_env(text, values) if values else text)
    if values:
        info(f"Created {env_file.name} with your Plex server (mode 0600)")
    else:
        info(f"Created {env_file.name} from {template.name}; edit it to connect your Plex server")
    return True


def is_interactive() -> bool:
    """True when we can ask questions: stdin and stdout are both a terminal."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


# ------------------------------------------------------------------- web build


def web_sources_digest(web_dir: Path = WEB_DIR) -> str:
    """sha256 over the web sources (everything but node_modules/ and dist/), as web/scripts/stamp.mjs computes it."""
    files = []
    for path in web_dir.rglob("*"):
        relative = path.relative_to(web_dir).as_posix()
        if relative.split("/")[0] in ("node_modules", "dist") or not path.is_file():
            continue
        files.append((relative, path))
    digest = hashlib.sha256()
    for relative, path in sorted(files):
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def web_build_current(web_dir: Path = WEB_DIR) -> bool:
    """True when web/dist was built from the sources as they are now (its stamp names their digest)."""
    try:
        stamp = (web_dir / "dist" / WEB_STAMP_NAME).read_text(encoding="ascii").strip()
    except OSError:
        return False
    return stamp == web_sources_digest(web_dir) and (web_dir / "dist" / "index.html").is_file()


def build_web(web_dir: Path = WEB_DIR) -> None:
    """Rebuild web/dist with npm when the sources changed since the committed build and Node is present."""
    if not (web_dir / "package.json").is_file():
        return
    if web_build_current(web_dir):
        info("Web UI up to date")
        return
    npm = shutil.which("npm")
    if npm is None:
        warn("the web UI sources changed since web/dist was built, and npm is not on PATH: serving the "
             "existing build. Install Node.js 20+ (https://nodejs.org) to rebuild it.")
        return
    install = "ci" if (web_dir / "package-lock.json").is_file() else "install"
    for args in ([install], ["run", "build"]):
        info(f"npm {' '.join(args)} (in web/)")
        result = subprocess.run([npm, *args], cwd=web_dir)
        if result.returncode != 0:
            raise SetupError(f"'npm {' '.join(args)}' failed in web/ (exit code {result.returncode}).")


# ----------------------------------------------------------------- commands


def ensure_setup(interactive: bool) -> None:
    """Everything ``python setup.py`` does; asks questions only if ``interactive``."""
    ensure_venv()
    create_env_file(ask=ask_plex_settings if interactive else None)
    build_web()


def next_steps() -> str:
    """What to do after setup."""
    run = launcher()
    return (
        "\nSetup complete. Next:\n"
        f"  {run} run --demo    try it with a simulated Plex server, then open http://localhost:5000\n"
        f"  {run} run           use your Plex server (settings in .env.local)\n"
        f"  {run} test          run the tests\n"
        "Configuration: docs/configuration.md   Troubleshooting: docs/setup.md\n"
    )


def child_env(extra_defaults: dict[str, str] | None = None) -> dict[str, str]:
    """This environment plus defaults that the user's own values override."""
    env = dict(os.environ)
    for key, value in (extra_defaults or {}).items():
        env.setdefault(key, value)
    return env


def run_child(command: Sequence[str], cwd: Path, env: dict[str, str]) -> int:
    """Run ``command`` as the rest of this process; return its exit code.

    On POSIX the process is replaced (signals such as Ctrl-C go straight to the
    child). Windows has no real exec, so we wait for the child and pass on its
    exit code; Ctrl-C reaches the child through the shared console.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    if not IS_WINDOWS:
        os.chdir(cwd)
        os.execve(command[0], list(command), env)
    process = subprocess.Popen(list(command), cwd=cwd, env=env)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue  # the child got the Ctrl-C too; wait for it to finish


def env_for_tests() -> dict[str, str]:
    """Environment for pytest: never read the user's plexapi config file."""
    missing_config = VENV_DIR / "plexm8-no-plexapi-config" / "config.ini"
    return child_env({
        "PLEXAPI_CONFIG_PATH": str(missing_config),
        "PLEXAPI_PLEXAPI_AUTORELOAD": "false",
    })


def command_setup() -> int:
    """``python setup.py``."""
    ensure_setup(interactive=is_interactive())
    print(next_steps())
    return 0


def command_run(args: list[str]) -> int:
    """``python setup.py run [args]``: set up, then start the backend."""
    ensure_setup(interactive=is_interactive() and "--demo" not in args)
    if not APP_SCRIPT.is_file():
        raise SetupError(f"{APP_SCRIPT.relative_to(ROOT)} is missing; is this a complete copy of the project?")
    info(" ".join(["Starting tools/python/app.py", *args]))
    return run_child([str(venv_python()), str(APP_SCRIPT), *args], cwd=ROOT, env=child_env())


def run_web_tests(web_dir: Path = WEB_DIR) -> int:
    """Run the web UI's component tests (``npm test``, vitest) when web/ has a package.json; 0 if none ran.

    Without npm they are skipped with a warning, unless PLEXM8_E2E=required (CI), where that is a failure.
    """
    if not (web_dir / "package.json").is_file():
        return 0
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("PLEXM8_E2E", "").lower() == "required":
            raise SetupError("PLEXM8_E2E=required but npm is not on PATH: the web UI's tests cannot run.")
        warn("npm is not on PATH: skipping the web UI's component tests (install Node.js 20+ to run them)")
        return 0
    if not (web_dir / "node_modules").is_dir():  # a committed, current build needs no install; the tests do
        install = "ci" if (web_dir / "package-lock.json").is_file() else "install"
        info(f"npm {install} (in web/): the test tools")
        installed = subprocess.run([npm, install], cwd=web_dir).returncode
        if installed != 0:
            return installed
    info("npm test (in web/): the web UI's component tests")
    return subprocess.run([npm, "test"], cwd=web_dir).returncode


def command_test(args: list[str]) -> int:
    """``python setup.py test [args]``: set up (never asking), run the web UI's component tests, then pytest.

    pytest runs last (its summary is the last line) and includes the browser tests in tests/e2e.
    """
    ensure_setup(interactive=False)
    web_status = run_web_tests()
    info(" ".join(["Running pytest", *args, "in tools/python"]))
    command = [str(venv_python()), "-m", "pytest", *args]
    if web_status == 0:
        return run_child(command, cwd=BACKEND_DIR, env=env_for_tests())
    pytest_status = subprocess.run(command, cwd=BACKEND_DIR, env=env_for_tests()).returncode
    warn(f"the web UI's component tests failed (npm test exit code {web_status})")
    return pytest_status or web_status


def main(argv: list[str]) -> int:
    """Dispatch on the first argument; return the exit code."""
    if argv and argv[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    try:
        if not argv:
            return command_setup()
        if argv[0] == "run":
            return command_run(argv[1:])
        if argv[0] == "test":
            return command_test(argv[1:])
    except SetupError as error:
        print(f"\n[setup] error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n[setup] interrupted", file=sys.stderr)
        return 130
    print(
        f"Unknown command {argv[0]!r}. This setup.py is the project's setup script, not a "
        "setuptools package (PlexM8 Companion is not pip-installable).\n",
        file=sys.stderr,
    )
    print(usage(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
