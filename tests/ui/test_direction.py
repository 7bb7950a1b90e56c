"""Direction-safe values in the window (issue 20, point 4).

Seen by a tester in the Arabic window: phone numbers reversed in completions
(«(92 34 57 89 5 213+)»), paths with their slash at the wrong end («tmp/qa-ui/demo.sqlite3/»).
Each test reads what Qt draws (tests/ui/bidi_visual.py), in a right-to-left window.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from assocdesk.services import contacts
from assocdesk.text.bidi import format_isolated, isolate
from tests.ui.bidi_visual import compact, drawn, drawn_right_to_left
from tests.ui.conftest import type_text
from tests.ui.data_helpers import shot
from ui import commands
from ui.app import Application
from ui.direction import left_to_right_value
from ui.widgets.contact_picker import ContactPicker

PHONE = "+213 5 89 57 34 92"
VALUES = [
    PHONE,
    "07 92 03 67 28",
    "/tmp/qa-ui/demo.sqlite3",
    "ahmed.b@example.org",
    "https://alamal-asso.ma/dons",
    "2026-0042",
    "Jean Dupont",
]


@pytest.mark.parametrize("value", VALUES)
def test_an_isolated_value_is_drawn_in_its_own_order_in_arabic_text(value: str) -> None:
    expected = compact(value)
    assert expected in drawn_right_to_left(f"الملف: {isolate(value)}")
    assert expected in drawn_right_to_left(f"الهاتف ({isolate(value)}) للاتصال")
    assert expected in drawn_right_to_left(isolate(value))  # alone in a right-to-left label


@pytest.mark.parametrize("value", [PHONE, "/tmp/qa-ui/demo.sqlite3", "2026-0042"])
def test_without_the_helper_qt_draws_them_reversed(value: str) -> None:
    """What the tester saw: the check above fails without isolates."""
    assert compact(value) not in drawn_right_to_left(f"الملف: {value}")


def test_a_phone_in_a_label_of_an_arabic_window(qapp: QApplication, tmp_path: Path) -> None:
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        text = format_isolated("الهاتف: {phone}، البريد: {email}", phone=PHONE, email="a@b.ma")
        label = QLabel(text)
        label.adjustSize()
        shot(label, tmp_path, "direction-label-ar")
        seen = drawn(label.text(), label.layoutDirection(), label.font())
        assert label.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert compact(PHONE) in seen and "a@b.ma" in seen
    finally:
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.mark.parametrize("desk", ["ar"], indirect=True)
def test_a_phone_in_the_contact_pickers_completion_reads_in_order(
    desk: Application, tmp_path: Path
) -> None:
    for name, phone in (("أحمد بنعلي", PHONE), ("Ahmed Karimi", "07 92 03 67 28")):
        commands.write(
            desk.context,
            lambda s, n=name, p=phone: contacts.create(
                s, contacts.ContactInput(name=n, phone=p, city="وهران")
            ),
        )
    picker = ContactPicker(desk.context, desk.window)
    picker.resize(420, picker.sizeHint().height())
    picker.show()
    type_text(picker, "أحمد")
    popup = picker.completer().popup()
    model = popup.model()
    rows = [model.index(row, 0).data() for row in range(model.rowCount())]
    [row] = [text for text in rows if "أحمد بنعلي" in text]
    assert isolate(PHONE) in row
    # Drawn by the popup's items, right to left as the window.
    assert popup.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert compact(PHONE) in drawn(row, popup.layoutDirection(), popup.font())
    shot(popup, tmp_path, "direction-completion-ar")


@pytest.mark.parametrize("desk", ["ar"], indirect=True)
def test_the_status_bar_shows_the_database_path_in_order(desk: Application) -> None:
    message = desk.window.statusBar().currentMessage()
    path = str(desk.context.db.path)
    assert path in drawn(message, desk.window.statusBar().layoutDirection())


def test_a_path_field_reads_left_to_right_and_its_placeholder_right_to_left(
    qapp: QApplication,
) -> None:
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        holder = QWidget()
        edit = left_to_right_value(QLineEdit(holder))
        edit.setPlaceholderText("الخط الافتراضي")
        assert edit.layoutDirection() == Qt.LayoutDirection.RightToLeft  # empty: the window's
        edit.setText("/tmp/qa-ui/demo.sqlite3")
        assert edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert "/tmp/qa-ui/demo.sqlite3" in drawn(edit.text(), edit.layoutDirection())
        assert edit.text() == "/tmp/qa-ui/demo.sqlite3"  # no invisible characters saved
        edit.clear()
        assert edit.layoutDirection() == Qt.LayoutDirection.RightToLeft
    finally:
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.mark.parametrize("desk", ["ar"], indirect=True)
def test_settings_path_fields_read_left_to_right(desk: Application) -> None:
    form = desk.window.show_page("settings").form
    for edit in (form.logo_path, form.document_font):
        edit.setText("/home/علي/شعار.png")
        assert edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert drawn(edit.text(), edit.layoutDirection()).startswith("/")
