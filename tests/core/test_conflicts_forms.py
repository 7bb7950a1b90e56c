"""Every form's service refuses a save over a record changed since the form opened on it.

For each record a person edits in a form: the form's values come with the version it opened on
(``details(...)``); another desk saves meanwhile; the form's save is then refused, naming what
the other desk changed, and nothing of it is written. Sent again with the version the refusal
gives, it saves. On both backends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from assocdesk.models import AuditEvent, Contact, Membership, PostTemplate
from assocdesk.services import (
    activities,
    association,
    campaigns,
    contacts,
    donations,
    members,
    posts,
    skills,
    volunteers,
)
from assocdesk.services.contacts import ContactInput
from assocdesk.services.errors import EditConflict
from assocdesk.storage.engine import Database

OCCASION, STYLE, LANGUAGE = "activity-report", "short", "fr"


def write(db: Database, work: Callable[[Session], Any]) -> Any:
    with db.transaction() as session:
        return work(session)


def read(db: Database, work: Callable[[Session], Any]) -> Any:
    with db.reading() as session:
        return work(session)


def refused(db: Database, work: Callable[[Session], Any]) -> EditConflict:
    with pytest.raises(EditConflict) as caught:
        write(db, work)
    return caught.value


def events(db: Database, entity_type: str, entity_id: int) -> int:
    return read(
        db,
        lambda s: (
            s.query(AuditEvent)
            .filter_by(entity_type=entity_type, entity_id=entity_id, action="update")
            .count()
        ),
    )


# -- contacts ------------------------------------------------------------------------------------


def test_contact(db: Database) -> None:
    contact_id = write(
        db, lambda s: contacts.create(s, ContactInput(name="Karima", phone="0611"))
    ).id
    opened = read(db, lambda s: contacts.details(s, contact_id)).values
    assert opened.version == 1
    other = replace(opened, phone="0622")
    write(db, lambda s: contacts.update(s, contact_id, other))  # the other desk
    mine = replace(opened, city="Fès")
    conflict = refused(db, lambda s: contacts.update(s, contact_id, mine))
    assert "Phone: 0611 → 0622" in conflict.message
    assert conflict.version == 2
    kept = read(db, lambda s: s.get(Contact, contact_id))
    assert (kept.phone, kept.city, kept.version) == ("0622", "", 2)  # nothing of mine
    saved = write(
        db, lambda s: contacts.update(s, contact_id, replace(mine, version=conflict.version))
    )
    assert (saved.city, saved.version) == ("Fès", 3)


def test_no_version_is_not_checked(db: Database) -> None:
    """The import and the command line never held a form open: they send none."""
    contact_id = write(db, lambda s: contacts.create(s, ContactInput(name="Karima"))).id
    write(db, lambda s: contacts.update(s, contact_id, ContactInput(name="Karima", city="Oujda")))
    saved = write(db, lambda s: contacts.update(s, contact_id, ContactInput(name="Karima B.")))
    assert saved.version == 3


# -- members and volunteers: two records in one form -----------------------------------------------


def test_member_person_and_membership(db: Database) -> None:
    data = members.MemberInput(ContactInput(name="Hind"), number="M-1", joined_on=date(2025, 1, 1))
    membership_id = write(db, lambda s: members.create(s, data)).id
    opened = read(db, lambda s: members.details(s, membership_id))
    assert (opened.version, opened.contact.values.version) == (1, 1)

    def form(**changes: Any) -> members.MemberInput:
        person = replace(opened.contact.values, **changes.pop("contact", {}))
        values = {"number": opened.number, "category": opened.category}
        values |= {"joined_on": opened.joined_on, "version": opened.version} | changes
        return members.MemberInput(person, **values)

    write(db, lambda s: members.update(s, membership_id, form(contact={"phone": "0633"})))
    conflict = refused(db, lambda s: members.update(s, membership_id, form(number="M-9")))
    assert "Phone: — → 0633" in conflict.message
    assert conflict.versions == {"memberships": 1, "contacts": 2}
    assert read(db, lambda s: s.get(Membership, membership_id).number) == "M-1"

    # The membership changed too, by a third save: both are named, in one refusal.
    write(
        db,
        lambda s: members.update(
            s, membership_id, form(number="M-2", contact={"version": 2, "phone": "0633"})
        ),
    )
    conflict = refused(db, lambda s: members.update(s, membership_id, form(category="B")))
    assert "M-1 → M-2" in conflict.message and "0633" in conflict.message
    assert conflict.versions == {"memberships": 2, "contacts": 2}
    again = form(category="B", version=2, contact={"version": 2})
    saved = write(db, lambda s: members.update(s, membership_id, again))
    assert (saved.category, saved.number, saved.version) == ("B", "M-1", 3)


def test_volunteer_skills_alone_move_the_version(db: Database) -> None:
    """A volunteer's skills live in another table: changing only them still moves the
    profile's version, so a form opened before is refused, with the skills named."""
    data = volunteers.VolunteerInput(ContactInput(name="Yassine"), skills=["cuisine"])
    profile_id = write(db, lambda s: volunteers.create(s, data)).id
    opened = read(db, lambda s: volunteers.details(s, profile_id))

    def form(**changes: Any) -> volunteers.VolunteerInput:
        values: dict[str, Any] = {
            "contact": opened.contact.values,
            "skills": list(opened.skills),
            "availability": opened.availability,
            "version": opened.version,
        }
        return volunteers.VolunteerInput(**(values | changes))

    write(db, lambda s: volunteers.update(s, profile_id, form(skills=["cuisine", "transport"])))
    assert events(db, "volunteer_profiles", profile_id) == 1
    conflict = refused(db, lambda s: volunteers.update(s, profile_id, form(since=date(2024, 5, 1))))
    assert "transport" in conflict.message
    assert read(db, lambda s: volunteers.details(s, profile_id).since) is None
    saved = write(
        db,
        lambda s: volunteers.update(
            s,
            profile_id,
            form(since=date(2024, 5, 1), version=conflict.versions["volunteer_profiles"]),
        ),
    )
    assert saved.since == date(2024, 5, 1)


