"""The date of birth in the contact form, and minors marked in the people lists (issue 15)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from assocdesk.services import contacts, members, volunteers
from ui import commands
from ui.app import Application
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.contact_fields import age_status, age_text
from ui.dialogs.member_dialog import MemberDialog
from ui.dialogs.volunteer_dialog import VolunteerDialog
from ui.models.minors import minor_cell
from ui.widgets.fields import to_qdate

from .conftest import type_text

TODAY = date(2026, 6, 15)


def years_ago(years: int, days: int = 0) -> date:
    """A date of birth ``years`` (and ``days`` fewer) before today."""
    today = date.today()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:
        born = today.replace(year=today.year - years, day=28)
    return date.fromordinal(born.toordinal() + days)


@pytest.mark.parametrize(
    ("language", "years", "expected"),
    [
        ("ar", 1, "سنة واحدة"),
        ("ar", 2, "سنتان"),
        ("ar", 3, "3 سنوات"),
        ("ar", 10, "10 سنوات"),
        ("ar", 11, "11 سنة"),
        ("ar", 12, "12 سنة"),
        ("ar", 100, "100 سنة"),
        ("fr", 1, "un an"),
        ("fr", 2, "2 ans"),
        ("fr", 12, "12 ans"),
        ("en", 1, "one year"),
        ("en", 12, "12 years"),
    ],
)
def test_ages_agree_with_their_number(language: str, years: int, expected: str) -> None:
    assert age_text(years, language) == expected


def test_the_status_beside_the_date(desk: Application) -> None:
    born = date(2014, 6, 16)  # 12 on TODAY, 13 the next day
    assert age_status(born, TODAY) == "minor (11 years)"
    assert age_status(born, date(2026, 6, 16)) == "minor (12 years)"
    assert age_status(date(2008, 6, 15), TODAY) == "adult (18 years)"
    assert age_status(date(2008, 6, 16), TODAY) == "minor (17 years)"
    assert age_status(date(2026, 1, 1), TODAY) == "minor (less than a year)"
    assert age_status(None, TODAY) == ""
    assert age_status(date(2027, 1, 1), TODAY) == ""  # refused on saving, with its message
    assert age_status(date(1899, 12, 31), TODAY) == ""


def shot(widget, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    widget.grab().save(str(path))
    return path


@pytest.mark.parametrize("desk", ["ar", "fr", "en"], indirect=True)
def test_a_date_of_birth_is_saved_and_says_minor_or_not(desk: Application, tmp_path: Path) -> None:
    dialog = ContactDialog(desk.context)
    dialog.show()
    fields = dialog.contact
    assert fields.date_of_birth.value() is None and fields.age.text() == ""  # empty by default
    type_text(fields.name, "سلمى الإدريسي")
    fields.date_of_birth.enabled.setChecked(True)
    fields.date_of_birth.edit.setDate(to_qdate(years_ago(12)))
    expected = {"ar": "قاصر (12 سنة)", "fr": "mineur (12 ans)", "en": "minor (12 years)"}
    assert fields.age.text() == expected[desk.context.language]
    if desk.context.language != "en":
        shot(dialog, tmp_path, f"contact-birth-{desk.context.language}")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with desk.context.db.reading() as session:
        (saved,) = contacts.list_contacts(session).rows
        contact = contacts.get(session, saved.id)
        assert contact.date_of_birth == years_ago(12) and not contact.is_minor
    # Opened again: the date is there, and said; cleared, it is None again.
    again = ContactDialog(desk.context, saved.id)
    assert again.contact.date_of_birth.value() == years_ago(12)
    assert again.contact.age.text() == expected[desk.context.language]
    again.contact.date_of_birth.enabled.setChecked(False)
    assert again.contact.age.text() == ""
    again.accept()
    with desk.context.db.reading() as session:
        assert contacts.get(session, saved.id).date_of_birth is None


@pytest.mark.parametrize("desk", ["ar", "fr", "en"], indirect=True)
def test_a_date_in_the_future_or_before_1900_is_refused_beside_the_field(
    desk: Application, tmp_path: Path
) -> None:
    dialog = ContactDialog(desk.context)
    dialog.show()
    fields = dialog.contact
    type_text(fields.name, "Karim Tazi")
    fields.date_of_birth.enabled.setChecked(True)
    future = date(date.today().year + 1, 3, 4)
    fields.date_of_birth.edit.setDate(to_qdate(future))
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    error = dialog.error_text("date_of_birth")
    assert error and error == dialog.findChild(type(fields.age), "error_date_of_birth").text()
    if desk.context.language == "en":
        assert error == "This date is in the future."
    else:
        assert error != "This date is in the future."
        shot(dialog, tmp_path, f"contact-birth-future-{desk.context.language}")
    assert fields.date_of_birth.value() == future  # what was typed is kept
    assert fields.name.text() == "Karim Tazi"

    fields.date_of_birth.edit.setDate(to_qdate(date(1899, 12, 31)))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error_text("date_of_birth") not in ("", error)
    assert fields.date_of_birth.value() == date(1899, 12, 31)
    with desk.context.db.reading() as session:
        assert contacts.count(session) == 0  # nothing written

    fields.date_of_birth.edit.setDate(to_qdate(date(1990, 1, 1)))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_member_and_volunteer_forms_carry_the_date_too(desk: Application) -> None:
    member = MemberDialog(desk.context)
    type_text(member.contact.name, "Lina Berrada")
    member.contact.date_of_birth.enabled.setChecked(True)
    member.contact.date_of_birth.edit.setDate(to_qdate(date(2013, 5, 5)))
    member.accept()
    assert member.result() == QDialog.DialogCode.Accepted
    volunteer = VolunteerDialog(desk.context)
    type_text(volunteer.contact.name, "Omar Kettani")
    volunteer.contact.date_of_birth.enabled.setChecked(True)
    volunteer.contact.date_of_birth.edit.setDate(to_qdate(date(2012, 7, 7)))
    volunteer.contact.is_minor.setChecked(True)
    volunteer.accept()
    assert volunteer.result() == QDialog.DialogCode.Accepted
    with desk.context.db.reading() as session:
        found = {
            c.name: c
            for c in (contacts.get(session, r.id) for r in contacts.list_contacts(session).rows)
        }
        assert found["Lina Berrada"].date_of_birth == date(2013, 5, 5)
        assert found["Omar Kettani"].date_of_birth == date(2012, 7, 7)
        assert found["Omar Kettani"].is_minor


# --- the lists ------------------------------------------------------------------------------


def test_the_minor_cell() -> None:
    assert minor_cell(False, None, TODAY) == ""
    assert minor_cell(False, date(1990, 1, 1), TODAY) == ""
    assert minor_cell(True, None, TODAY) == "✓"  # marked, no date known
    assert minor_cell(False, date(2014, 6, 16), TODAY) == "✓ 11 years"
    assert minor_cell(True, date(1990, 1, 1), TODAY) == "✓ 36 years"  # marked by hand: kept


def people(desk: Application) -> None:
    """A child by date, a child by the mark, an adult; each as contact, member, volunteer."""

    def add(session) -> None:
        for number, (name, born, marked) in enumerate(
            (
                ("Salma Idrissi", years_ago(12), False),
                ("Nadia Alaoui", None, True),
                ("Karim Tazi", years_ago(18), False),  # 18 today: no longer a minor
                ("Hind Sefrioui", years_ago(18, days=1), False),  # 18 tomorrow
            ),
            start=100,
        ):
            person = contacts.ContactInput(name=name, date_of_birth=born, is_minor=marked)
            member = members.create(
                session, members.MemberInput(contact=person, number=str(number))
            )
            session.flush()
            volunteers.create(session, volunteers.VolunteerInput(contact=person), member.contact_id)

    commands.write(desk.context, add)


def shown(page, column: str) -> dict[str, str]:
    model = page.model
    keys = [c.key for c in model.columns]
    name, minor = keys.index("name"), keys.index(column)
    return {
        model.index(row, name).data(): model.index(row, minor).data()
        for row in range(model.rowCount())
    }


@pytest.mark.parametrize("page_name", ["contacts", "members", "volunteers"])
def test_lists_mark_minors_and_filter_them(
    qtbot, desk: Application, tmp_path: Path, page_name: str
) -> None:
    people(desk)
    page = desk.window.show_page(page_name)
    page.model.refresh()
    marks = shown(page, "minor")
    assert marks == {
        "Salma Idrissi": "✓ 12 years",
        "Nadia Alaoui": "✓",
        "Karim Tazi": "",
        "Hind Sefrioui": "✓ 17 years",
    }
    page.minors_only_box.setChecked(True)
    assert set(shown(page, "minor")) == {"Salma Idrissi", "Nadia Alaoui", "Hind Sefrioui"}
    page.search.setText("salma")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.minors_only_box.setChecked(False)
    page.search.setText("")
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_the_lists_in_arabic_and_french(qtbot, desk: Application, tmp_path: Path) -> None:
    people(desk)
    page = desk.window.show_page("contacts")
    page.model.refresh()
    expected = {"ar": "✓ 12 سنة", "fr": "✓ 12 ans"}[desk.context.language]
    assert shown(page, "minor")["Salma Idrissi"] == expected
    title = page.model.headerData(
        [c.key for c in page.model.columns].index("minor"),
        Qt.Orientation.Horizontal,
        Qt.ItemDataRole.DisplayRole,
    )
    assert title == {"ar": "قاصر", "fr": "Mineur"}[desk.context.language]
    page.resize(1100, 420)
    shot(page, tmp_path, f"contacts-minors-{desk.context.language}")
    members_page = desk.window.show_page("members")
    members_page.model.refresh()
    assert shown(members_page, "minor")["Salma Idrissi"] == expected
    members_page.resize(1100, 420)
    shot(members_page, tmp_path, f"members-minors-{desk.context.language}")


# --- the import wizard ------------------------------------------------------------------------


def test_the_wizard_guesses_the_columns_and_lists_bad_cells(qtbot, desk, tmp_path: Path) -> None:
    page = desk.window.show_page("volunteers")
    wizard = page.open_import()
    path = tmp_path / "scouts.csv"
    path.write_text(
        "الاسم;تاريخ الازدياد;قاصر;الموافقة على نشر الاسم;الموافقة على نشر الصورة;"
        "الموافقة على التواصل\n"
        "سلمى الإدريسي;04/03/2014;نعم;لا;لا;نعم\n"
        "كريم التازي;01/01/2099;لا;ربما;x;1\n",
        encoding="utf-8",
    )
    wizard.file_page.set_path(path)
    wizard.next()
    assert wizard.mapping_page.mapping() == [
        "name",
        "date_of_birth",
        "is_minor",
        "consent_publish_name",
        "consent_publish_photo",
        "consent_contact",
    ]
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.plan is not None, timeout=60_000)
    problems = {
        tuple(preview.problems.item(r, c).text().strip("\u2066\u2068\u2069") for c in range(4))
        for r in range(preview.problems.rowCount())
    }
    assert problems == {
        ("3", "تاريخ الازدياد", "2099-01-01", "This date is in the future."),
        ("3", "الموافقة على نشر الاسم", "ربما", "Write yes or no (oui/non, نعم/لا, 1/0, x)."),
    }
    preview.skip_bad.setChecked(True)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.finished, timeout=60_000)
    with desk.context.db.reading() as session:
        (salma,) = (contacts.get(session, r.id) for r in contacts.list_contacts(session).rows)
        assert (salma.date_of_birth, salma.is_minor, salma.consent_contact) == (
            date(2014, 3, 4),
            True,
            True,
        )
    assert shown(page, "minor") == {
        "سلمى الإدريسي": f"✓ {age_text(contacts.age_on(date(2014, 3, 4), date.today()))}"
    }
    wizard.accept()
