"""GUI fixtures: the real application on a fresh database, offscreen, with its own preferences."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from assocdesk.services import association
from assocdesk.storage.engine import Database
from ui import commands, garbage, wheel_guard
from ui.app import Application
from ui.preferences import Preferences
from ui.widgets import pdf_view


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, Arabic included, as key events (qtbot.keyClicks aborts on non-ASCII)."""
    widget.setFocus()
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )


def choose(box, value) -> None:  # type: ignore[no-untyped-def]
    """Select the item of ``box`` whose data is ``value`` (which must be there)."""
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def home_figures(qtbot, window: QWidget) -> QWidget:
    """The window's Home page once the figures it reads in the background are shown."""
    home = window.pages["home"]
    qtbot.waitUntil(lambda: not home.loading, timeout=10_000)
    return home


def make_app(qapp: QApplication, db: Database, tmp_path: Path, language: str) -> Application:
    preferences = Preferences(tmp_path / f"preferences-{language}.ini")
    preferences.language = language
    app = Application(qapp, db, preferences)
    commands.write(
        app.context,
        lambda s: association.save(
            s,
            association.ProfileInput(
                name_ar="جمعية الأمل",
                name_fr="Association Al Amal",
                name_en="Al Amal Association",
                country="MA",
            ),
        ),
    )
    app.apply_language(language)
    app.show_main_window()
    return app


@pytest.fixture
def desk(
    request: pytest.FixtureRequest, qapp: QApplication, db: Database, tmp_path: Path
) -> Iterator[Application]:
    """The app in English, or in the language given with parametrize(..., indirect=True)."""
    app = make_app(qapp, db, tmp_path, getattr(request, "param", "en"))
    yield app
    from ui import workers

    workers.cancel_all()  # no background job may outlive the test's database
    assert workers.wait_for_jobs(10_000)
    close_all_windows(qapp)
    app.apply_language("en")


@pytest.fixture(autouse=True, scope="session")
def wheel_guarded(qapp: QApplication) -> None:
    """As in the app (ui/app.py): the wheel changes no unfocused combo or spin box."""
    wheel_guard.install(qapp)


@pytest.fixture(autouse=True)
def cycles_collected_on_main_thread(qapp: QApplication) -> Iterator[None]:
    """As in the app (ui/garbage.py): a background job never frees the test's widgets."""
    with garbage.collected_on_main_thread():
        yield


@pytest.fixture(autouse=True)
def no_modal_dialog_blocks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A modal dialog a test did not patch would wait forever for a click that never comes
    (the suite hangs). Each one returns at once as if cancelled, and the test fails naming it.

    A test that expects a dialog patches it itself (its monkeypatch comes after this one).
    """
    shown: list[str] = []

    def static_box(kind: str, answer: object):
        def box(_parent, title: str, text: str, *_args, **_kwargs):
            shown.append(f"QMessageBox.{kind}({title!r}, {text!r})")
            return answer

        return staticmethod(box)

    cancel = QMessageBox.StandardButton.Cancel
    for kind in ("information", "warning", "critical", "question"):
        answer = cancel if kind == "question" else QMessageBox.StandardButton.Ok
        monkeypatch.setattr(QMessageBox, kind, static_box(kind, answer))

    def exec_dialog(dialog: QDialog) -> int:
        shown.append(f"{type(dialog).__name__}.exec() {dialog.windowTitle()!r}")
        return QDialog.DialogCode.Rejected

    for cls in (QDialog, QMessageBox, QFileDialog):
        monkeypatch.setattr(cls, "exec", exec_dialog)

    def file_chooser(*_args, **_kwargs) -> tuple[str, str]:
        shown.append("QFileDialog chooser")
        return "", ""

    for name in ("getOpenFileName", "getSaveFileName", "getOpenFileNames"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(file_chooser))
    yield
    if shown:
        pytest.fail("a modal dialog was shown without being patched: " + "; ".join(shown))


@pytest.fixture(autouse=True)
def no_window_outlives_its_test(qapp: QApplication) -> Iterator[None]:
    """Dialogs a test leaves open (previews hold PDFium documents) are closed and deleted."""
    yield
    close_all_windows(qapp)


def close_all_windows(qapp: QApplication) -> None:
    for widget in qapp.topLevelWidgets():
        widget.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def no_dialogs(monkeypatch) -> list[str]:
    """Message boxes answer at once and are recorded instead of blocking the test."""
    shown: list[str] = []

    def record(_parent, _title, message, *_args, **_kwargs):
        shown.append(message)
        return QMessageBox.StandardButton.Ok

    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, record)
    return shown


@pytest.fixture
def painted(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every PDF drawn on a printer, in order (the real drawing still happens)."""
    sent: list[bytes] = []
    real = pdf_view.render_pages

    def spy(pdf: bytes, scale: float):  # type: ignore[no-untyped-def]
        sent.append(pdf)
        return real(pdf, scale)

    monkeypatch.setattr(pdf_view, "render_pages", spy)
    return sent
