"""The Photos tab of an activity: attach (dialog and drop), see thumbnails, edit, remove, and
the post studio obeying the flags."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox
from sqlalchemy import select

from assocdesk.models import AuditEvent
from assocdesk.services import activities
from tests.ui.conftest import type_text
from ui import commands, workers
from ui.app import Application
from ui.dialogs.activity_dialog import ActivityDialog
from ui.dialogs.activity_photos import ActivityPhotos
from ui.pages.posts import PostsPage
from ui.pages.records import ActivitiesPage


def picture(path: Path, colour: str, label: str) -> Path:
    """A real picture drawn with Qt (JPEG or PNG after the file's extension)."""
    image = QImage(800, 600, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.setBrush(QColor("white"))
    painter.drawEllipse(QPoint(400, 300), 180, 180)
    font = painter.font()
    font.setPixelSize(90)
    painter.setFont(font)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    assert image.save(str(path))
    return path


def new_activity(app: Application) -> int:
    return commands.write(
        app.context,
        lambda s: (
            activities.create(
                s,
                activities.ActivityInput(
                    title="Distribution de paniers",
                    starts_at=datetime(2026, 3, 1, 10),
                    currency="MAD",
                    status="done",
                    beneficiaries_count=40,
                ),
            ).id
        ),
    )


def open_photos(app: Application, activity_id: int) -> tuple[ActivityDialog, ActivityPhotos]:
    page = app.window.show_page("activities")
    assert isinstance(page, ActivitiesPage)
    page.select_id(activity_id)
    dialog = page.open_selected()
    assert isinstance(dialog, ActivityDialog) and dialog.tabs is not None
    tab = dialog.photos
    assert isinstance(tab, ActivityPhotos)
    dialog.tabs.setCurrentWidget(tab)
    return dialog, tab


def photo_column(app: Application, activity_id: int) -> str:
    page = app.window.pages["activities"]
    model = page.model
    column = [c.key for c in model.columns].index("photos")
    return model.data(model.index(model.row_of(activity_id), column))


def test_attach_edit_reopen_remove_and_the_studio_obeys(
    desk: Application, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    activity_id = new_activity(desk)
    children = picture(tmp_path / "enfants.jpg", "#d35400", "1")
    volunteers = picture(tmp_path / "bénévoles.png", "#16a085", "2")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    chosen = [str(children), str(notes), str(volunteers)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: (chosen, ""))

    dialog, tab = open_photos(desk, activity_id)
    assert tab.empty.isVisibleTo(tab) and tab.cards == []
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.busy and tab.progress.isVisibleTo(tab)  # several files: a progress bar
    assert not tab.add_button.isEnabled()
    qtbot.waitUntil(lambda: not tab.busy, timeout=10_000)

    assert [card.photo.file_name for card in tab.cards] == ["enfants.jpg", "bénévoles.png"]
    assert all(card.has_thumbnail for card in tab.cards)
    icon_size = tab.cards[0].picture.icon().availableSizes()[0]
    assert max(icon_size.width(), icon_size.height()) == 150  # scaled, not the 800×600 file
    assert tab.errors.isVisibleTo(tab)
    assert tab.errors.text().startswith("notes.txt is not a picture")
    assert photo_column(desk, activity_id) == "2"

    first, second = tab.cards
    type_text(first.caption, "Les enfants à l'accueil")
    qtbot.keyClick(first.caption, Qt.Key.Key_Return)  # confirms the caption only
    assert dialog.isVisible()
    first.shows_minors.click()
    first.consent.click()
    assert first.verdict.text() == "Kept out of posts"
    second.consent.click()
    assert second.verdict.text() == "May appear in posts"
    type_text(second.caption, "Nos bénévoles")  # not confirmed: saved when the dialog closes
    dialog.reject()
    QApplication.processEvents()

    dialog, tab = open_photos(desk, activity_id)
    first, second = tab.cards
    assert (first.caption.text(), first.shows_minors.isChecked(), first.consent.isChecked()) == (
        "Les enfants à l'accueil",
        True,
        True,
    )
    assert (second.caption.text(), second.shows_minors.isChecked()) == ("Nos bénévoles", False)
    assert second.consent.isChecked()
    first_id = first.photo.id
    journaled = desk.context.read(
        lambda s: list(
            s.scalars(
                select(AuditEvent.action).where(
                    AuditEvent.entity_type == "activity_photos", AuditEvent.entity_id == first_id
                )
            )
        )
    )
    assert journaled == ["create", "update", "update", "update"]  # caption, minors, consent

    studio = desk.window.show_page("posts")
    assert isinstance(studio, PostsPage)
    studio.occasion.setCurrentIndex(studio.occasion.findData("activity-report"))
    studio.record.setCurrentIndex(studio.record.findData(activity_id))
    assert studio.posts and all(p.card.photo == second.photo.path for p in studio.posts.values())
    left_out = [studio.omitted.item(i).text() for i in range(studio.omitted.count())]
    assert any("“enfants.jpg” is left out" in line for line in left_out)
    assert not any("bénévoles.png" in line for line in left_out)

    # Remove: asked first; the file goes with the record (no other record uses it).
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    children_file = first.photo.path
    qtbot.mouseClick(first.remove_button, Qt.MouseButton.LeftButton)
    assert [card.photo.file_name for card in tab.cards] == ["bénévoles.png"]
    assert not children_file.exists() and second.photo.path.is_file()
    assert photo_column(desk, activity_id) == "1"


def test_dropping_files_attaches_them(desk: Application, qtbot, tmp_path: Path) -> None:
    activity_id = new_activity(desk)
    dropped = picture(tmp_path / "dropped.png", "#2c3e50", "3")
    _dialog, tab = open_photos(desk, activity_id)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(dropped))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tab.dropEvent(drop)
    assert tab.busy and not tab.progress.isVisibleTo(tab)  # one file: no progress bar
    qtbot.waitUntil(lambda: not tab.busy, timeout=10_000)
    assert [card.photo.file_name for card in tab.cards] == ["dropped.png"]
    assert not tab.errors.isVisibleTo(tab)


def test_a_new_activity_asks_to_be_saved_first(desk: Application) -> None:
    page = desk.window.show_page("activities")
    dialog = page.open_new()
    assert isinstance(dialog, ActivityDialog)
    labels = [label.text() for label in dialog.photos.findChildren(QLabel)]
    assert labels == ["Save the activity first; then open it again to add its photos."]
    assert not hasattr(dialog.photos, "add_button")
    assert dialog.tabs is not None
    dialog.tabs.setCurrentWidget(dialog.photos)
    dialog.accept()  # no title: the error is shown on the Details tab, which comes forward
    assert dialog.error_text("title") and dialog.tabs.currentIndex() == 0


def test_closing_the_dialog_while_attaching(desk: Application, qtbot, tmp_path: Path) -> None:
    activity_id = new_activity(desk)
    files = [picture(tmp_path / f"{n}.png", "#7f8c8d", str(n)) for n in range(3)]
    dialog, tab = open_photos(desk, activity_id)
    tab.attach(files)
    dialog.reject()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the dialog is gone
    assert workers.wait_for_jobs(10_000)
    qtbot.waitUntil(lambda: photo_column(desk, activity_id) == "3", timeout=10_000)
