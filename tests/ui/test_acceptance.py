"""The foundation issue's walk through the real window: a member with an Arabic name, found by
another hamza spelling, edited and archived; a donation with its receipt number; a zero amount
refused in the dialog."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from assocdesk.i18n import _
from assocdesk.services import members
from assocdesk.services.common import ListQuery
from assocdesk.text.bidi import isolate, isolate_ltr
from tests.ui.conftest import type_text

NAME = "أحمد بنعلي"


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def cell(page, row: int, key: str) -> str:
    column = [c.key for c in page.model.columns].index(key)
    return page.model.index(row, column).data()


def click_row(qtbot, page, row: int) -> None:
    """Click a row's first cell, as a person would (works in right-to-left layout too)."""
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_id() == page.model.id_at(row)


def search(qtbot, page, text: str, expected_rows: int) -> None:
    page.search.clear()
    type_text(page.search, text)
    qtbot.waitUntil(
        lambda: page.model.query.search == text and page.model.rowCount() == expected_rows
    )


@pytest.mark.parametrize("desk", ["en", "ar"], indirect=True)
def test_member_lifecycle_through_the_window(qtbot, desk, monkeypatch) -> None:
    page = desk.window.show_page("members")
    assert page.model.rowCount() == 0

    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.number.text() == "0001"  # suggested number
    type_text(dialog.contact.name, NAME)
    type_text(dialog.contact.phone, "0612345678")
    save(dialog)
    assert not dialog.isVisible()
    assert page.model.rowCount() == 1
    assert cell(page, 0, "name") == NAME
    # Regression: the saved record is selected, in right-to-left layout too.
    assert page.selected_id() == page.model.id_at(0)

    # Found with another hamza spelling (احمد, no hamza), and not by an unrelated name.
    search(qtbot, page, "احمد", 1)
    assert cell(page, 0, "name") == NAME
    search(qtbot, page, "فاطمة", 0)
    search(qtbot, page, "بنعلي احمد", 1)

    # Edit the phone: select the row, Enter opens the dialog.
    click_row(qtbot, page, 0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog.contact.name.text() == NAME
    dialog.contact.phone.clear()
    type_text(dialog.contact.phone, "0700112233")
    save(dialog)
    # Regression: phones are shown as a left-to-right island, or an Arabic window reverses
    # their digit groups ("07 00 11" read "11 00 07").
    assert cell(page, 0, "phone") == isolate_ltr("0700112233")
    with desk.context.db.reading() as session:
        row = members.list_members(session, ListQuery(search="احمد")).rows[0]
        assert row.phone == "0700112233"

    # Archive with Del (the confirmation is answered yes): gone from the list, kept in the file.
    monkeypatch.setattr(page, "confirm", lambda question: NAME in question)
    click_row(qtbot, page, 0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 0
    page.show_archived.setChecked(True)
    assert page.model.rowCount() == 1
    assert page.message.text() == _("{name} was archived.").format(name=isolate(NAME))


def test_donation_receipt_and_zero_amount(qtbot, desk) -> None:
    members_page = desk.window.show_page("members")
    members_page.open_new()
    type_text(members_page.dialog.contact.name, NAME)
    save(members_page.dialog)
    desk.window.activateWindow()  # offscreen, no window manager gives it back on closing
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk.window)

    page = desk.window.show_page("donations")
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog

    # Choose the donor by typing another spelling, then picking from the suggestions.
    type_text(dialog.donor, "إحمد")
    popup = dialog.donor.completer().popup()
    qtbot.waitUntil(lambda: popup.model().rowCount() == 1)
    dialog.donor.completer().activated.emit(popup.model().index(0, 0).data())
    assert dialog.donor.contact_id is not None

    type_text(dialog.amount, "0")
    save(dialog)
    assert dialog.isVisible(), "a zero amount must not be saved"
    assert "more than zero" in dialog.error_text("amount")
    assert dialog.amount.text() == "0"  # what was typed is kept
    assert dialog.donor.contact_id is not None
    assert page.model.rowCount() == 0

    dialog.amount.clear()
    type_text(dialog.amount, "250,50")
    save(dialog)
    assert not dialog.isVisible()
    number = f"R-{date.today().year}-0001"
    assert page.model.rowCount() == 1
    assert cell(page, 0, "receipt_number") == number
    assert number in page.message.text()
    assert cell(page, 0, "donor") == NAME


def test_anonymous_donation_and_void(qtbot, desk, monkeypatch) -> None:
    page = desk.window.show_page("donations")
    for amount in ("100", "200"):
        dialog = page.open_new()
        dialog.anonymous.setChecked(True)
        type_text(dialog.amount, amount)
        save(dialog)
        assert not dialog.isVisible()
    assert page.model.rowCount() == 2
    first = f"R-{date.today().year}-0001"
    click_row(qtbot, page, 1)
    monkeypatch.setattr(page, "ask_reason", lambda number: "Typing mistake")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    row = page.model.row_of(page.model.id_at(1))
    assert cell(page, row, "receipt_number") == first
    assert cell(page, row, "status") == "Voided"
    assert first in page.message.text()
    assert cell(page, 0, "donor") == "Anonymous donor"


def test_donor_required_unless_anonymous(desk) -> None:
    page = desk.window.show_page("donations")
    dialog = page.open_new()
    type_text(dialog.amount, "100")
    save(dialog)
    assert dialog.isVisible()
    assert "anonymous" in dialog.error_text("contact_id")