# -- donations, activities, campaigns ------------------------------------------------------------


def test_donation(db: Database) -> None:
    gift = donations.DonationInput("100", "MAD", date.today(), anonymous=True)
    donation_id = write(db, lambda s: donations.record(s, gift)).id
    opened = read(db, lambda s: donations.details(s, donation_id)).values
    assert opened.version == 1
    form = replace(opened, amount="100")
    write(db, lambda s: donations.update(s, donation_id, replace(form, notes="Chèque reçu")))
    conflict = refused(db, lambda s: donations.update(s, donation_id, replace(form, amount="150")))
    assert "Chèque reçu" in conflict.message
    assert read(db, lambda s: donations.details(s, donation_id).amount_minor) == 10000
    # A correction of an issued receipt goes from the same form: refused alike.
    conflict = refused(
        db, lambda s: donations.correct(s, donation_id, replace(form, amount="150"), "erreur")
    )
    assert read(db, lambda s: donations.details(s, donation_id).status) != "void"
    saved = write(
        db,
        lambda s: donations.update(
            s, donation_id, replace(form, amount="150", version=conflict.version)
        ),
    )
    assert (saved.amount_minor, saved.notes) == (15000, "")


def test_activity_roles_alone_move_the_version(db: Database) -> None:
    start = datetime(2025, 3, 15, 9, 0)
    created = activities.ActivityInput("Paniers", start, "MAD", roles={"cuisine": 2})
    activity_id = write(db, lambda s: activities.create(s, created)).id
    opened = read(db, lambda s: activities.details(s, activity_id)).values
    write(db, lambda s: activities.update(s, activity_id, replace(opened, roles={"cuisine": 4})))
    conflict = refused(
        db, lambda s: activities.update(s, activity_id, replace(opened, place="Salle"))
    )
    assert "cuisine" in conflict.message and "4" in conflict.message
    assert read(db, lambda s: activities.details(s, activity_id).values.place) == ""
    again = replace(opened, place="Salle", version=conflict.version)
    assert write(db, lambda s: activities.update(s, activity_id, again)).place == "Salle"


