"""Nothing typed is lost (issue 20, point 2): the wheel changes no unfocused choice, forms and
Settings ask before discarding changes, and a form opens with its first field focused."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QCloseEvent, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from assocdesk.i18n import translate_in
from tests.ui.conftest import type_text
from ui.app import Application
from ui.dialogs.contact_fields import ContactDialog
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.fields import select_data


def wheel_down(widget: QWidget) -> bool:
    """One notch of the wheel over ``widget``; whether the widget took the event."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def focus(qtbot, widget: QWidget) -> None:
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def settings(desk: Application):  # type: ignore[no-untyped-def]
    desk.window.activateWindow()
    return desk.window.show_page("settings")


# -- the wheel ---------------------------------------------------------------------------


def test_wheel_over_an_unfocused_choice_in_settings_changes_nothing(desk, qtbot) -> None:
    """The bug: scrolling Settings switched «لغة الوثائق» from العربية to English, silently."""
    form = settings(desk).form
    box = form.default_language
    select_data(box, "ar")
    focus(qtbot, form.name_ar)
    assert not wheel_down(box)  # left for the scroll area behind
    assert box.currentData() == "ar"
    assert not form.is_modified()

    month = form.fiscal_month  # a choice of named months
    before = month.currentData()
    assert not wheel_down(month)
    assert month.currentData() == before
    spin = QSpinBox(form)  # the guard is the application's: any spin box of any form
    spin.setRange(1, 12)
    spin.show()
    wheel_down(spin.lineEdit())  # the spin box's own text box is under the pointer
    wheel_down(spin)
    assert spin.value() == 1


def test_wheel_over_a_focused_choice_changes_it(desk, qtbot) -> None:
    form = settings(desk).form
    box = form.default_language
    select_data(box, "ar")
    focus(qtbot, box)
    assert wheel_down(box)
    assert box.currentData() != "ar"
    assert form.is_modified()


def test_the_wheel_does_not_take_the_focus(desk) -> None:
    """A box given the focus by the first turn of the wheel would change at the second."""
    form = settings(desk).form
    assert form.default_language.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert form.fiscal_month.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert QComboBox().focusPolicy() == Qt.FocusPolicy.WheelFocus  # polished only when shown
    spin = QSpinBox()
    spin.ensurePolished()
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus


# -- forms ask before discarding -----------------------------------------------------------


def open_new_contact(desk: Application, monkeypatch) -> tuple[ContactDialog, list[bool]]:
    """The contact form as Ctrl+N opens it; its question recorded and answered "Keep editing"."""
    page = desk.window.show_page("contacts")
    dialog = page.open_new()
    assert isinstance(dialog, ContactDialog)
    asked: list[bool] = []
    monkeypatch.setattr(dialog, "confirm_discard", lambda: asked.append(True) or False)
    return dialog, asked


def test_esc_on_a_filled_form_asks_and_keep_editing_keeps_the_text(desk, qtbot, monkeypatch):
    dialog, asked = open_new_contact(desk, monkeypatch)
    type_text(dialog.contact.name, "أحمد بن علي")
    qtbot.keyClick(dialog.contact.name, Qt.Key.Key_Escape)
    assert asked == [True]
    assert dialog.isVisible() and dialog.contact.name.text() == "أحمد بن علي"

    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert asked == [True, True] and dialog.isVisible()


