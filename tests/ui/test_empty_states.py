"""Empty states (issue 20, point 8): an empty list says what the page is for and offers the two
actions that start it; a search that found nothing offers to clear it; filters that hide every
record offer to show all. The table comes back as soon as there are rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assocdesk.i18n import translate_in
from assocdesk.services import contacts, members
from ui import commands

PAGES = ("members", "volunteers", "contacts", "activities", "donations", "campaigns")


def shows_empty_state(page) -> bool:
    return page.views.currentWidget() is page.empty_state and page.empty_state.isVisible()


@pytest.mark.parametrize("desk", ["en", "ar"], indirect=True)
def test_every_empty_list_says_what_it_is_for(desk) -> None:
    language = desk.context.language
    for key in PAGES:
        page = desk.window.show_page(key)
        state = page.empty_state
        assert shows_empty_state(page), key
        assert state.title.text() == translate_in(language, page.empty_title) != ""
        assert state.text.text() == translate_in(language, page.empty_text) != ""
        assert state.first.isVisible() and state.first.text() == translate_in(
            language, page.new_label
        )
        assert state.second.isVisible() == bool(page.import_kind), key
        if page.import_kind:
            assert state.second.text() == translate_in(language, "Import…")


def test_empty_state_buttons_start_the_list(qtbot, desk) -> None:
    page = desk.window.show_page("members")
    page.empty_state.first.click()
    assert page.dialog is not None and page.dialog.isVisible()  # the member form
    page.dialog.reject()
    page.empty_state.second.click()
    assert page.import_wizard is not None and page.import_wizard.isVisible()
    page.import_wizard.close()

    # A member is added: the table replaces the empty state at once.
    commands.write(
        desk.context,
        lambda s: members.create(
            s, members.MemberInput(contact=contacts.ContactInput(name="Salma"), number="0001")
        ),
    )
    assert page.model.rowCount() == 1
    assert page.views.currentWidget() is page.table


def test_a_search_without_result_offers_to_clear_it(qtbot, desk) -> None:
    commands.write(
        desk.context,
        lambda s: members.create(
            s, members.MemberInput(contact=contacts.ContactInput(name="Salma"), number="0001")
        ),
    )
    page = desk.window.show_page("members")
    assert not shows_empty_state(page)
    page.search.setText("zzz")
    qtbot.waitUntil(lambda: page.model.query.search == "zzz")
    assert shows_empty_state(page)
    title = page.empty_state.title.text()
    assert title.startswith("No member matches «") and "zzz" in title
    assert page.empty_state.first.text() == "Clear search"
    page.empty_state.first.click()
    assert page.search.text() == "" and page.model.rowCount() == 1
    assert page.views.currentWidget() is page.table


def test_filters_that_hide_everything_offer_to_show_all(desk) -> None:
    left = date.today() - timedelta(days=3)
    commands.write(
        desk.context,
        lambda s: members.create(
            s,
            members.MemberInput(
                contact=contacts.ContactInput(name="Gone"),
                number="0001",
                joined_on=left - timedelta(days=700),
                left_on=left,
            ),
        ),
    )
    page = desk.window.show_page("members")  # current members only: none
    assert shows_empty_state(page)
    assert page.empty_state.title.text() == "Nothing to show with these filters"
    assert page.empty_state.first.text() == "Show all"
    assert not page.empty_state.second.isVisible()
    page.empty_state.first.click()
    assert page.standing_box.currentData() == members.ALL and page.model.rowCount() == 1
    assert not shows_empty_state(page)
