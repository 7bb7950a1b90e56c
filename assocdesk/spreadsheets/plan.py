"""An import plan: every row of a file read, checked and matched, before anything is written.

The wizard's preview, the CLI's ``--dry-run`` and the import itself all go through
:func:`build_plan`, so what the person saw is what is stored. Each row gets:

- its values as they will be stored (dates, amounts in minor units, cleaned text), checked by
  the services' own validation functions (``contacts.validate``, ``donations.validated`` …);
- its problems: line, column, cell, what is wrong (translated) — a row with one is "bad";
- what will happen: ``create``, ``merge`` into an existing contact (same normalized name and
  the same phone or e-mail, or no contact details that disagree), or ``skip`` (already there:
  re-importing a file creates nothing twice).

Matching also covers rows of the same file: the second "Ahmed BENALI" merges into the first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from operator import attrgetter, countOf
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.errors import UserError
from assocdesk.i18n import _
from assocdesk.models import (
    Activity,
    Donation,
    DonationMethod,
    DonationStatus,
    Membership,
)
from assocdesk.services import activities, contacts, donations
from assocdesk.services.common import text_field, too_long
from assocdesk.services.duplicates import contact_keys, name_key
from assocdesk.services.errors import Errors, ValidationError
from assocdesk.spreadsheets import cells, identity, matching, protection, values
from assocdesk.spreadsheets.cells import RowError
from assocdesk.spreadsheets.gc_pause import collector_paused
from assocdesk.spreadsheets.mapping import fields_of
from assocdesk.spreadsheets.reading import Table
from assocdesk.text.clean import clean_single_line
from assocdesk.text.normalize import normalize_for_search

CREATE, MERGE, SKIP, BAD = "create", "merge", "skip", "bad"
_ACTION = attrgetter("action")


@dataclass
class PlannedRow:
    line: int
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)
    action: str = CREATE
    # For contacts: the existing contact it merges into (id) or the earlier row of the same file.
    match_id: int | None = None
    match_row: int | None = None
    match_name: str = ""
    position: int = 0  # index in ImportPlan.rows


@dataclass
class ImportPlan:
    kind: str
    header: list[str]
    mapping: list[str | None]
    currency: str
    rows: list[PlannedRow]

    def count(self, action: str) -> int:
        # Counted in C (no Python loop): a 200 000-row import counts its rows five times.
        return countOf(map(_ACTION, self.rows), action)

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def importable(self) -> int:
        return sum(1 for row in self.rows if row.action in (CREATE, MERGE))


class MappingProblem(UserError, ValueError):
    """The mapping cannot work (no name column …); the message is translated."""


def check_mapping(kind: str, mapping: Sequence[str | None]) -> None:
    """Refuse a mapping without the columns every record needs (before reading any row)."""
    keys = set(mapping) - {None}
    needed: list[tuple[str, str]] = []
    if kind == "activities":
        needed = [
            ("title", _("Choose the column of the activity's title.")),
            ("starts_at", _("Choose the column of the activity's date.")),
        ]
    elif not keys & {"name", "first_name", "last_name"}:
        raise MappingProblem(_("Choose the column that holds the names."))
    elif kind == "donations":
        needed = [
            ("amount", _("Choose the column of the amounts.")),
            ("donated_on", _("Choose the column of the dates.")),
        ]
    for key, message in needed:
        if key not in keys:
            raise MappingProblem(message)


# --- building the plan -----------------------------------------------------------------------


def build_plan(
    session: Session,
    table: Table,
    kind: str,
    mapping: Sequence[str | None],
    *,
    currency: str = "MAD",
) -> ImportPlan:
    """Read, check and match every row of ``table``; writes nothing."""
    check_mapping(kind, mapping)
    with collector_paused():
        return _build_plan(session, table, kind, mapping, currency)


def _build_plan(
    session: Session, table: Table, kind: str, mapping: Sequence[str | None], currency: str
) -> ImportPlan:
    known = fields_of(kind)
    columns = [(i, known[key]) for i, key in enumerate(mapping) if key in known]
    parsers = cells.parsers()
    header = list(table.header)
    rows = []
    for line, row_cells in table.rows:
        read = cells.read_row(line, row_cells, columns, header, parsers)
        rows.append(PlannedRow(line=line, values=read.values, errors=read.errors))
    for position, row in enumerate(rows):
        row.position = position
    plan = ImportPlan(kind, header, list(mapping), currency, rows)
    column_of = {key: header[i] for i, key in enumerate(mapping) if key}
    if kind == "activities":
        _plan_activities(session, plan, column_of)
    elif kind == "donations":
        _plan_donations(session, plan, column_of)
    else:
        _plan_contacts(session, plan, column_of)
    for row in plan.rows:
        if row.errors:
            row.action = BAD
    return plan


def _add_errors(row: PlannedRow, errors: dict[str, str], column_of: dict[str, str]) -> None:
    for key, message in errors.items():
        value = row.values.get(key, "")
        column = column_of.get(key, "")
        if not column and key == "name":  # names read from two columns
            column = column_of.get("last_name") or column_of.get("first_name") or ""
        shown = value if isinstance(value, str) else values.cell_text(value)
        row.errors.append(RowError(row.line, column, shown[:80], message))


def _validate_contact(
    row: PlannedRow, column_of: dict[str, str], now: datetime | None = None
) -> dict | None:
    """The row's contact, checked as the form checks it; ``now``: when consents read from the
    file are given (None when the file has no consent column)."""
    read = row.values
    id_kind, id_number = _identifier(read, column_of)
    data = contacts.ContactInput(
        name=read.get("name", ""),
        phone=read.get("phone", ""),
        email=read.get("email", ""),
        address=read.get("address", ""),
        city=read.get("city", ""),
        country=read.get("country", ""),
        notes=read.get("notes", ""),
        date_of_birth=read.get("date_of_birth"),
        is_minor=read.get("is_minor", False),
        consent_publish_name=read.get("consent_publish_name", False),
        consent_publish_photo=read.get("consent_publish_photo", False),
        consent_contact=read.get("consent_contact", False),
        gender=read.get("gender"),
        id_kind=id_kind,
        id_number=id_number,
    )
    errors = Errors()
    cleaned = contacts.validate(data, errors)
    if errors.messages:
        _add_errors(row, errors.messages, column_of)
        return None
    if now is not None:
        # A consent given on creation is dated, as contacts.apply dates it (the bulk insert of
        # a new contact does not go through apply).
        for flag, dated in contacts.CONSENT_DATES.items():
            if cleaned[flag]:
                cleaned[dated] = now
    # Computed here, where the name is normalized anyway for matching (cached just after).
    cleaned["search_text"] = contacts.search_key_of(
        cleaned["name"], cleaned["email"], cleaned["city"], cleaned["phone"]
    )
    return cleaned


def _identifier(read: dict[str, Any], column_of: dict[str, str]) -> tuple[str, str]:
    """The row's identity document: its kind from its own column, else written before the
    number ("CIN BK123456"), else named by the number's header ("CIN", «رقم جواز السفر»),
    else "other" (a number nobody said the kind of is still the donor's identifier)."""
    in_cell, number = identity.split_identifier(read.get("id_number", ""))
    if not number:
        return "", ""
    kind = read.get("id_kind") or in_cell or identity.id_kind_in(column_of.get("id_number", ""))
    return kind or "other", number


def _resolve_contact(
    row: PlannedRow, index: matching.ContactIndex, position: int, cleaned: dict
) -> bool:
    """Match the row's person; True if it is someone already known (in the base or the file)."""
    name = cleaned["name"]
    key, keys = name_key(name), contact_keys(cleaned["phone"], cleaned["email"])
    found = index.find_keys(key, keys)
    if found is None:
        index.add_keys(position, name, key, keys)
        return False
    row.match_id, row.match_row, row.match_name = found
    return True


def _membership_fields(row: PlannedRow, column_of: dict[str, str]) -> tuple[str, str, list[str]]:
    """The row's membership number, category and skills, checked (problems added to the row)."""
    read = row.values
    if "number" not in read and "category" not in read and "skills" not in read:
        return "", "", []  # what the checks below give for absent cells, without them
    errors = Errors()
    number = text_field(errors, "number", read.get("number"), max_length=40)
    category = text_field(errors, "category", read.get("category"), max_length=60)
    skills = [clean_single_line(s) for s in read.get("skills", [])]
    if any(len(s) > 80 for s in skills):
        errors.add("skills", too_long(80))
    if errors.messages:
        _add_errors(row, errors.messages, column_of)
    return number, category, skills


def _plan_contacts(session: Session, plan: ImportPlan, column_of: dict[str, str]) -> None:
    index = matching.ContactIndex(session)
    used_numbers = set(session.scalars(select(Membership.number)))
    wants_membership = plan.kind == "members"
    wants_volunteer = plan.kind == "volunteers"
    protecting = [key for key in protection.FIELDS if key in column_of]
    known_people: list[PlannedRow] = []  # rows of people already recorded, with such columns
    now = datetime.now(UTC) if set(protecting) & contacts.CONSENT_DATES.keys() else None
    for position, row in enumerate(plan.rows):
        cleaned = _validate_contact(row, column_of, now)
        number, category, skills = _membership_fields(row, column_of)
        if cleaned is None or row.errors:
            continue
        row.values["contact"], row.values["skills"] = cleaned, skills
        known = _resolve_contact(row, index, position, cleaned)
        row.action = MERGE if known else CREATE
        existing = row.match_id
        membership = wants_membership or bool(number or category or "joined_on" in row.values)
        if existing is not None and existing in index.members:
            membership = False  # already a member: the number in the file is theirs already
        elif membership and number:
            if number in used_numbers:
                _add_errors(
                    row,
                    {
                        "number": _("Membership number {number} is already used.").format(
                            number=number
                        )
                    },
                    column_of,
                )
                continue
            used_numbers.add(number)
        volunteer = wants_volunteer or bool(skills or "volunteer_since" in row.values)
        row.values["membership"] = (
            {"number": number, "category": category, "joined_on": row.values.get("joined_on")}
            if membership
            else None
        )
        row.values["volunteer"] = volunteer
        if existing is not None:
            fill = {
                key: cleaned[key]
                for key in matching.DETAILS
                if cleaned[key] and not index.details[existing][key]
            }
            row.values["fill"] = fill
            adds_volunteer = volunteer and (existing not in index.volunteers or skills)
            if not fill and not membership and not adds_volunteer:
                row.action = SKIP
            if protecting:
                known_people.append(row)
    if known_people:
        _fill_protection(session, known_people)


def _fill_protection(session: Session, rows: list[PlannedRow]) -> None:
    """Minors and consents the file says about people already recorded (see protection.py)."""
    current = protection.current_values(session, (row.match_id for row in rows))
    for row in rows:
        assert row.match_id is not None
        read = [key for key in protection.FIELDS if key in row.values]
        fill = protection.fill_for(read, row.values["contact"], current[row.match_id])
        if fill:
            row.values["fill"].update(fill)
            if row.action == SKIP:
                row.action = MERGE


def _plan_donations(session: Session, plan: ImportPlan, column_of: dict[str, str]) -> None:
    index = matching.ContactIndex(session)
    recorded = select(
        Donation.contact_id, Donation.donated_on, Donation.amount_minor, Donation.currency
    ).where(Donation.status == DonationStatus.RECORDED)
    existing: Counter[tuple[Any, ...]] = Counter(tuple(row) for row in session.execute(recorded))
    for position, row in enumerate(plan.rows):
        anonymous = normalize_for_search(row.values.get("name", "")) in cells.ANONYMOUS
        if anonymous:
            row.values["name"] = ""
        currency = row.values.get("currency") or plan.currency
        amount = row.values.get("amount")
        written = None
        if amount is not None:
            try:
                amount, written = values.parse_money(amount, currency)
            except values.ValueProblem as exc:
                row.errors.append(
                    RowError(
                        row.line,
                        column_of.get("amount", ""),
                        values.cell_text(amount)[:80],
                        str(exc),
                    )
                )
                amount = None
        if written and row.values.get("currency") and written != row.values["currency"]:
            row.errors.append(
                RowError(
                    row.line,
                    column_of.get("amount", ""),
                    values.cell_text(row.values["amount"]),
                    _("The amount's currency differs from the currency column."),
                )
            )
        currency = written or currency
        data = donations.DonationInput(
            amount=amount if amount is not None else ("" if "amount" not in row.values else None),
            currency=currency,
            donated_on=row.values.get("donated_on"),
            anonymous=True,
            method=row.values.get(
                "method",
                DonationMethod.IN_KIND
                if row.values.get("in_kind_description")
                else DonationMethod.CASH,
            ),
            in_kind_description=row.values.get("in_kind_description", ""),
            notes=row.values.get("notes", ""),
        )
        if row.errors:
            continue
        try:
            checked = donations.validated(session, data)
        except ValidationError as exc:
            _add_errors(row, exc.errors, column_of)
            continue
        campaign = clean_single_line(row.values.get("campaign", ""))
        if len(campaign) > 200:
            row.errors.append(
                RowError(
                    row.line,
                    column_of.get("campaign", ""),
                    campaign[:80],
                    too_long(200),
                )
            )
            continue
        row.values["donation"], row.values["campaign"] = checked, campaign
        row.action = CREATE
        if anonymous:
            row.values["contact"] = None
        else:
            cleaned = _validate_contact(row, column_of)
            if cleaned is None:
                continue
            row.values["contact"] = cleaned
            _resolve_contact(row, index, position, cleaned)
        # Already recorded (same donor, date, amount, currency): this file was imported before.
        if row.values["contact"] is None or row.match_id is not None:
            key = (
                row.match_id,
                checked["donated_on"],
                checked["amount_minor"],
                checked["currency"],
            )
            if existing[key] > 0:
                existing[key] -= 1
                row.action = SKIP


def _plan_activities(session: Session, plan: ImportPlan, column_of: dict[str, str]) -> None:
    existing = Counter(
        (normalize_for_search(title), starts.date())
        for title, starts in session.execute(select(Activity.title, Activity.starts_at))
    )
    for row in plan.rows:
        starts = row.values.get("starts_at")
        cost = row.values.get("cost")
        if cost is not None:
            try:
                cost, _written = values.parse_money(cost, plan.currency)
            except values.ValueProblem as exc:
                row.errors.append(
                    RowError(
                        row.line, column_of.get("cost", ""), values.cell_text(cost)[:80], str(exc)
                    )
                )
        if row.errors:
            continue
        data = activities.ActivityInput(
            title=row.values.get("title", ""),
            starts_at=datetime.combine(starts, time(9, 0)) if starts else None,
            currency=plan.currency,
            type=row.values.get("type", "other"),
            place=row.values.get("place", ""),
            description=row.values.get("description", ""),
            beneficiaries_count=row.values.get("beneficiaries_count", 0),
            cost=cost if isinstance(cost, Decimal) else None,
            status="done" if starts and starts <= date.today() else "planned",
        )
        try:
            activities.validated(session, data)
        except ValidationError as exc:
            _add_errors(row, exc.errors, column_of)
            continue
        row.values["activity"] = data
        key = (normalize_for_search(data.title), starts)
        if existing[key] > 0:
            existing[key] -= 1
            row.action = SKIP
