"""Readable lists (issue 20, points 1, 3 and 5 for the list pages): the main text stretches
and the others fit their content; widths, order and sort are remembered per list; a member who
left, an archived record and a voided receipt are marked and filterable, and the list of current
members agrees with Home; every list page fits a 1024 px screen; buttons say what they do."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHeaderView

from assocdesk.i18n import translate_in
from assocdesk.services import contacts, donations, members
from assocdesk.text.bidi import LRI, PDI
from tests.ui.conftest import home_figures
from tests.ui.donors import add_donor, give
from ui import commands, theme
from ui.models.record_table import MARKER_ROLE
from ui.pages.people import MembersPage

LIST_PAGES = ("members", "volunteers", "contacts", "activities", "donations", "campaigns")
TODAY = date.today()
LONG_NAME = "Fatima Zahra EL IDRISSI BENJELLOUN de la Rentrée scolaire"


def add_member(
    app,
    name: str,
    number: str,
    *,
    joined_on: date = TODAY - timedelta(days=400),
    left_on: date | None = None,
    archived: bool = False,
) -> int:
    data = members.MemberInput(
        contact=contacts.ContactInput(name=name, city="Casablanca"),
        number=number,
        category="Membre bienfaiteur d'honneur",
        joined_on=joined_on,
        left_on=left_on,
    )

    def write(session) -> int:
        member = members.create(session, data)
        if archived:
            contacts.set_archived(session, member.contact_id)
        return member.id

    return commands.write(app.context, write)


def column(page, key: str) -> int:
    return [c.key for c in page.model.columns].index(key)


def names(page) -> list[str]:
    name = column(page, "name")
    return [page.model.index(row, name).data() for row in range(page.model.rowCount())]


def test_main_column_stretches_and_others_fit_their_content(qtbot, desk) -> None:
    add_member(desk, LONG_NAME, "0001")
    add_member(desk, "Ali", "0002")
    desk.window.resize(1366, 768)
    page = desk.window.show_page("members")
    qtbot.waitUntil(lambda: page.column_layout.fitted)
    header = page.table.horizontalHeader()
    name, category = column(page, "name"), column(page, "category")
    assert not header.stretchLastSection()
    assert header.sectionResizeMode(category) == QHeaderView.ResizeMode.Interactive
    # The name takes exactly the width the others leave, and follows the window.
    others = sum(header.sectionSize(i) for i in range(header.count()) if i != name)
    assert header.sectionSize(name) == page.table.viewport().width() - others
    before = header.sectionSize(name)
    desk.window.resize(1200, 768)
    qtbot.waitUntil(lambda: header.sectionSize(name) < before)
    assert header.sectionSize(name) == page.table.viewport().width() - others
    metrics = page.table.fontMetrics()
    # The category is shown whole, the last column (Minor) is no wider than its header needs.
    assert header.sectionSize(category) > metrics.horizontalAdvance("Membre bienfaiteur d'honneur")
    last = header.logicalIndex(header.count() - 1)
    assert header.sectionSize(last) < 120
    # The name takes the spare width: the widest column of the list.
    assert header.sectionSize(name) == max(header.sectionSize(i) for i in range(header.count()))
    # No header is cut: each is at least as wide as its text needs.
    for logical in range(header.count()):
        if logical != name:
            assert header.sectionSize(logical) >= header.sectionSizeFromContents(logical).width()
    assert not page.table.wordWrap()  # one line a row: nothing clipped half-way


def test_columns_are_remembered_across_a_new_page_and_reset(qtbot, desk) -> None:
    add_member(desk, "Ali", "0002")
    add_member(desk, "Badr", "0001")
    page = desk.window.show_page("members")
    header = page.table.horizontalHeader()
    city, number = column(page, "city"), column(page, "number")
    header.resizeSection(city, 233)
    header.moveSection(header.visualIndex(city), 0)
    page.table.sortByColumn(number, Qt.SortOrder.DescendingOrder)
    page.column_layout.flush()  # what the page's hiding (or the timer) does

    again = MembersPage(desk.context)
    qtbot.addWidget(again)
    header = again.table.horizontalHeader()
    assert header.sectionSize(city) == 233
    assert header.visualIndex(city) == 0
    assert header.sortIndicatorSection() == number
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert again.model.query.sort == "number" and again.model.query.descending
    assert [again.model.index(r, number).data() for r in range(2)] == ["0002", "0001"]

    again.column_layout.reset()  # the header's "Reset columns"
    assert header.visualIndex(city) == city
    assert header.sortIndicatorSection() == again.default_sort
    assert again.model.query.sort == again.model.columns[again.default_sort].key
    assert (
        desk.context.preferences.list_columns("MembersPage", again.column_layout.signature) is None
    )
    third = MembersPage(desk.context)
    qtbot.addWidget(third)
    assert third.table.horizontalHeader().visualIndex(city) == city


def test_former_and_archived_members_are_marked_and_the_list_agrees_with_home(qtbot, desk) -> None:
    add_member(desk, "Current One", "0001")
    add_member(desk, "Current Two", "0002")
    add_member(desk, "Gone Away", "0003", left_on=TODAY - timedelta(days=30))
    add_member(desk, "Coming Soon", "0004", joined_on=TODAY + timedelta(days=10))
    add_member(desk, "Put Away", "0005", archived=True)
    home = home_figures(qtbot, desk.window)
    shown_on_home = int(home.members.value.text())
    page = desk.window.show_page("members")
    assert page.standing_box.currentData() == members.CURRENT
    assert page.model.rowCount() == shown_on_home == 2
    assert names(page) == ["Current One", "Current Two"]
    assert all(page.model.marker_at(row) is None for row in range(2))

    page.standing_box.setCurrentIndex(page.standing_box.findData(members.FORMER))
    assert names(page) == ["Gone Away"]
    name = column(page, "name")
    index = page.model.index(0, name)
    assert index.data(MARKER_ROLE) == "Former"
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None  # the tag beside the name
    assert index.data(Qt.ItemDataRole.ForegroundRole) == theme.color(theme.Role.MUTED)
    left = (TODAY - timedelta(days=30)).year
    assert "Left the association on" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert str(left) in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data() == "Gone Away"  # the text itself is unchanged

    page.standing_box.setCurrentIndex(page.standing_box.findData(members.ALL))
    assert sorted(names(page)) == ["Coming Soon", "Current One", "Current Two", "Gone Away"]
    tags = {page.model.index(r, name).data(): page.model.marker_at(r) for r in range(4)}
    assert tags["Coming Soon"].tag == "Joins later"
    page.show_archived.setChecked(True)
    row = names(page).index("Put Away")
    assert page.model.index(row, name).data(MARKER_ROLE) == "Archived"
    muted = page.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole)  # the whole row
    assert muted == theme.color(theme.Role.MUTED)
    current = names(page).index("Current One")
    assert page.model.index(current, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_voided_receipts_are_marked_and_can_be_hidden(desk) -> None:
    donor = add_donor(desk, "Karim Ouazzani")
    kept = give(desk, donor, "100")
    voided = give(desk, donor, "200")
    commands.write(desk.context, lambda s: donations.void(s, voided, "typing slip"))
    page = desk.window.show_page("donations")
    assert page.show_voided.isChecked() and page.model.rowCount() == 2
    row = page.model.row_of(voided)
    donor_column = column(page, "donor")
    assert page.model.index(row, donor_column).data(MARKER_ROLE) == "Voided"
    assert page.model.marker_at(page.model.row_of(kept)) is None
    page.show_voided.setChecked(False)
    assert page.model.rowCount() == 1 and page.model.id_at(0) == kept


@pytest.mark.parametrize("desk", ["ar", "fr", "en"], indirect=True)
def test_list_pages_fit_a_1024_screen(desk) -> None:
    for key in LIST_PAGES:
        page = desk.window.show_page(key)
        assert page.minimumSizeHint().width() <= 780, (key, page.minimumSizeHint().width())


@pytest.mark.parametrize("desk", ["fr", "en"], indirect=True)
def test_buttons_say_what_they_do_and_their_key(desk) -> None:
    language = desk.context.language
    page = desk.window.show_page("members")

    def plain(text: str) -> str:
        return text.replace(LRI, "").replace(PDI, "")

    def key(which) -> str:  # Qt's own, translated name of the key ("Suppr" in French)
        return QKeySequence(which).toString(QKeySequence.SequenceFormat.NativeText)

    def tip(action: str, shortcut: str) -> str:
        return translate_in(language, "{action} ({shortcut})").format(
            action=translate_in(language, action), shortcut=shortcut
        )

    tips = [plain(b.toolTip()) for b in (page.new_button, page.edit_button, page.archive_button)]
    assert tips == [
        tip("New member", key(QKeySequence.StandardKey.New)),
        tip("Open the selected member", key(Qt.Key.Key_Enter)),
        tip("Archive the selected member", key(Qt.Key.Key_Delete)),
    ]
    if language == "en":
        assert tips == [
            "New member (Ctrl+N)",
            "Open the selected member (Enter)",
            "Archive the selected member (Del)",
        ]
    else:
        assert tips[1].startswith("Ouvrir")
    more = [action.text() for action in page.more_menu.actions()]
    assert translate_in(language, "Import…") in more
    assert all(action.toolTip() for action in page.more_menu.actions())


def test_a_crowded_list_keeps_room_for_its_names_and_amounts(qtbot, desk) -> None:
    """At 1024 px the donations' eight columns do not all fit: long texts (campaign, method)
    give way, amounts never, and the donor keeps a readable width."""
    donor = add_donor(desk, LONG_NAME)
    give(desk, donor, "50000")
    desk.window.resize(1024, 768)
    page = desk.window.show_page("donations")
    qtbot.waitUntil(lambda: page.column_layout.fitted)
    header = page.table.horizontalHeader()
    amount, donor_column = column(page, "amount"), column(page, "donor")
    text = page.model.index(0, amount).data()
    assert header.sectionSize(amount) > page.table.fontMetrics().horizontalAdvance(text)
    assert header.sectionSize(donor_column) >= 180
