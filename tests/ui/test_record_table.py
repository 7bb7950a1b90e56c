"""The lazy table model: passes Qt's model checks, loads rows a page at a time, sorts in SQL,
and never raises from data() (an exception there would abort the process)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from assocdesk.services import contacts, members
from tests.ui.conftest import type_text
from ui import commands
from ui.models.record_table import RecordTableModel


def add_members(app, count: int) -> None:
    def add(session) -> None:
        for i in range(count):
            members.create(
                session,
                members.MemberInput(
                    contact=contacts.ContactInput(name=f"عضو {i:04d}", phone=f"06{i:08d}"),
                    number=f"{i + 1:04d}",
                ),
            )

    commands.write(app.context, add)


def test_model_passes_qt_checks_and_loads_lazily(qtmodeltester, desk) -> None:
    add_members(desk, 250)
    page = desk.window.show_page("members")
    model: RecordTableModel = page.model
    assert model.rowCount() == 250
    model._pages.clear()
    assert model.index(0, 1).data() == "عضو 0000"
    assert list(model._pages) == [0]  # one page of 100 rows loaded, not 250 rows
    assert model.index(249, 1).data() == "عضو 0249"
    assert sorted(model._pages) == [0, 2]
    qtmodeltester.check(model)


def test_header_click_sorts_in_sql(qtbot, desk) -> None:
    add_members(desk, 3)
    page = desk.window.show_page("members")
    number = [c.key for c in page.model.columns].index("number")
    header = page.table.horizontalHeader()

    def click_header() -> None:
        x = header.sectionViewportPosition(number) + header.sectionSize(number) // 2
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )

    click_header()
    first = page.model.index(0, number).data()
    click_header()  # second click: the other direction
    assert {first, page.model.index(0, number).data()} == {"0001", "0003"}
    assert page.model.query.sort == "number"


def test_broken_row_loader_does_not_raise_from_data(desk, monkeypatch) -> None:
    add_members(desk, 2)
    page = desk.window.show_page("members")
    page.model._pages.clear()

    def broken(_session, _ids):
        raise RuntimeError("disk unplugged")

    monkeypatch.setattr(page.model, "_rows_for", broken)
    assert page.model.index(0, 1).data() is None  # logged, not raised


def test_ctrl_f_focuses_search(qtbot, desk) -> None:
    page = desk.window.show_page("members")
    desk.window.activateWindow()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.search.hasFocus)
    type_text(page.search, "عضو")
    assert page.search.text() == "عضو"
