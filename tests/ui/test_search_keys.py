"""From the search box to the rows by keyboard: type, Down, then Enter or Ctrl+I (issue 21's
walk "did Fatima pay her dues?": Ctrl+2, Ctrl+F, fatima, Down, Ctrl+I)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import type_text
from tests.ui.donors import add_member
from ui.dialogs.person_card import PersonCard


def test_down_in_the_search_goes_to_the_first_row_found(desk, qtbot) -> None:
    _membership, fatima = add_member(desk, "Fatima Zahra El Idrissi")
    page = desk.window.show_page("members")
    type_text(page.search, "fatima")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    page.table.selectionModel().clear()  # as after a search that found new rows
    assert page.selected_id() is None and page.search.hasFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.selected_id() == page.model.id_at(0)
    card = page.open_person_card()  # what Ctrl+I does on the selected row
    assert isinstance(card, PersonCard) and card.contact_id == fatima
    card.close()


def test_down_with_nothing_found_stays_in_the_search(desk, qtbot) -> None:
    page = desk.window.show_page("members")
    type_text(page.search, "zzz")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5_000)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.selected_id() is None
