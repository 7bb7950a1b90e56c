"""Running an import: the whole file in ONE transaction, or nothing.

:func:`run_import` builds the plan (see plan.py) inside the write transaction — so what it
checked is what it writes, even if the database changed since the preview — then writes it.
Cancel (``progress`` answering False), an error, or the process dying leaves the database as it
was: the transaction is never committed half-way. Rows with problems stop the import unless the
person chose to skip them (``skip_bad_rows``); the mapping is remembered for the file's layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.errors import Cancelled, UserError
from assocdesk.i18n import _, ngettext
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
from assocdesk.progress import Progress
from assocdesk.services import activities, campaigns, contacts, donations
from assocdesk.services.audit import record_event, snapshot
from assocdesk.spreadsheets import indexes
from assocdesk.spreadsheets.bulk import BulkTable
from assocdesk.spreadsheets.gc_pause import collector_paused
from assocdesk.spreadsheets.mapping import remember
from assocdesk.spreadsheets.plan import BAD, CREATE, MERGE, SKIP, ImportPlan, RowError, build_plan
from assocdesk.spreadsheets.reading import Table
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import damage_error
from assocdesk.storage.sqlite_file import index_problems
from assocdesk.text.normalize import normalize_for_search

PROGRESS_EVERY = 500


class ImportCancelled(Cancelled):
    def __init__(self) -> None:
        super().__init__(_("Import stopped; nothing was changed."))


class ImportRefused(UserError):
    """Rows have problems and skipping them was not asked for; nothing was written."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        count = plan.count(BAD)
        super().__init__(
            ngettext(
                "{count} row has problems; nothing was imported. Fix the file, or skip it.",
                "{count} rows have problems; nothing was imported. Fix the file, or skip them.",
                count,
            ).format(count=count)
        )


@dataclass
class ImportResult:
    created: int = 0
    merged: int = 0
    skipped: int = 0  # already there, or bad rows skipped
    errors: list[RowError] = field(default_factory=list)

    @classmethod
    def of(cls, plan: ImportPlan) -> ImportResult:
        """What importing ``plan`` does (bad rows skipped): for previews and dry runs."""
        if plan.kind == "donations":  # merged: the donor was someone already known
            merged = sum(
                1
                for r in plan.rows
                if r.action == CREATE and (r.match_id is not None or r.match_row is not None)
            )
        else:
            merged = plan.count(MERGE)
        return cls(plan.count(CREATE), merged, plan.count(SKIP) + plan.count(BAD), plan.errors)


