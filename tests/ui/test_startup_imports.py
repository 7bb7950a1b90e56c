"""Starting the app imports nothing it does not show: no ReportLab, openpyxl, Alembic, or pages
other than the first (issue 8: "no eager import"). Checked in a fresh process, at the moment
the main window is shown and idle."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assocdesk.demo import fill
from assocdesk.storage.opening import open_database

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, os, sys
from PySide6.QtCore import QTimer
from ui import app as app_module

original = app_module.Application.show_main_window

def shown(self):
    original(self)
    def report():
        print(json.dumps(sorted(sys.modules)), flush=True)
        os._exit(0)
    QTimer.singleShot(0, report)

app_module.Application.show_main_window = shown
app_module.main(["--db", sys.argv[1], "--lang", "ar"])
"""


def fresh_process(code: str, *args: str, home: Path) -> list:
    """Run ``code`` in a new Python (offscreen, its own preferences): the JSON it printed last."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(home),
        XDG_DATA_HOME=str(home),
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_first_window_imports_only_what_it_shows(db_path: Path, tmp_path: Path) -> None:
    database = open_database(db_path)
    fill(database, "small", seed=1)
    database.close()
    modules = set(fresh_process(PROBE, str(db_path), home=tmp_path))
    assert "ui.pages.home" in modules  # the probe did see the first page
    for heavy in ("reportlab", "openpyxl", "alembic", "pypdfium2"):
        assert heavy not in modules, f"{heavy} is imported at start-up"
    shown_later = {m for m in modules if m.startswith("ui.pages.")} - {
        "ui.pages",
        "ui.pages.home",
        "ui.pages.list_page",
    }
    assert not shown_later, f"pages imported before they are shown: {sorted(shown_later)}"


def test_the_core_is_imported_before_qt_so_its_source_is_not_read(tmp_path: Path) -> None:
    """PySide6 reads (and linecache keeps) the source of every module imported after it:
    importing ui.app must bring SQLAlchemy, Babel and the core in first."""
    probe = (
        "import json, linecache, ui.app\n"
        "print(json.dumps([f for f in linecache.cache if f.endswith('.py')]))\n"
    )
    read = fresh_process(probe, home=tmp_path)
    # Each module an import statement names after Qt is read once (a few small ones here);
    # what must not be read is everything those import in turn: SQLAlchemy's hundreds of files.
    assert not [f for f in read if f.endswith(("sql/compiler.py", "orm/session.py"))]
    assert len(read) < 30, f"{len(read)} source files read by PySide6's import hook"


CONFIGURE_PROBE = """
import json, os, sys, traceback
from sqlalchemy import event
from sqlalchemy.orm import Mapper
from PySide6.QtCore import QTimer
from ui import app as app_module

configured = []

@event.listens_for(Mapper, "before_configured")
def _configuring():
    configured.append(traceback.format_stack(limit=12)[-8:])

original = app_module.Application.show_main_window

def shown(self):
    original(self)
    before = list(configured)  # read now: Home's figures configure them in the background
    def report():
        print(json.dumps(before), flush=True)
        os._exit(0)
    QTimer.singleShot(0, report)

app_module.Application.show_main_window = shown
app_module.main(["--db", sys.argv[1]])
"""


def test_no_orm_query_before_the_window_shows(db_path: Path, tmp_path: Path) -> None:
    """The first ORM query configures all 22 mappers (~40 ms): the window reads its profile
    through the table alone, and leaves that to the Home figures' background read (issue 19,
    point 9). No --lang, so the language comes from the profile too."""
    database = open_database(db_path)
    fill(database, "small", seed=1)
    database.close()
    stacks = fresh_process(CONFIGURE_PROBE, str(db_path), home=tmp_path)
    assert stacks == [], "".join(stacks[0])


def test_a_page_built_leaves_no_source_in_linecache(desk) -> None:
    """PySide6's import hook reads each module imported after it into linecache; the window lets
    go of it once a page is built (~10 MB by the last page, issue 19's memory row)."""
    import linecache

    desk.window.show_page("reports")  # its module and its sections' are imported now
    kept = [name for name in linecache.cache if name.endswith(("reports.py", "report_sections.py"))]
    assert kept == []
