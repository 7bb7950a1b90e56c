"""The duplicate finder, "not duplicates", the typing hint, merging two records of one person."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from sqlalchemy import func, select

from assocdesk.models import (
    AuditEvent,
    Contact,
    Donation,
    DuesPayment,
    Membership,
    VolunteerProfile,
)
from assocdesk.services import activities, contacts, donations, duplicates, members, volunteers
from assocdesk.services.duplicates import find_duplicates, likely_duplicates, pairs_of
from assocdesk.services.errors import ValidationError
from assocdesk.services.merge import merge
from assocdesk.spreadsheets.bulk import BulkTable
from assocdesk.storage.engine import Database


def add(session, name: str, phone: str = "", email: str = "", city: str = "") -> int:
    contact = contacts.create(
        session, contacts.ContactInput(name=name, phone=phone, email=email, city=city)
    )
    session.flush()
    return contact.id


def test_keys_ignore_spelling_order_and_prefixes() -> None:
    assert duplicates.name_key("BENALI Ahmed") == duplicates.name_key("ahmed bénali")
    assert duplicates.name_key("أحمد بنعلي") == duplicates.name_key("احمد  بنعلي")
    assert duplicates.phone_key("+212 6 12 34 56 78") == duplicates.phone_key("06.12.34.56.78")
    assert duplicates.phone_key("12 34") == ""
    assert duplicates.contact_keys("", " A@X.ma ") == {"ea@x.ma"}


def test_finder_proposes_likely_pairs_only(db: Database) -> None:
    with db.transaction() as s:
        ahmed = add(s, "Ahmed Benali", "0612345678")
        ahmed_again = add(s, "BENALI Ahmed", "+212 6 12 34 56 78")
        sara = add(s, "Sara Amrani", email="sara@x.ma")
        sara_mail = add(s, "S. Amrani", email="SARA@x.ma")
        karim = add(s, "Karim Tazi", "0600000001")
        karim_other = add(s, "Karim Tazi", "0699999999")  # same name, another phone: not proposed
        father = add(s, "Omar Alami", "0655555555")
        son = add(s, "Yassine Alami", "0655555555")  # shared phone and family name: proposed
        neighbour = add(s, "Nadia Idrissi", "0655555555")  # shared phone only: not proposed
        fatima = add(s, "فاطمة الزهراء", "")
        fatima_again = add(s, "فاطمه الزهراء", "")  # taa marbuta spelled haa
    with db.reading() as s:
        found = find_duplicates(s)
    assert pairs_of(found) == {
        (ahmed, ahmed_again),
        (sara, sara_mail),
        (father, son),
        (fatima, fatima_again),
    }
    assert found[0].reasons == ("name", "phone")  # strongest first
    assert {karim, karim_other, neighbour}.isdisjoint(
        {i for p in pairs_of(found) for i in p} - {father}
    )


def test_not_duplicates_is_never_proposed_again(db: Database) -> None:
    with db.transaction() as s:
        a = add(s, "Ahmed Benali", "0612345678")
        b = add(s, "Ahmed Benali", "0612345678")
    with db.transaction() as s:
        duplicates.mark_not_duplicates(s, b, a)
        duplicates.mark_not_duplicates(s, a, b)  # twice: still one row
    with db.reading() as s:
        assert find_duplicates(s) == []
        with pytest.raises(ValidationError):
            duplicates.mark_not_duplicates(s, a, a)


def test_likely_duplicates_while_typing(db: Database) -> None:
    with db.transaction() as s:
        ahmed = add(s, "Ahmed Benali", "0612345678", city="Rabat")
        add(s, "Sara Amrani", email="sara@x.ma")
    with db.reading() as s:
        by_name = likely_duplicates(s, "benali ahmed")
        assert [p.second.id for p in by_name] == [ahmed]
        assert by_name[0].reasons == ("name",)
        by_phone = likely_duplicates(s, "A. Benali", "+212 612 34 56 78")
        assert [p.second.id for p in by_phone] == [ahmed] and by_phone[0].reasons == ("phone",)
        assert [p.second.name for p in likely_duplicates(s, "X", email="SARA@x.ma")] == [
            "Sara Amrani"
        ]
        assert likely_duplicates(s, "Ahmed Benali", exclude_id=ahmed) == []
        assert likely_duplicates(s, "Youssef") == []
        assert likely_duplicates(s, "") == []


def test_finder_on_20000_contacts_finds_exactly_the_planted_pairs(db: Database) -> None:
    """20 000 generated contacts, 150 planted duplicates in other spellings (no time asserted)."""
    rng = random.Random(6)
    first = [
        "Ahmed",
        "Fatima",
        "Youssef",
        "Sara",
        "Omar",
        "Nadia",
        "Karim",
        "Salma",
        "Hamza",
        "Imane",
    ]
    last = ["Benali", "Alaoui", "Tazi", "Idrissi", "Amrani", "Fassi", "Berrada", "Chraibi"]
    planted: set[tuple[int, int]] = set()
    with db.transaction() as s:
        table = BulkTable(s, Contact.__table__, audited=False)
        originals = []
        for i in range(19_850):
            # Unique names (a number in them) and phones: no accidental duplicates.
            name = f"{rng.choice(first)} {rng.choice(last)} {i}"
            phone = f"06{i:08d}"
            contact_id = table.add(
                {"name": name, "phone": phone, "search_text": f"{name.lower()} {phone}"}
            )
            originals.append((contact_id, name, phone))
        for contact_id, name, phone in rng.sample(originals, 150):
            given, family, number = name.split()
            if rng.random() < 0.5:
                twin = {"name": f"{family.upper()} {given} {number}", "phone": ""}
            else:
                twin = {"name": f"{given[0]}. {family}", "phone": "+212 " + phone[1:]}
            planted.add((contact_id, table.add({**twin, "search_text": twin["name"].lower()})))
        table.flush()
        assert s.scalar(select(func.count()).select_from(Contact)) == 20_000
    with db.reading() as s:
        found = find_duplicates(s)
    assert pairs_of(found) == planted


def test_merge_keeps_everything_of_both(db: Database, audit_events) -> None:
    with db.transaction() as s:
        keep = members.create(
            s,
            members.MemberInput(
                contact=contacts.ContactInput(name="Ahmed Benali", phone="0612345678"),
                number="7",
                joined_on=date(2022, 1, 1),
            ),
        ).contact_id
        s.add(
            DuesPayment(
                membership_id=s.scalar(select(Membership.id)),
                period_year=2024,
                amount_minor=10000,
                currency="MAD",
                paid_on=date(2024, 1, 2),
                receipt_year=2024,
                receipt_seq=1,
                receipt_number="R-C-2024-0001",
            )
        )
        other_member = members.create(
            s,
            members.MemberInput(
                contact=contacts.ContactInput(
                    name="BENALI Ahmed", email="a@x.ma", city="Rabat", notes="Parrain"
                ),
                number="31",
                joined_on=date(2020, 5, 1),
            ),
        )
        s.flush()
        s.add(
            DuesPayment(
                membership_id=other_member.id,
                period_year=2023,
                amount_minor=10000,
                currency="MAD",
                paid_on=date(2023, 1, 2),
                receipt_year=2023,
                receipt_seq=1,
                receipt_number="R-C-2023-0001",
            )
        )
        other = other_member.contact_id
        volunteers.create(
            s,
            volunteers.VolunteerInput(contact=contacts.ContactInput(name="x"), skills=["طبخ"]),
            contact_id=other,
        )
        volunteers.create(
            s,
            volunteers.VolunteerInput(contact=contacts.ContactInput(name="x"), skills=["Cuisine"]),
            contact_id=keep,
        )
        gift = donations.record(
            s,
            donations.DonationInput(
                amount="100", currency="MAD", donated_on=date(2025, 1, 5), contact_id=other
            ),
        )
        activity = activities.create(
            s,
            activities.ActivityInput(
                title="Iftar",
                starts_at=None or __import__("datetime").datetime(2025, 3, 1, 18),
                currency="MAD",
            ),
        )
        s.flush()
        activities.assign(s, activity.id, other, "cuisine", 120)
        activities.assign(s, activity.id, keep, "", 60)
        gift_id, activity_id = gift.id, activity.id
    with db.transaction() as s:
        merge(s, keep, other, take_from_other=["name"])
    with db.reading() as s:
        kept = contacts.get(s, keep)
        assert (kept.name, kept.phone, kept.email, kept.city, kept.notes) == (
            "BENALI Ahmed",
            "0612345678",
            "a@x.ma",
            "Rabat",
            "Parrain",
        )
        assert s.get(Contact, other) is None
        assert s.get(Donation, gift_id).contact_id == keep
        membership = s.scalar(select(Membership).where(Membership.contact_id == keep))
        assert (membership.number, membership.joined_on) == ("7", date(2020, 5, 1))
        years = s.scalars(
            select(DuesPayment.period_year).where(DuesPayment.membership_id == membership.id)
        ).all()
        assert sorted(years) == [2023, 2024]
        profile = s.scalar(select(VolunteerProfile).where(VolunteerProfile.contact_id == keep))
        assert sorted(skill.name for skill in profile.skills) == ["Cuisine", "طبخ"]
        assignment = activities.get(s, activity_id)
        from assocdesk.models import VolunteerAssignment

        helpers = s.scalars(
            select(VolunteerAssignment).where(VolunteerAssignment.activity_id == activity_id)
        ).all()
        assert [(h.contact_id, h.minutes, h.role) for h in helpers] == [(keep, 180, "cuisine")]
        assert assignment is not None
        events = audit_events(s, "contacts", keep)
        action, changes = events[-1]
        assert action == "merge"
        assert changes["merged"]["record"]["email"] == "a@x.ma"
        assert changes["merged"]["moved"]["donations"] == [gift_id]
        gone = audit_events(s, "contacts", other)
        assert [a for a, _c in gone] == ["create", "merge"]
        assert gone[-1][1]["merged_into"]["id"] == keep
        # The other's history is still in the log.
        assert (
            json.loads(
                s.scalar(
                    select(AuditEvent.changes).where(
                        AuditEvent.entity_id == other,
                        AuditEvent.action == "create",
                        AuditEvent.entity_type == "contacts",
                    )
                )
            )["after"]["name"]
            == "BENALI Ahmed"
        )


def test_merge_refuses_dues_paid_twice_for_one_year(db: Database) -> None:
    with db.transaction() as s:
        ids = []
        for number in ("1", "2"):
            membership = members.create(
                s, members.MemberInput(contact=contacts.ContactInput(name="Ali"), number=number)
            )
            s.flush()
            s.add(
                DuesPayment(
                    membership_id=membership.id,
                    period_year=2025,
                    amount_minor=100,
                    currency="MAD",
                    paid_on=date(2025, 1, 1),
                    receipt_year=2025,
                    receipt_seq=int(number),
                    receipt_number=f"R-C-2025-{number}",
                )
            )
            ids.append(membership.contact_id)
    with pytest.raises(ValidationError) as refused, db.transaction() as s:
        merge(s, *ids)
    assert "2025" in refused.value.message
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Contact)) == 2
    with pytest.raises(ValidationError), db.transaction() as s:
        merge(s, ids[0], ids[0])
