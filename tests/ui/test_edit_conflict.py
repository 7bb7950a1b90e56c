"""Nobody overwrites anybody, in the forms: a Save over a record another desk saved since the
form opened is refused with what they changed, in the person's language, and what was typed
stays; Save again replaces theirs knowingly, and the journal keeps both changes."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import text

from assocdesk.models import AuditEvent
from assocdesk.services import contacts, donations, members
from assocdesk.services.errors import EditConflict
from tests.ui.conftest import type_text
from tests.ui.donors import add_donor, add_member, donation, give
from ui import commands
from ui.dialogs.contact_fields import ContactDialog
from ui.dialogs.member_dialog import MemberDialog
from ui.widgets.fields import select_data

SHOTS = os.environ.get("ASSOCDESK_SHOTS", "")


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def updates(desk, entity_type: str, entity_id: int) -> list[dict]:
    """The journal's update events about one record, oldest first (their "after" values)."""
    import json

    with desk.context.db.reading() as session:
        found = session.query(AuditEvent).filter_by(
            entity_type=entity_type, entity_id=entity_id, action="update"
        )
        return [json.loads(event.changes)["after"] for event in found.order_by(AuditEvent.id)]


def other_desk_edits_contact(desk, contact_id: int, **changes: object) -> None:
    def edit(session) -> None:
        data = contacts.details(session, contact_id).values
        contacts.update(session, contact_id, replace(data, **changes))

    commands.write(desk.context, edit)


def shot(dialog, name: str) -> None:
    if SHOTS:
        QApplication.processEvents()
        dialog.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.mark.parametrize("desk", ["fr", "ar"], indirect=True)
def test_the_contact_form_keeps_what_was_typed_and_says_what_they_changed(desk) -> None:
    contact_id = add_donor(desk, "Karima Alaoui", city="Rabat")
    dialog = ContactDialog(desk.context, contact_id)
    dialog.show()
    other_desk_edits_contact(desk, contact_id, phone="0612345678")
    dialog.contact.city.clear()
    type_text(dialog.contact.city, "Fès")
    save(dialog)

    assert dialog.isVisible()  # refused: the form stays, with their change above the fields
    message = dialog.general_error.text()
    assert dialog.general_error.isVisible()
    if desk.context.language == "fr":
        assert "pendant que vous la modifiiez" in message
        assert "Téléphone : — → 0612345678" in message
    else:
        assert "أثناء تعديلك" in message and "0612345678" in message
    assert dialog.contact.city.text() == "Fès"  # what was typed is still there
    with desk.context.db.reading() as session:
        assert contacts.get(session, contact_id).city == "Rabat"  # nothing of it was written
    shot(dialog, f"conflict-contact-{desk.context.language}")

    save(dialog)  # knowingly, over their version
    assert not dialog.isVisible()
    with desk.context.db.reading() as session:
        saved = contacts.get(session, contact_id)
        assert (saved.city, saved.phone) == ("Fès", "")  # the form's values, all of them
    journal = updates(desk, "contacts", contact_id)
    assert journal == [{"phone": "0612345678"}, {"phone": "", "city": "Fès"}]


