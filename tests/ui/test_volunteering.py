"""Issue 5's volunteering walk through the real window: open an activity, ask for suggestions,
assign a volunteer in one click, record their hours, and see the totals; roles typed in the
activity form; skills managed in one place; the certificate previewed."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from assocdesk.i18n import _
from assocdesk.services import activities, matching, skills, volunteers
from assocdesk.services.common import ListQuery
from assocdesk.services.contacts import ContactInput
from assocdesk.services.volunteers import Availability, VolunteerInput
from tests.ui.conftest import type_text
from ui import commands

SATURDAY = datetime(2026, 3, 7, 9, 0)


def add_volunteer(desk, name: str, skill_names: list[str], slots: set[tuple[int, int]]) -> int:
    def create(session) -> int:
        profile = volunteers.create(
            session,
            VolunteerInput(
                ContactInput(name=name),
                skills=skill_names,
                availability=Availability(frozenset(slots)),
            ),
        )
        session.flush()
        return profile.contact_id

    return commands.write(desk.context, create)


def add_activity(desk, roles: dict[str, int]) -> int:
    def create(session) -> int:
        activity = activities.create(
            session,
            activities.ActivityInput(
                title="Food drive", starts_at=SATURDAY, currency="MAD", roles=roles
            ),
        )
        session.flush()
        return activity.id

    return commands.write(desk.context, create)


def visible(text: str) -> str:
    """The text without the invisible bidi marks that keep names in place."""
    return re.sub("[\u200e\u200f\u2066-\u2069]", "", text)


def select_only_row(page) -> None:
    page.model.refresh()
    page.select_row(0)
    assert page.selected_id() == page.model.id_at(0)


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


@pytest.mark.parametrize("desk", ["en", "ar"], indirect=True)
def test_suggest_assign_record_hours_and_see_totals(qtbot, desk) -> None:
    amina = add_volunteer(desk, "أمينة العلوي", ["Cuisine"], {(5, 0)})  # Saturday morning
    add_volunteer(desk, "Brahim", ["Driving"], set())
    add_activity(desk, {"Cuisine": 1})

    page = desk.window.show_page("activities")
    select_only_row(page)
    form = page.open_selected()
    assert "Cuisine × 1" in visible(form.missing.text())

    team = form.open_team()
    qtbot.waitUntil(team.isVisible)
    found = team.suggest()
    assert found[0].contact_id == amina
    assert "✓ Cuisine" in visible(team.suggested.item(0, 2).text())
    team.suggested.cellWidget(0, 3).click()  # Assign, one click
    assert [row.contact_id for row in team.team_rows] == [amina]
    assert team.roles.text().endswith(_("Every role is filled."))
    came, spent = team.attendance[amina]
    came.setChecked(True)
    spent.setValue(2.5)
    team.save_button.click()
    assert "2.5" in team.total.text() or "2,5" in team.total.text()
    team.close()
    qtbot.waitUntil(lambda: form.missing.text() != "" and "×" not in form.missing.text())
    save(form)
    assert not form.isVisible()
    with desk.context.db.reading() as session:  # the form's Save kept the role
        assert [n.missing for n in matching.roles_status(session, form.activity_id)] == [0]

    people = desk.window.show_page("volunteers")
    people.hours_year = 2026
    people.model.refresh()
    names = [people.model.index(r, 0).data() for r in range(people.model.rowCount())]
    row = names.index("أمينة العلوي")
    hours_column = [c.key for c in people.model.columns].index("hours")
    assert people.model.index(row, hours_column).data() in ("2.5", "2,5", "2٫5")
    people.select_row(row)
    dialog = people.open_selected()
    assert dialog.hours.text().startswith("2026")
    dialog.close()


def test_roles_typed_in_the_activity_form(qtbot, desk) -> None:
    page = desk.window.show_page("activities")
    form = page.open_new()
    type_text(form.title, "Kits")
    form.roles.add_button.click()
    box, number = form.roles.add_line()
    form.roles.lines[0][0].setCurrentText("Driving")
    box.setCurrentText("Cuisine")
    number.setValue(3)
    save(form)
    assert not form.isVisible()
    with desk.context.db.reading() as session:
        activity_id = activities.ids(session, ListQuery())[0]
        needs = matching.roles_status(session, activity_id)
    assert sorted((n.skill, n.needed) for n in needs) == [("Cuisine", 3), ("Driving", 1)]


def test_skills_managed_in_one_place(qtbot, desk, monkeypatch) -> None:
    add_volunteer(desk, "Amina", ["Cuisine", "Cooking"], set())
    page = desk.window.show_page("volunteers")
    dialog = page.manage_skills()
    assert [r.name for r in dialog.rows] == ["Cooking", "Cuisine"]
    dialog.select("Cooking")
    monkeypatch.setattr(dialog, "ask_target", lambda source, names: "Cuisine")
    assert dialog.merge_selected()
    assert [(r.name, r.volunteers) for r in dialog.rows] == [("Cuisine", 1)]
    dialog.select("Cuisine")
    monkeypatch.setattr(dialog, "ask_new_name", lambda current: "Cuisine du monde")
    assert dialog.rename_selected()
    with desk.context.db.reading() as session:
        assert [r.name for r in skills.list_skills(session)] == ["Cuisine du monde"]
    monkeypatch.setattr(dialog, "ask_new_name", lambda current: "")
    assert not dialog.rename_selected()
    assert dialog.message.text()  # said why, next to the list


def test_certificate_from_a_volunteer(qtbot, desk, monkeypatch) -> None:
    amina = add_volunteer(desk, "Amina", [], set())
    activity_id = add_activity(desk, {})
    commands.write(desk.context, lambda s: activities.assign(s, activity_id, amina, "", 120))
    page = desk.window.show_page("volunteers")
    select_only_row(page)
    monkeypatch.setattr(page, "ask_certificate_options", lambda: (2025, None))
    messages: list[str] = []
    monkeypatch.setattr(
        "ui.documents.QMessageBox.information", lambda *args: messages.append(args[2])
    )
    assert page.certificate() is None  # nothing in 2025: said, no empty document
    assert "2025" in messages[0]
    monkeypatch.setattr(page, "ask_certificate_options", lambda: (2026, "fr"))
    preview = page.certificate()
    assert preview is not None and preview.isVisible()
