"""Issue 21, point 5, in the window: "benali" typed in the Contacts search lists «أحمد بنعلي»
(after the contacts spelled Benali), and «بنعلي» typed lists "BENALI Karim"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from assocdesk.services import contacts
from tests.ui.conftest import type_text


def names_shown(page) -> list[str]:
    column = [c.key for c in page.model.columns].index("name")
    return [page.model.index(row, column).data() for row in range(page.model.rowCount())]


@pytest.mark.parametrize("desk", ["en", "ar"], indirect=True)
def test_typing_benali_lists_the_arabic_spelling(qtbot, desk, tmp_path) -> None:
    with desk.context.db.transaction() as session:
        for name in ("أحمد بنعلي", "BENALI Karim", "فاطمة الزهراء", "Youssef Tazi"):
            contacts.create(session, contacts.ContactInput(name=name))
    page = desk.window.show_page("contacts")
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)

    page.search.clear()
    qtbot.keyClicks(page.search, "benali")  # ASCII: typed as a person types it
    qtbot.waitUntil(lambda: page.model.query.search == "benali" and page.model.rowCount() == 2)
    shown = [name.strip("\u2066\u2067\u2068\u2069") for name in names_shown(page)]
    assert shown == ["BENALI Karim", "أحمد بنعلي"]  # the literal match first
    page.grab().save(str(tmp_path / f"benali-{desk.preferences.language}.png"))  # looked at

    page.search.clear()
    type_text(page.search, "بنعلي")
    qtbot.waitUntil(lambda: page.model.query.search == "بنعلي" and page.model.rowCount() == 2)
    shown = [name.strip("\u2066\u2067\u2068\u2069") for name in names_shown(page)]
    assert shown == ["أحمد بنعلي", "BENALI Karim"]

    page.search.clear()
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)


def test_the_contact_picker_offers_the_other_script(qtbot, desk, tmp_path) -> None:
    from ui.widgets.contact_picker import ContactPicker

    with desk.context.db.transaction() as session:
        for name in ("أحمد بنعلي", "Mustapha Tazi", "Karim Alaoui"):
            contacts.create(session, contacts.ContactInput(name=name))
    picker = ContactPicker(desk.context, desk.window)
    picker.resize(420, picker.sizeHint().height())
    picker.show()
    type_text(picker, "benali")
    model = picker.completer().popup().model()
    offered = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert [text for text in offered if "أحمد بنعلي" in text], offered
    picker.clear()
    type_text(picker, "مصطفى")
    offered = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert [text for text in offered if "Mustapha Tazi" in text], offered
    assert not [text for text in offered if "Karim Alaoui" in text]
