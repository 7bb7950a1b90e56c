"""The package installed as a user installs it: a wheel, not editable, away from the source tree.

Issue 17: a wheel once carried no fonts, catalogs or post templates (they sat beside the package
and were found relative to the source tree), so an installed AssocDesk printed with a fallback
font and failed every post. Here the wheel is built from a copy of the tree (so the build writes
nothing into the work tree), installed into a fresh virtual environment that reuses the
dependencies already installed (``--system-site-packages``; nothing is downloaded), and run
from a folder outside the source tree: demo data, an Arabic receipt, a post for each platform,
the window. The source tree's editable install sits in the system site-packages that
environment sees: each step checks that the venv's copy is the one that ran.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import venv
from datetime import date
from pathlib import Path

import pytest

from assocdesk.posts.platforms import platform_keys
from tests import pdfcheck

ROOT = Path(__file__).resolve().parent.parent
# Copied to build from: the sources and what pyproject.toml names (README.md, LICENSE).
IGNORED = shutil.ignore_patterns(
    ".git", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis", "*_cache", ".venv", "tests"
)
# Offline: nothing is downloaded, the build tools and dependencies are those installed.
PIP_WHEEL = (
    sys.executable,
    "-m",
    "pip",
    "wheel",
    "--no-build-isolation",
    "--no-deps",
    "--no-index",
)
PIP_INSTALL = ("pip", "install", "--no-deps", "--force-reinstall", "--no-index")
BUILD_FAILED = (
    "pip could not build the wheel offline: install the build tools with "
    '`pip install -e ".[test]"` (it brings setuptools>=68 and wheel)'
)

WHERE = """
import json, assocdesk, ui
from assocdesk.package_data import resource
print(json.dumps({"assocdesk": assocdesk.__file__, "ui": ui.__file__,
                  "font": str(resource("fonts", "Amiri-Regular.ttf"))}))
"""

# Every platform in two languages, through the command line's own entry (one process: 16 runs
# of a fresh interpreter would take half a minute), plus one picture card, which the command line
# draws with the desktop app's Qt code found through an entry point.
POSTS = """
import contextlib, io, json, sys
from assocdesk.cli import main
db, year, card, *platforms = sys.argv[1:]
codes = {}
for platform in platforms:
    for language in ("ar", "fr"):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["--db", db, "post", "year-impact", year,
                         "--platform", platform, "--lang", language])
        codes[f"{platform}/{language}"] = [code, out.getvalue()]
with contextlib.redirect_stdout(io.StringIO()):
    codes["card"] = [main(["--db", db, "post", "year-impact", year, "--platform", "instagram",
                           "--lang", "ar", "--image", card]), ""]
print(json.dumps(codes))
"""

# The desktop program's own main(), on the demo database: once the main window is shown and the
# events are processed, report what is on screen and quit the way a user quits.
WINDOW = """
import json, sys
import ui
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui import app as app_module

seen = {}
original = app_module.Application.show_main_window

def shown(self):
    original(self)
    def report():
        QApplication.processEvents()
        window = self.window
        seen.update(ui=ui.__file__, visible=window.isVisible(), title=window.windowTitle())
        QApplication.quit()
    QTimer.singleShot(0, report)

app_module.Application.show_main_window = shown
code = app_module.main(["--db", sys.argv[1], "--lang", "ar"])
print(json.dumps(dict(seen, code=code)))
sys.exit(code)
"""


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 120) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{command[:3]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("source") / "assocdesk"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    return copy


@pytest.fixture(scope="module")
def installed(source_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment's bin folder, with the wheel installed in it (not editable)."""
    base = tmp_path_factory.mktemp("wheel")
    wheels = base / "wheels"
    build = subprocess.run(
        [*PIP_WHEEL, "-w", str(wheels), str(source_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if build.returncode != 0:
        pytest.fail(f"{BUILD_FAILED}\n{build.stdout}\n{build.stderr}")
    (wheel,) = wheels.glob("assocdesk-*.whl")
    environment = base / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(environment)
    python = environment / "bin" / "python"
    # pip comes from the system site-packages the venv sees, and installs into the venv.
    run(
        [str(python), "-m", *PIP_INSTALL, str(wheel)],
        cwd=base,
        env=outside_env(base),
    )
    return environment / "bin"


def outside_env(home: Path) -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH, no database chosen, our own config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "ASSOCDESK", "PIP"))}
    return dict(
        env,
        PIP_NO_INDEX="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PYTHONNOUSERSITE="1",
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
    )


def test_the_installed_wheel_runs_outside_the_source_tree(installed: Path, tmp_path: Path) -> None:
    env = outside_env(tmp_path)
    python = str(installed / "python")
    site = installed.parent / "lib"

    # The venv's copy wins over the editable install of the source tree it can also see.
    where = last_json(run([python, "-I", "-c", WHERE], tmp_path, env))
    for name in ("assocdesk", "ui", "font"):
        assert Path(where[name]).is_relative_to(site), f"{name} from {where[name]}"
        assert not Path(where[name]).is_relative_to(ROOT), f"{name} from the source tree"

    db = str(tmp_path / "desk.sqlite3")
    cli = str(installed / "assocdesk-cli")
    assert "Demo data added" in run([cli, "--db", db, "demo", "--size", "small"], tmp_path, env)

    receipt = tmp_path / "receipt.pdf"
    run([cli, "--db", db, "receipt", "1", "--lang", "ar", "-o", str(receipt)], tmp_path, env)
    pdf = receipt.read_bytes()
    fonts = pdfcheck.fonts(pdf)
    assert any("Amiri" in name and embedded for name, embedded in fonts.items()), fonts
    assert pdfcheck.has_words(pdf, "وصل تبرع")  # the title, from the Arabic catalog
    assert pdfcheck.is_shaped(pdf)  # joined letter forms, not isolated ones

    card = tmp_path / "card.png"
    year = str(date.today().year - 1)
    posts = last_json(
        run([python, "-I", "-c", POSTS, db, year, str(card), *platform_keys()], tmp_path, env)
    )
    failed = {key: out for key, (code, out) in posts.items() if code != 0}
    assert not failed, failed
    assert len(posts) == 2 * len(platform_keys()) + 1
    assert "متطوع" in posts["facebook/ar"][1]
    assert "bénévoles" in posts["facebook/fr"][1]
    assert card.read_bytes().startswith(b"\x89PNG")

    window = last_json(run([python, "-I", "-c", WINDOW, db], tmp_path, env, timeout=60))
    assert window["code"] == 0
    assert window["visible"] is True
    assert window["title"].endswith("AssocDesk 0.1.0"), window  # the version in the title
    assert Path(window["ui"]).is_relative_to(site)


def test_the_sdist_carries_the_resources(source_copy: Path, tmp_path: Path) -> None:
    """The source distribution (what a packager or `pip install assocdesk` from source gets)
    holds the same run-time files as the wheel."""
    code = "import sys; from setuptools import build_meta as b; print(b.build_sdist(sys.argv[1]))"
    name = run([sys.executable, "-c", code, str(tmp_path)], source_copy, dict(os.environ))
    with tarfile.open(tmp_path / name.strip().splitlines()[-1]) as archive:
        members = {Path(*Path(m).parts[1:]).as_posix() for m in archive.getnames()}
    shipped = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "assocdesk" / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert shipped, "no run-time resources found in the source tree"
    assert shipped <= members, sorted(shipped - members)
