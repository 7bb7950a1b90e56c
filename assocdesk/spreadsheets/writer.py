"""Writing a checked plan: each row's values into its tables, through the bulk inserts.

Numbers come from their services, as for a record saved by hand: receipt numbers are taken
from the book's counter (:func:`assocdesk.services.numbering.take_range`, once per year, for
all the gifts of that year at once) and written as the donations service writes them; a member
whose row has no number gets the next one the members service gives
(:func:`assocdesk.services.members.numbers_after`). Imported gifts are recorded, not issued:
their receipts are printed later, one by one, and only then join the receipt chain.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from assocdesk.models import (
    Campaign,
    Contact,
    Donation,
    Membership,
    ReceiptCounter,
    Skill,
    VolunteerProfile,
    volunteer_skills,
)
from assocdesk.services import activities, campaigns, contacts, donations, members, numbering
from assocdesk.services.audit import record_event, snapshot
from assocdesk.spreadsheets.bulk import BulkTable
from assocdesk.spreadsheets.kinds import Entry
from assocdesk.spreadsheets.planned import (
    CREATE,
    MERGE,
    ActivityValues,
    ContactValues,
    DonationValues,
    ImportPlan,
    MembershipPart,
    PlannedRow,
    VolunteerPart,
)
from assocdesk.text.normalize import normalize_for_search


class PlanWriter:
    """Writes the rows of one plan, in one transaction (the caller's)."""

    def __init__(self, session: Session, plan: ImportPlan) -> None:
        self.session = session
        self.contacts = BulkTable(session, cast(Table, Contact.__table__))
        self.memberships = BulkTable(
            session, cast(Table, Membership.__table__), parents=[self.contacts]
        )
        self.profiles = BulkTable(
            session, cast(Table, VolunteerProfile.__table__), parents=[self.contacts]
        )
        self.profile_skills = BulkTable(
            session, volunteer_skills, audited=False, parents=[self.profiles]
        )
        self.donations = BulkTable(
            session, cast(Table, Donation.__table__), parents=[self.contacts]
        )
        self.row_contact: dict[int, int] = {}  # position → contact id, for rows of the same file
        self._skills: dict[str, int] = {}
        self._campaigns: dict[str, int] | None = None
        entry = plan.kind.rules.entry
        # Member numbers the file gives, kept from the members without one.
        self._given_numbers = _given_numbers(plan) if entry is Entry.PERSON else set()
        self._member_numbers: Iterator[str] | None = None
        self._receipts = self._take_receipt_numbers(plan) if entry is Entry.DONATION else {}
        self._prefix = donations.receipt_prefix(session) if self._receipts else ""

    def write(self, row: PlannedRow) -> None:
        """Write a row to create or merge."""
        values = row.values
        if isinstance(values, ContactValues):
            self._person(row, values)
        elif isinstance(values, DonationValues):
            self._donation(row, values)
        elif isinstance(values, ActivityValues):
            activities.create(self.session, values.activity)
        else:  # a row without values is bad: never written
            raise AssertionError(f"line {row.line}: nothing to write")

    # -- contacts, members, volunteers -------------------------------------------------------
    def _person(self, row: PlannedRow, values: ContactValues) -> None:
        if row.action is MERGE and row.match_row is not None:
            return  # folded into the earlier row of the file
        if row.action is CREATE:
            contact_id, new = self.contacts.add(values.contact), True
        else:
            assert row.match_id is not None
            contact_id, new = row.match_id, False
            self._fill(contact_id, values.fill)
        if values.membership is not None:
            self._membership(contact_id, values.membership)
        if values.volunteer is not None:
            self._volunteer(contact_id, values.volunteer, new)

    def _fill(self, contact_id: int, fill: Mapping[str, object]) -> None:
        if not fill:
            return
        contact = contacts.get(self.session, contact_id)
        before = snapshot(contact)
        contacts.apply(contact, dict(fill))
        record_event(self.session, "update", contact, before)

    def _membership(self, contact_id: int, membership: MembershipPart) -> None:
        self.memberships.add(
            {
                "contact_id": contact_id,
                "number": membership.number or self._next_member_number(),
                "category": membership.category,
                "joined_on": membership.joined_on or date.today(),
                "left_on": None,
            }
        )

    def _next_member_number(self) -> str:
        """The members service's next number, after every number recorded or in the file."""
        if self._member_numbers is None:
            used = set(self.session.scalars(select(Membership.number)))
            used |= self._given_numbers
            self._member_numbers = (n for n in members.numbers_after(used) if n not in used)
        return next(self._member_numbers)

    def _volunteer(self, contact_id: int, volunteer: VolunteerPart, new: bool) -> None:
        existing = None
        if not new:
            existing = self.session.scalar(
                select(VolunteerProfile).where(VolunteerProfile.contact_id == contact_id)
            )
        if existing is not None:
            before = snapshot(existing)
            names = {s.search_text for s in existing.skills}
            added = [s for s in volunteer.skills if normalize_for_search(s) not in names]
            if added:
                for name in added:
                    existing.skills.append(self._skill_object(name))
                record_event(self.session, "update", existing, before)
            return
        profile_id = self.profiles.add(
            {"contact_id": contact_id, "availability": 0, "since": volunteer.since}
        )
        linked: set[int] = set()
        for name in volunteer.skills:
            skill_id = self._skill_id(name)
            if skill_id is not None and skill_id not in linked:
                linked.add(skill_id)
                self.profile_skills.add({"profile_id": profile_id, "skill_id": skill_id})

    def _skill_object(self, name: str) -> Skill:
        key = normalize_for_search(name)
        skill = self.session.scalar(select(Skill).where(Skill.search_text == key))
        return skill or Skill(name=name, search_text=key)

    def _skill_id(self, name: str) -> int | None:
        key = normalize_for_search(name)
        if not key:
            return None
        if key not in self._skills:
            skill = self._skill_object(name)
            if skill.id is None:
                self.session.add(skill)
                self.session.flush()
                record_event(self.session, "create", skill)
            self._skills[key] = skill.id
        return self._skills[key]

    # -- donations -------------------------------------------------------------------------
    def _take_receipt_numbers(self, plan: ImportPlan) -> dict[int, Iterator[int]]:
        """The receipt numbers of the gifts to write, taken from the book once per year."""
        per_year = Counter(
            row.values.donated_on.year
            for row in plan.rows
            if row.written and isinstance(row.values, DonationValues)
        )
        return {
            year: iter(numbering.take_range(self.session, ReceiptCounter, year, count))
            for year, count in sorted(per_year.items())
        }

    def _donation(self, row: PlannedRow, values: DonationValues) -> None:
        contact_id: int | None
        if values.contact is None:
            contact_id = None
        elif row.match_id is not None:
            contact_id = row.match_id
        elif row.match_row is not None:
            contact_id = self.row_contact[row.match_row]
        else:
            contact_id = self.contacts.add(values.contact)
        if contact_id is not None:
            self.row_contact[row.position] = contact_id
        year = values.donated_on.year
        seq = next(self._receipts[year])
        self.donations.add(
            {
                **values.gift,
                "campaign_id": self._campaign(values.campaign, values.currency),
                "contact_id": contact_id,
                "receipt_year": year,
                "receipt_seq": seq,
                "receipt_number": donations.receipt_number_text(self._prefix, year, seq),
            }
        )

    def _campaign(self, name: str, currency: str) -> int | None:
        if not name:
            return None
        if self._campaigns is None:
            self._campaigns = dict(
                self.session.execute(select(Campaign.search_text, Campaign.id)).all()
            )
        key = normalize_for_search(name)
        if key not in self._campaigns:
            campaign = campaigns.create(
                self.session, campaigns.CampaignInput(name=name, currency=currency)
            )
            self._campaigns[key] = campaign.id
        return self._campaigns[key]

    def finish(self) -> None:
        """Write what is buffered. Every receipt number taken is used: none is left a hole."""
        self.session.flush()
        for table in (
            self.contacts,
            self.memberships,
            self.profiles,
            self.profile_skills,
            self.donations,
        ):
            table.flush()
        unused = {year: list(numbers) for year, numbers in self._receipts.items()}
        assert not any(unused.values()), f"receipt numbers taken but not written: {unused}"


def _given_numbers(plan: ImportPlan) -> set[str]:
    return {
        row.values.membership.number
        for row in plan.rows
        if row.written
        and isinstance(row.values, ContactValues)
        and row.values.membership is not None
        and row.values.membership.number
    }