def run_import(
    database: Database,
    table: Table,
    kind: str,
    mapping: Sequence[str | None],
    *,
    currency: str = "MAD",
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    with collector_paused():
        with database.transaction() as session:
            _refuse_damaged(database, session)
            plan = build_plan(session, table, kind, mapping, currency=currency)
            if plan.count(BAD) and not skip_bad_rows:
                raise ImportRefused(plan)
            write_plan(session, plan, progress)
            result = ImportResult.of(plan)
            if result.created + result.merged or not (result.errors or not table.rows):
                # A mapping under which nothing could be imported is not remembered: the next
                # import of the same layout would reuse it without asking.
                remember(session, table.header, kind, mapping)
        del plan  # freed while the collector waits: resumed, it would walk all of it once more
    return result


def _refuse_damaged(database: Database, session: Session) -> None:
    """An import writes thousands of rows at once: the whole file is checked first, indexes
    included (the check at opening skips them), inside the write transaction so nothing can
    change between the check and the writing. A few seconds at 200 MB, against an import that
    would otherwise write duplicates through a damaged unique index."""
    connection = session.connection().connection.driver_connection
    problems = index_problems(connection)  # type: ignore[arg-type]
    if problems:
        raise damage_error(database.path, "; ".join(problems[:3]))


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise ImportCancelled


def write_plan(session: Session, plan: ImportPlan, progress: Progress | None = None) -> None:
    total = len(plan.rows)
    _tick(progress, 0, total)
    writer = _Writer(session)
    aside = indexes.set_aside(session, writer.contacts.next_id, plan.count(CREATE))
    if plan.kind == "activities":
        write_row = writer.activity
    elif plan.kind == "donations":
        write_row = writer.donation
    else:
        _merge_rows_of_the_file(plan)
        writer.reserve_numbers(
            row.values["membership"]["number"]
            for row in plan.rows
            if row.action in (CREATE, MERGE) and row.values.get("membership")
        )
        write_row = writer.contact_row
    for done, row in enumerate(plan.rows, start=1):
        if row.action in (CREATE, MERGE):
            write_row(plan, row)
        if done % PROGRESS_EVERY == 0:
            _tick(progress, done, total)
    writer.finish()
    indexes.put_back(session, aside)
    _tick(progress, total, total)


def _merge_rows_of_the_file(plan: ImportPlan) -> None:
    """A later row about a person met earlier in the file completes that earlier row."""
    for row in plan.rows:
        if row.action != MERGE or row.match_row is None:
            continue
        target = plan.rows[row.match_row].values
        for key, value in row.values["contact"].items():
            if value and not target["contact"].get(key):
                target["contact"][key] = value
        found = target["contact"]
        found["search_text"] = contacts.search_key_of(
            found["name"], found["email"], found["city"], found["phone"]
        )
        if row.values["membership"] and not target["membership"]:
            target["membership"] = row.values["membership"]
        target["volunteer"] = target["volunteer"] or row.values["volunteer"]
        target["skills"] = list(dict.fromkeys([*target["skills"], *row.values["skills"]]))


class _Writer:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.contacts = BulkTable(session, Contact.__table__)
        self.memberships = BulkTable(session, Membership.__table__, parents=[self.contacts])
        self.profiles = BulkTable(session, VolunteerProfile.__table__, parents=[self.contacts])
        self.profile_skills = BulkTable(
            session, volunteer_skills, audited=False, parents=[self.profiles]
        )
        self.donations = BulkTable(session, Donation.__table__, parents=[self.contacts])
        self.row_contact: dict[int, int] = {}  # line → contact id, for rows of the same file
        self._numbers: set[str] | None = None
        self._next_number = 0
        self._width = 4
        self._skills: dict[str, int] = {}
        self._counters: dict[int, int] | None = None
        self._prefix = ""
        self._campaigns: dict[str, int] | None = None

    # -- contacts, members, volunteers -------------------------------------------------------
    def new_contact(self, values: dict[str, Any]) -> int:
        """Insert a checked contact (its search_text computed by the plan)."""
        return self.contacts.add(values)

    def contact_row(self, plan: ImportPlan, row: Any) -> None:
        data = row.values
        if row.action == MERGE and row.match_row is not None:
            return  # folded into the earlier row of the file
        if row.action == CREATE:
            contact_id = self.new_contact(data["contact"])
            new = True
        else:
            contact_id = row.match_id
            new = False
            self._fill(contact_id, data.get("fill", {}))
        if data["membership"]:
            self._membership(contact_id, data["membership"])
        if data["volunteer"] or data["skills"]:
            self._volunteer(contact_id, data, new)

    def _fill(self, contact_id: int, fill: dict[str, Any]) -> None:
        if not fill:
            return
        contact = contacts.get(self.session, contact_id)
        before = snapshot(contact)
        contacts.apply(contact, fill)
        record_event(self.session, "update", contact, before)

    def _membership(self, contact_id: int, membership: dict[str, Any]) -> None:
        number = membership["number"] or self._new_number()
        self.memberships.add(
            {
                "contact_id": contact_id,
                "number": number,
                "category": membership["category"],
                "joined_on": membership["joined_on"] or date.today(),
                "left_on": None,
            }
        )

    def reserve_numbers(self, given: Iterable[str]) -> None:
        """Numbers already used or given in the file; a member without one gets the next free
        number after the highest (as members.next_number suggests in the form)."""
        self._numbers = set(self.session.scalars(select(Membership.number)))
        self._numbers.update(number for number in given if number)
        numeric = [n for n in self._numbers if re.fullmatch(r"\d{1,12}", n)]
        self._next_number = max((int(n) for n in numeric), default=0) + 1
        self._width = max((len(n) for n in numeric), default=4)

    def _new_number(self) -> str:
        assert self._numbers is not None
        while (number := str(self._next_number).zfill(self._width)) in self._numbers:
            self._next_number += 1
        self._numbers.add(number)
        return number

    def _volunteer(self, contact_id: int, data: dict[str, Any], new: bool) -> None:
        existing = None
        if not new:
            existing = self.session.scalar(
                select(VolunteerProfile).where(VolunteerProfile.contact_id == contact_id)
            )
        if existing is not None:
            before = snapshot(existing)
            names = {s.search_text for s in existing.skills}
            added = [s for s in data["skills"] if normalize_for_search(s) not in names]
            if added:
                for name in added:
                    existing.skills.append(self._skill_object(name))
                record_event(self.session, "update", existing, before)
            return
        profile_id = self.profiles.add(
            {"contact_id": contact_id, "availability": 0, "since": data.get("volunteer_since")}
        )
        linked: set[int] = set()
        for name in data["skills"]:
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
    def donation(self, plan: ImportPlan, row: Any) -> None:
        data = row.values
        contact_id: int | None
        if data["contact"] is None:
            contact_id = None
        elif row.match_id is not None:
            contact_id = row.match_id
        elif row.match_row is not None:
            contact_id = self.row_contact[row.match_row]
        else:
            contact_id = self.new_contact(data["contact"])
        if contact_id is not None:
            self.row_contact[row.position] = contact_id
        values = dict(data["donation"])
        values["campaign_id"] = self._campaign(data["campaign"], values["currency"])
        values["contact_id"] = contact_id
        year = values["donated_on"].year
        seq = self._next_receipt(year)
        values.update(
            receipt_year=year, receipt_seq=seq, receipt_number=f"{self._prefix}-{year}-{seq:04d}"
        )
        self.donations.add(values)

    def _next_receipt(self, year: int) -> int:
        if self._counters is None:
            self._counters = dict(
                self.session.execute(select(ReceiptCounter.year, ReceiptCounter.last_number)).all()
            )
            self._stored_counters = set(self._counters)
            self._prefix = donations.receipt_prefix(self.session)
        self._counters[year] = self._counters.get(year, 0) + 1
        return self._counters[year]

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

    # -- activities ------------------------------------------------------------------------
    def activity(self, plan: ImportPlan, row: Any) -> None:
        activities.create(self.session, row.values["activity"])

    def finish(self) -> None:
        self.session.flush()
        for table in (
            self.contacts,
            self.memberships,
            self.profiles,
            self.profile_skills,
            self.donations,
        ):
            table.flush()
        if self._counters is not None:
            for year, last in self._counters.items():
                counter = self.session.get(ReceiptCounter, year)
                if counter is None:
                    self.session.add(ReceiptCounter(year=year, last_number=last))
                else:
                    counter.last_number = last
            self.session.flush()