def test_discard_closes_the_filled_form(desk, qtbot, monkeypatch) -> None:
    dialog, _asked = open_new_contact(desk, monkeypatch)
    type_text(dialog.contact.name, "Salma")
    monkeypatch.setattr(dialog, "confirm_discard", lambda: True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_esc_on_an_unchanged_form_closes_at_once(desk, qtbot, monkeypatch) -> None:
    dialog, asked = open_new_contact(desk, monkeypatch)
    qtbot.keyClick(dialog.contact.name, Qt.Key.Key_Escape)
    assert asked == [] and not dialog.isVisible()


def test_text_typed_then_removed_is_no_change(desk, qtbot, monkeypatch) -> None:
    dialog, asked = open_new_contact(desk, monkeypatch)
    type_text(dialog.contact.city, "Fès")
    dialog.contact.city.clear()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert asked == [] and not dialog.isVisible()


def test_a_changed_choice_in_an_opened_record_asks(desk, qtbot, monkeypatch) -> None:
    """Any input counts, not only text: here a combo box of a record loaded from the file."""
    first, _asked = open_new_contact(desk, monkeypatch)
    type_text(first.contact.name, "Karim")
    first.accept()
    page = desk.window.pages["contacts"]
    dialog = page.open_selected()
    asked: list[bool] = []
    monkeypatch.setattr(dialog, "confirm_discard", lambda: asked.append(True) or False)
    assert not dialog.is_modified()  # loaded values are where it starts
    box = dialog.contact.language
    box.setCurrentIndex((box.currentIndex() + 1) % box.count())
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [True] and dialog.isVisible()


class PersonClose(QCloseEvent):
    """The close event of the title bar's button, which the window system sends."""

    def spontaneous(self) -> bool:
        return True


def test_the_close_button_asks_the_program_close_does_not(desk, monkeypatch) -> None:
    dialog, asked = open_new_contact(desk, monkeypatch)
    type_text(dialog.contact.name, "Nadia")
    by_person = PersonClose()
    dialog.closeEvent(by_person)
    assert asked == [True] and not by_person.isAccepted() and dialog.isVisible()

    dialog.close()  # the program's close (e.g. the window being rebuilt) never asks
    assert asked == [True] and not dialog.isVisible()


# -- Settings asks when left -------------------------------------------------------------------


def test_settings_asks_before_being_left_and_discard_restores(desk, monkeypatch) -> None:
    page = settings(desk)
    assert page.may_leave()  # nothing changed: no question
    asked: list[bool] = []
    monkeypatch.setattr(page.form, "confirm_discard", lambda: asked.append(True) or False)
    page.form.city.setText("Oujda")
    assert page.has_unsaved_changes()
    assert not page.may_leave() and page.form.city.text() == "Oujda"  # Keep editing

    monkeypatch.setattr(page.form, "confirm_discard", lambda: asked.append(True) or True)
    assert page.may_leave()
    assert asked == [True, True]
    assert page.form.city.text() == "" and not page.has_unsaved_changes()


def test_saved_settings_are_left_without_a_question(desk, monkeypatch) -> None:
    page = settings(desk)
    monkeypatch.setattr(page.form, "confirm_discard", lambda: pytest.fail("nothing to discard"))
    page.form.city.setText("Oujda")
    assert page.save()
    assert page.may_leave()


def test_esc_in_settings_asks_and_keeps_the_page(desk, qtbot, monkeypatch) -> None:
    page = settings(desk)
    asked: list[bool] = []
    monkeypatch.setattr(page.form, "confirm_discard", lambda: asked.append(True) or False)
    qtbot.keyClick(page.form.name_fr, Qt.Key.Key_Escape)  # unchanged: nothing happens
    assert asked == [] and page.form.isVisible()
    page.form.name_fr.setText("Association Espoir")
    qtbot.keyClick(page.form.name_fr, Qt.Key.Key_Escape)
    assert asked == [True] and page.form.name_fr.text() == "Association Espoir"
    assert page.form.isVisible()


# -- the first field has the focus -----------------------------------------------------------


def test_ctrl_n_on_contacts_focuses_the_name(desk, qtbot) -> None:
    """The bug: after Ctrl+N, typing went nowhere."""
    page = desk.window.show_page("contacts")
    desk.window.activateWindow()
    qtbot.waitUntil(desk.window.isActiveWindow)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, ContactDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.contact.name)
    qtbot.keyClicks(QApplication.focusWidget(), "Salma")
    assert dialog.contact.name.text() == "Salma"
    dialog.reject()


@pytest.mark.parametrize(
    ("page_key", "field"),
    [
        ("donations", lambda d: d.donor),
        ("members", lambda d: d.contact.name),
        ("volunteers", lambda d: d.contact.name),
        ("campaigns", lambda d: d.name),
        ("activities", lambda d: d.title),
    ],
)
def test_every_form_opens_on_its_first_field(desk, qtbot, page_key, field) -> None:
    page = desk.window.show_page(page_key)
    dialog: RecordDialog = page.open_new()
    qtbot.waitUntil(lambda: dialog.focusWidget() is field(dialog))
    dialog.reject()


# -- the question itself ------------------------------------------------------------------------


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_the_question_in_arabic_and_french(desk, qtbot, monkeypatch, tmp_path: Path) -> None:
    """The real question (not replaced), looked at in a screenshot, answered Discard."""
    language = desk.context.language
    dialog = desk.window.show_page("contacts").open_new()
    seen: list[QMessageBox] = []

    def answer(box: QMessageBox) -> int:
        box.show()
        box.grab().save(str(tmp_path / f"discard-{language}.png"))
        seen.append(box)
        box.hide()
        wanted = translate_in(language, "Discard")
        next(b for b in box.buttons() if b.text() == wanted).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    type_text(dialog.contact.name, "Nadia")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    (box,) = seen
    assert box.text() == translate_in(language, "Discard your changes?")
    assert box.text() != "Discard your changes?"
    texts = {b.text() for b in box.buttons()}
    assert texts == {translate_in(language, "Discard"), translate_in(language, "Keep editing")}
    assert not dialog.isVisible()  # Discard was clicked


def test_leaving_settings_with_unsaved_changes_asks_and_can_stay(desk, monkeypatch) -> None:
    page = desk.window.show_page("settings")
    settings_row = desk.window.navigation.currentRow()
    monkeypatch.setattr(page.form, "confirm_discard", lambda: False)  # Keep editing
    page.form.city.setText("Oujda")
    desk.window.navigation.setCurrentRow(0)
    assert desk.window.stack.currentWidget() is page
    assert desk.window.navigation.currentRow() == settings_row
    assert page.form.city.text() == "Oujda"
    desk.window.request_quit()  # Quit asks too, and stays
    assert desk.window.isVisible()
    monkeypatch.setattr(page.form, "confirm_discard", lambda: True)  # Discard
    desk.window.navigation.setCurrentRow(0)
    assert desk.window.stack.currentWidget() is not page