@pytest.mark.parametrize("desk", ["fr", "ar"], indirect=True)
def test_the_donation_form_refuses_then_saves_knowingly(desk) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani"), "1500")
    page = desk.window.show_page("donations")
    page.select_id(gift)
    dialog = page.open_selected()
    assert dialog.version == 1

    def other_desk(session) -> None:
        opened = donations.details(session, gift)
        data = replace(opened.values, amount=str(opened.amount_minor // 100), notes="Reçu en main")
        donations.update(session, gift, data)

    commands.write(desk.context, other_desk)
    select_data(dialog.method, "cheque")
    type_text(dialog.bank, "Banque Populaire")
    dialog.amount.clear()
    type_text(dialog.amount, "2000")
    save(dialog)

    assert dialog.isVisible()
    message = dialog.general_error.text()
    assert "Reçu en main" in message
    if desk.context.language == "fr":
        assert "Notes : — → Reçu en main" in message
        assert "Enregistrez de nouveau" in message
    assert (dialog.amount.text(), dialog.bank.text()) == ("2000", "Banque Populaire")
    assert donation(desk, gift).amount_minor == 150000
    shot(dialog, f"conflict-donation-{desk.context.language}")

    save(dialog)
    assert not dialog.isVisible()
    stored = donation(desk, gift)
    assert (stored.amount_minor, stored.notes) == (200000, "")
    journal = updates(desk, "donations", gift)
    assert journal[0] == {"notes": "Reçu en main"}
    assert journal[1]["amount_minor"] == 200000 and journal[1]["notes"] == ""


def test_the_member_form_checks_the_person_and_the_membership(desk) -> None:
    membership_id, contact_id = add_member(desk, "Hind Tazi")
    dialog = MemberDialog(desk.context, membership_id)
    dialog.show()
    other_desk_edits_contact(desk, contact_id, phone="0522")

    def renumber(session) -> None:
        found = members.details(session, membership_id)
        data = members.MemberInput(
            found.contact.values, "0043", found.category, found.joined_on, version=found.version
        )
        members.update(session, membership_id, data)

    commands.write(desk.context, renumber)
    dialog.contact.city.clear()
    type_text(dialog.contact.city, "Meknès")
    save(dialog)
    assert dialog.isVisible()
    message = dialog.general_error.text()
    assert "0042 → 0043" in message and "0522" in message
    assert dialog.contact.city.text() == "Meknès"

    save(dialog)  # both records, each from its version now
    assert not dialog.isVisible()
    with desk.context.db.reading() as session:
        found = members.details(session, membership_id)
        assert (found.number, found.contact.values.city) == ("0042", "Meknès")


def test_two_desks_at_the_same_instant_are_told_in_words(desk, monkeypatch) -> None:
    """Both passed the version check; the ORM refuses the second UPDATE (StaleDataError): the
    runner says it as an edit conflict, nothing is written, and the form's next Save saves."""
    contact_id = add_donor(desk, "Samir Bennani", city="Rabat")

    def raced(session) -> None:  # the other desk's UPDATE lands between our read and write
        contact = contacts.get(session, contact_id)
        bump = "UPDATE contacts SET version = version + 1, city = 'Tanger' WHERE id = :id"
        session.execute(text(bump), {"id": contact_id})
        contact.city = "Agadir"
        session.flush()

    with pytest.raises(EditConflict) as refused:
        commands.write(desk.context, raced)
    assert "while you were editing it" in refused.value.message
    with desk.context.db.reading() as session:
        assert contacts.get(session, contact_id).city == "Rabat"  # rolled back, whole

    dialog = ContactDialog(desk.context, contact_id)
    dialog.show()
    real_update = contacts.update

    def update_in_a_race(session, record_id, data):  # type: ignore[no-untyped-def]
        bump = "UPDATE contacts SET version = version + 1 WHERE id = :id"
        held = contacts.get(session, record_id)  # read before the other desk's UPDATE
        session.execute(text(bump), {"id": record_id})
        now = session.scalar(text("SELECT version FROM contacts WHERE id = :id"), {"id": record_id})
        assert now == held.version + 1
        return real_update(session, record_id, replace(data, version=None))

    monkeypatch.setattr(contacts, "update", update_in_a_race)
    dialog.contact.city.clear()
    type_text(dialog.contact.city, "Fès")
    save(dialog)
    monkeypatch.setattr(contacts, "update", real_update)
    assert dialog.isVisible() and "while you were editing it" in dialog.general_error.text()
    assert dialog.contact.city.text() == "Fès"
    save(dialog)
    assert not dialog.isVisible()
    with desk.context.db.reading() as session:
        assert contacts.get(session, contact_id).city == "Fès"


def test_settings_refuse_a_save_over_another_desks(desk) -> None:
    from assocdesk.services import association

    page = desk.window.show_page("settings")
    form = page.form

    def other_desk(session) -> None:
        data = association.details(session).values
        association.save(session, replace(data, city="Casablanca"))

    commands.write(desk.context, other_desk)
    form.phone.clear()
    type_text(form.phone, "0537112233")
    assert not page.save()
    assert "Casablanca" in form.general_error.text() and form.general_error.isVisibleTo(page)
    assert form.phone.text() == "0537112233"
    assert page.save()  # knowingly
    assert page.save()  # and again from the version it saved: no conflict with itself
    with desk.context.db.reading() as session:
        assert association.details(session).values.phone == "0537112233"


def test_a_skill_renamed_meanwhile_is_not_renamed_over(desk, monkeypatch) -> None:
    from assocdesk.services import skills, volunteers
    from ui.dialogs.skills_dialog import SkillsDialog

    data = volunteers.VolunteerInput(contacts.ContactInput(name="Amina"), skills=["cuisine"])
    commands.write(desk.context, lambda s: volunteers.create(s, data))
    dialog = SkillsDialog(desk.context, desk.window)
    dialog.select("cuisine")
    row = dialog.selected()
    commands.write(desk.context, lambda s: skills.rename(s, row.id, "Cuisine", row.version))
    monkeypatch.setattr(dialog, "ask_new_name", lambda current: "Cuisiner")
    assert not dialog.rename_selected()
    assert "renamed this skill meanwhile" in dialog.message.text()
    assert dialog.selected().name == "Cuisine"  # the list shows theirs, still selected
    assert dialog.rename_selected()  # from the version shown now
    with desk.context.db.reading() as session:
        assert [r.name for r in skills.list_skills(session)] == ["Cuisiner"]


def test_a_post_template_saved_meanwhile_is_not_overwritten(desk) -> None:
    from assocdesk.services import posts
    from ui.dialogs.post_template_dialog import PostTemplateDialog

    dialog = PostTemplateDialog(desk.context, "activity-report", "fr", desk.window)
    select_data(dialog.style, "short")
    assert dialog.version == 0  # the built-in text
    key = ("activity-report", "short", "fr")
    commands.write(desk.context, lambda s: posts.save_template(s, *key, "Leur texte {title}", 0))
    dialog.body.setPlainText("Mon texte {title}")
    dialog.save()
    assert dialog.error.isVisibleTo(dialog) and "Leur texte" in dialog.error.text()
    assert dialog.body.toPlainText() == "Mon texte {title}"
    dialog.save()  # knowingly
    assert not dialog.error.isVisibleTo(dialog)
    with desk.context.db.reading() as session:
        assert posts.template_text(session, *key) == "Mon texte {title}"
    dialog.close()
