"""Two desks on one shared server: what one saves shows in the other's open list within about
a second, its selection kept (issue 22, point 6)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from assocdesk.services import contacts
from assocdesk.storage.opening import open_database
from tests.ui.conftest import make_app
from ui import commands
from ui.app import Application


@pytest.fixture
def two_desks(
    qapp: QApplication, server_url: str, tmp_path: Path
) -> Iterator[tuple[Application, Application]]:
    desks = []
    for name in ("secretary", "treasurer"):
        folder = tmp_path / name
        folder.mkdir()
        desks.append(make_app(qapp, open_database(server_url), folder, "fr"))
    for desk in desks:
        assert desk.context.live_desks.wait_until_listening()
    yield desks[0], desks[1]
    for desk in desks:
        desk.window.close()
        desk.context.close_database()


def _names(page) -> list[str]:
    model = page.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_a_contact_saved_at_one_desk_shows_at_the_other_with_its_selection_kept(
    two_desks: tuple[Application, Application], qtbot
) -> None:
    secretary, treasurer = two_desks
    for name in ("Amina Tazi", "Youssef Benali"):
        commands.write(
            secretary.context, lambda s, n=name: contacts.create(s, contacts.ContactInput(name=n))
        )
    page = treasurer.window.show_page("contacts")
    qtbot.waitUntil(lambda: len(_names(page)) == 2, timeout=10000)
    chosen = next(i for i, name in enumerate(_names(page)) if name == "Youssef Benali")
    page.table.selectRow(chosen)
    youssef = page.selected_id()

    commands.write(
        secretary.context, lambda s: contacts.create(s, contacts.ContactInput(name="Karima Alaoui"))
    )
    qtbot.waitUntil(lambda: "Karima Alaoui" in _names(page), timeout=10000)
    assert page.selected_id() == youssef

    def renamed(session):
        data = contacts.details(session, youssef).values
        data.name = "Youssef Benali El Idrissi"
        return contacts.update(session, youssef, data)

    commands.write(secretary.context, renamed)
    qtbot.waitUntil(lambda: "Youssef Benali El Idrissi" in _names(page), timeout=10000)
    assert page.selected_id() == youssef