def test_campaign(db: Database) -> None:
    made = campaigns.CampaignInput("Ramadan", "MAD", goal="1000")
    campaign_id = write(db, lambda s: campaigns.create(s, made)).id
    opened = read(db, lambda s: campaigns.details(s, campaign_id))
    form = campaigns.CampaignInput(
        opened.name, opened.currency, "1000", opened.description, version=opened.version
    )
    write(db, lambda s: campaigns.update(s, campaign_id, replace(form, description="Paniers")))
    conflict = refused(db, lambda s: campaigns.update(s, campaign_id, replace(form, goal="2000")))
    assert "Paniers" in conflict.message
    assert read(db, lambda s: campaigns.details(s, campaign_id).goal_minor) == 100000
    again = replace(form, goal="2000", version=conflict.version)
    assert write(db, lambda s: campaigns.update(s, campaign_id, again)).goal_minor == 200000


# -- the association's profile, skills, post templates -------------------------------------------


def test_association_profile(db: Database) -> None:
    first = association.ProfileInput(name_fr="Amal", receipt_prefix="AML")
    write(db, lambda s: association.save(s, first))  # the first run: nothing to check
    opened = read(db, association.details).values
    write(db, lambda s: association.save(s, replace(opened, city="Rabat")))
    conflict = refused(db, lambda s: association.save(s, replace(opened, phone="0537")))
    assert "Rabat" in conflict.message
    assert read(db, association.details).values.phone == ""
    again = replace(opened, phone="0537", version=conflict.version)
    assert write(db, lambda s: association.save(s, again)).phone == "0537"


def test_skill_rename(db: Database) -> None:
    data = volunteers.VolunteerInput(ContactInput(name="Yassine"), skills=["cuisine"])
    write(db, lambda s: volunteers.create(s, data))
    row = read(db, skills.list_skills)[0]
    write(db, lambda s: skills.rename(s, row.id, "Cuisine", row.version))
    conflict = refused(db, lambda s: skills.rename(s, row.id, "Cuisiner", row.version))
    assert "cuisine → Cuisine" in conflict.message
    assert read(db, skills.list_skills)[0].name == "Cuisine"
    assert write(db, lambda s: skills.rename(s, row.id, "Cuisiner", conflict.version)).version == 3


def test_post_template(db: Database) -> None:
    key = (OCCASION, STYLE, LANGUAGE)
    opened = read(db, lambda s: posts.template_version(s, *key))
    assert opened == 0  # the built-in text
    write(db, lambda s: posts.save_template(s, *key, "Le texte de l'autre {title}", opened))
    conflict = refused(db, lambda s: posts.save_template(s, *key, "Le mien {title}", opened))
    assert "Le texte de l'autre" in conflict.message
    assert read(db, lambda s: posts.template_text(s, *key)).startswith("Le texte de l'autre")
    write(db, lambda s: posts.save_template(s, *key, "Le mien {title}", conflict.version))
    mine = read(db, lambda s: posts.template_version(s, *key))
    # Restored to the built-in text by someone else: a save from the old version is refused.
    write(db, lambda s: posts.restore_template(s, *key))
    conflict = refused(db, lambda s: posts.save_template(s, *key, "Encore {title}", mine))
    assert conflict.version == 0
    assert read(db, lambda s: s.query(PostTemplate).count()) == 0
    write(db, lambda s: posts.save_template(s, *key, "Encore {title}", conflict.version))
    assert read(db, lambda s: posts.template_text(s, *key)) == "Encore {title}"
