"""One fresh process for the start-up and memory benchmarks (run by app_metrics, not by pytest).

    python tests/benchmarks/app_child.py app|floor|bare start|figures|memory|interact [DATABASE]

It prints one JSON line and exits at once (os._exit: the app's close-time backup is not part of
what is measured):
- ``start``: the moment (time.time()) the main window was shown and the event loop went idle;
  the parent started its clock just before it started this process.
- ``figures`` (app only): the moment the Home page showed its figures, which it reads in the
  background once the window is up.
- ``memory``: the peak resident size (KiB) after the window is shown, every list page has been
  opened and the donations list scrolled to its end (app), or after the window is shown (floor,
  with its 50 rows; bare).
- ``interact`` (app only): seconds per keystroke of search-as-you-type on contacts, to show each
  list page the first time, and per scroll step through the donations (see interaction.py).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def report(**values: object) -> None:
    print(json.dumps(values), flush=True)
    os._exit(0)


def peak_kib() -> int:
    """This process's peak resident size. Not getrusage's ru_maxrss: Linux carries it over
    exec, so a child of the (large) benchmark process would report its parent's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB (bytes on macOS)


def when_idle(action) -> None:
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, action)  # runs once every event queued before it has been handled


def run_bare(what: str) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.resize(1200, 800)
    window.show()
    if what == "start":
        when_idle(lambda: report(shown_at=time.time()))
    else:
        when_idle(lambda: report(peak_kib=peak_kib()))
    app.exec()


def run_floor(what: str, database: str) -> None:
    """The floor (floor_child.py): PySide6, SQLAlchemy's ORM and 50 rows of the database."""
    from tests.benchmarks.floor_child import show_floor

    app, _window, model = show_floor(database)
    if what == "start":
        when_idle(lambda: report(shown_at=time.time(), rows=model.rowCount()))
    else:
        when_idle(lambda: report(peak_kib=peak_kib(), rows=model.rowCount()))
    app.exec()


def use_every_page(window) -> None:
    """Open each list page, then scroll the donations to the end, as someone looking would."""
    from PySide6.QtWidgets import QApplication, QTableView

    from ui.main_window import PAGES

    for key, _label, _factory in PAGES:
        window.show_page(key)
        QApplication.processEvents()
    page = window.show_page("donations")
    table = page.findChild(QTableView)
    bar = table.verticalScrollBar()
    for step in range(101):
        bar.setValue(bar.maximum() * step // 100)
        QApplication.processEvents()


def fail_fast(_log_path: Path) -> None:
    """In place of the app's hook: a bug ends this child with its traceback, instead of a
    dialog that nobody will close (the benchmark would wait for its timeout)."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        report(error="".join(traceback.format_exception(kind, value, tb))[-3000:])

    sys.excepthook = hook


def run_app(what: str, database: str) -> None:
    from ui import app as app_module

    original = app_module.Application.show_main_window

    def shown(self) -> None:
        original(self)
        if what == "start":
            when_idle(lambda: report(shown_at=time.time()))
        elif what == "figures":  # the Home cards filled, read in the background after "start"
            self.window.pages["home"].figures_shown.connect(lambda: report(shown_at=time.time()))
        elif what == "interact":
            from tests.benchmarks.interaction import measure

            when_idle(lambda: report(**measure(self.window)))
        else:
            when_idle(lambda: (use_every_page(self.window), report(peak_kib=peak_kib())))

    app_module.Application.show_main_window = shown
    app_module.install_excepthook = fail_fast
    app_module.main(["--db", database, "--lang", "ar"])
    report(error="the main window was never shown")


if __name__ == "__main__":
    kind, measure = sys.argv[1], sys.argv[2]
    if kind == "bare":
        run_bare(measure)
    elif kind == "floor":
        run_floor(measure, sys.argv[3])
    else:
        run_app(measure, sys.argv[3])
