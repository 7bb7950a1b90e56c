"""Starting the app imports nothing it does not show: no ReportLab, openpyxl, Alembic, or pages
other than the first (issue 8: "no eager import"). Checked in a fresh process, at the moment
the main window is shown and idle."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assocdesk.db import open_database
from assocdesk.demo import fill

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


def test_the_first_window_imports_only_what_it_shows(db_path: Path, tmp_path: Path) -> None:
    database = open_database(db_path)
    fill(database, "small", seed=1)
    database.close()
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path),
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    modules = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "ui.pages.home" in modules  # the probe did see the first page
    for heavy in ("reportlab", "openpyxl", "alembic", "pypdfium2"):
        assert heavy not in modules, f"{heavy} is imported at start-up"
    shown_later = {m for m in modules if m.startswith("ui.pages.")} - {
        "ui.pages",
        "ui.pages.home",
        "ui.pages.list_page",
    }
    assert not shown_later, f"pages imported before they are shown: {sorted(shown_later)}"
