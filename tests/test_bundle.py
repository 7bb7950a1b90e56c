"""The desktop bundle as an outsider runs it: its own executables, from a temporary folder.

Issue 17: a secretary installs a bundle, not Python. The bundle (``python tools/bundle.py
--deb``, about a minute of PyInstaller) is built by .ci/run before pytest, which points
ASSOCDESK_BUNDLE_DIST at it; without a built bundle these tests are skipped with the command to
build one. The environment has no PYTHONPATH and nothing of the developer's: only the folder's
own programs, a fresh HOME and an offscreen Qt.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest

from assocdesk.storage.engine import create_sqlite_engine
from assocdesk.storage.migrations import HEAD_REVISION, runner
from tests import pdfcheck

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import bundle  # noqa: E402  (tools/bundle.py: the same builder .ci/run used)

DIST = Path(os.environ.get("ASSOCDESK_BUNDLE_DIST", ROOT / "dist"))
FOLDER = DIST / bundle.NAME
pytestmark = pytest.mark.skipif(
    not (FOLDER / "assocdesk-cli").exists(),
    reason=f"no bundle in {DIST}: run `python tools/bundle.py --deb` (.ci/run does)",
)
PREVIOUS_RELEASE_HEAD = "0008"  # the head of the migrations of the last release


def outsider(home: Path) -> dict[str, str]:
    """A desktop user's environment: no Python variables, nothing of the source tree."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }


def cli(folder: Path, home: Path, *args: str) -> str:
    result = subprocess.run(
        [str(folder / "assocdesk-cli"), *args],
        cwd=home,
        env=outsider(home),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_the_bundle_cli_runs_every_document(tmp_path: Path) -> None:
    db = str(tmp_path / "desk.sqlite3")
    assert "Demo data added" in cli(FOLDER, tmp_path, "--db", db, "demo", "--size", "small")

    receipt = tmp_path / "receipt.pdf"
    cli(FOLDER, tmp_path, "--db", db, "receipt", "1", "--lang", "ar", "-o", str(receipt))
    pdf = receipt.read_bytes()
    assert any("Amiri" in name and embedded for name, embedded in pdfcheck.fonts(pdf).items())
    assert pdfcheck.has_words(pdf, "وصل تبرع")
    assert pdfcheck.is_shaped(pdf)

    with sqlite3.connect(db) as connection:
        donor, donated = connection.execute(
            "SELECT contact_id, donated_on FROM donations WHERE contact_id IS NOT NULL LIMIT 1"
        ).fetchone()
    statement = tmp_path / "statement.pdf"
    year = str(donated)[:4]
    cli(FOLDER, tmp_path, "--db", db, "statement", str(donor), "--year", year, "-o", str(statement))
    assert statement.read_bytes().startswith(b"%PDF")

    last_year = str(date.today().year - 1)
    post = cli(
        FOLDER,
        tmp_path,
        "--db",
        db,
        "post",
        "year-impact",
        last_year,
        "--platform",
        "x",
        "--lang",
        "ar",
    )
    assert post.strip(), "an empty post"  # twitter-text's data file is inside the bundle

    cli(FOLDER, tmp_path, "--db", db, "backup", "-o", str(tmp_path / "desk"))
    (backup,) = tmp_path.glob("desk*.assocdesk-backup")
    assert backup.stat().st_size > 0
    cli(FOLDER, tmp_path, "--db", db, "restore", str(backup))
    cli(FOLDER, tmp_path, "--db", db, "check")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM contacts").fetchone()[0] > 0


def test_the_bundle_window_stays_up(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    cli(FOLDER, tmp_path, "--db", str(db), "demo", "--size", "small")
    window = subprocess.Popen(
        [str(FOLDER / "assocdesk"), "--db", str(db), "--lang", "ar"],
        cwd=tmp_path,
        env=outsider(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(5)
        still_running = window.poll() is None
    finally:
        window.terminate()
        output, _ = window.communicate(timeout=30)
    assert still_running, f"the window exited with {window.returncode}:\n{output.decode()}"


def test_the_deb_installs_the_bundle_a_menu_entry_and_icons(tmp_path: Path) -> None:
    (deb,) = DIST.glob("assocdesk_*.deb")
    contents = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    paths = {line.split()[5].removeprefix(".") for line in contents.splitlines()}
    for path in (
        "/opt/assocdesk/assocdesk",
        "/opt/assocdesk/assocdesk-cli",
        "/usr/bin/assocdesk",
        "/usr/bin/assocdesk-cli",
        "/usr/share/applications/assocdesk.desktop",
        "/usr/share/icons/hicolor/256x256/apps/assocdesk.png",
        "/usr/share/icons/hicolor/scalable/apps/assocdesk.svg",
        "/opt/assocdesk/_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
        "/opt/assocdesk/_internal/PySide6/Qt/plugins/platforms/libqwayland.so",
        "/opt/assocdesk/_internal/assocdesk/storage/migrations/versions/0001_initial_schema.py",
    ):
        assert path in paths, f"{path} not in the package"
    depends = subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Depends"], capture_output=True, text=True, check=True
    ).stdout
    assert "libxcb-cursor0" in depends

    extracted = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(extracted)], check=True)
    desktop = (extracted / "usr/share/applications/assocdesk.desktop").read_text(encoding="utf-8")
    assert "Exec=assocdesk" in desktop and "Icon=assocdesk" in desktop
    db = str(tmp_path / "desk.sqlite3")
    installed = extracted / "opt" / "assocdesk"
    assert "Demo data added" in cli(installed, tmp_path, "--db", db, "demo", "--size", "small")
    assert '"contacts"' in cli(installed, tmp_path, "--db", db, "stats")


@pytest.mark.skipif(not bundle.shutil.which("makensis"), reason="Debian's nsis is not installed")
def test_the_windows_installer_script_compiles_against_the_bundle(tmp_path: Path) -> None:
    setup = bundle.build_nsis(FOLDER, tmp_path / "setup.exe", fast=True)
    # Stored uncompressed: the installer holds every file of the folder.
    assert setup.read_bytes()[:2] == b"MZ"
    assert setup.stat().st_size > bundle.folder_size(FOLDER)


def _database_at(path: Path, revision: str) -> None:
    """A database as the previous release left it, with one contact typed in."""
    engine = create_sqlite_engine(path)
    runner.upgrade(engine, revision)
    engine.dispose()
    now = "2025-01-02 10:00:00"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO contacts (kind, name, phone, email, address, city, country, is_minor,"
            " consent_publish_name, consent_publish_photo, consent_contact, notes, search_text,"
            " uuid, created_at, updated_at)"
            " VALUES ('person', ?, '', '', '', 'Fès', 'MA', 0, 0, 0, 0, '', '', ?, ?, ?)",
            ("أحمد بنعلي", str(uuid.uuid4()), now, now),
        )


def test_the_bundle_upgrades_the_previous_releases_database(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    _database_at(db, PREVIOUS_RELEASE_HEAD)
    assert PREVIOUS_RELEASE_HEAD != HEAD_REVISION

    # `init` opens the database as the window does: upgrade after a copy (`check` only reads).
    cli(FOLDER, tmp_path, "--db", str(db), "init")
    cli(FOLDER, tmp_path, "--db", str(db), "check")

    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,
        )
        assert connection.execute("SELECT name, city FROM contacts").fetchall() == [
            ("أحمد بنعلي", "Fès")
        ]
    (before,) = tmp_path.glob(f"desk.before-upgrade-{PREVIOUS_RELEASE_HEAD}-*.sqlite3")
    with sqlite3.connect(before) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            PREVIOUS_RELEASE_HEAD,
        )
