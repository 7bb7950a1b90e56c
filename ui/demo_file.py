"""The demo file: a database of its own beside the real one, filled with the demo association.

Why a separate file: a newcomer should see a full application in one click, and demo records
must never mix with real ones (assocdesk.demo refuses a database that holds records anyway).
The real database stays empty, so the next start opens it and offers the first run again; the
window says plainly, for as long as it shows the demo, which file it is and how to go back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMainWindow

from assocdesk import demo
from assocdesk.demo.filling import Progress
from assocdesk.i18n import _
from assocdesk.storage.engine import Database
from assocdesk.storage.lock import DatabaseLock
from assocdesk.storage.opening import open_database
from assocdesk.storage.paths import display_path
from ui import theme

DEMO_SIZE = "small"  # a few hundred records: seconds on an old laptop, a full app to look at


@dataclass
class DemoSession:
    """The demo database opened in place of ``real``, with the lock that keeps it ours."""

    real: Path
    database: Database
    lock: DatabaseLock


def demo_path(real: Path) -> Path:
    """``assocdesk.sqlite3`` → ``assocdesk-demo.sqlite3`` in the same folder."""
    return real.with_name(f"{real.stem}-demo{real.suffix or '.sqlite3'}")


def open_demo(path: Path, progress: Progress | None = None) -> Database:
    """Open the demo file, filling it first when it is new or empty (a fill cancelled before
    leaves it empty: the fill is one transaction). A demo file kept from an earlier try is
    opened as it is. Slow enough to run off the UI thread (ui.workers)."""
    database = open_database(path)
    try:
        with database.reading() as session:
            empty = demo.is_empty(session)
        if empty:
            demo.fill(database, DEMO_SIZE, progress=progress)
    except BaseException:
        database.close()
        raise
    return database


def demo_notice(session: DemoSession) -> str:
    return _(
        "Demo file {demo}: its records are examples. Your own database {real} is still empty; "
        "close AssocDesk and start it again to set it up."
    ).format(demo=display_path(session.database.path), real=display_path(session.real))


class _DemoTitle(QObject):
    """Keeps "demo file" in the window's title when the window sets it again (a profile edit);
    a child of the window, so it holds no reference that would keep the window alive."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.mark = " — " + _("Demo file")
        window.windowTitleChanged.connect(self.retitle)
        self.retitle(window.windowTitle())

    def retitle(self, title: str) -> None:
        window = self.parent()
        if isinstance(window, QMainWindow) and not title.endswith(self.mark):
            window.setWindowTitle(title + self.mark)


def mark_window(window: QMainWindow, session: DemoSession) -> QLabel:
    """Say in the title and the status bar that this is the demo file, and how to go back."""
    _DemoTitle(window)
    note = QLabel(demo_notice(session))
    note.setObjectName("demo_notice")
    note.setWordWrap(True)
    theme.style(note, theme.Style.STATUS_NOTE)
    bar = window.statusBar()
    bar.clearMessage()  # the note names the file already
    bar.addPermanentWidget(note, 1)  # never hidden by a passing message
    return note
