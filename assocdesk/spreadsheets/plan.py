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
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.models import Activity, Donation, DonationMethod, DonationStatus, Membership
from assocdesk.services import activities, contacts, donations
from assocdesk.services.common import text_field, too_long
from assocdesk.services.duplicates import contact_keys, name_key
from assocdesk.services.errors import Errors, ValidationError
from assocdesk.spreadsheets import cells, identity, matching, protection, values
from assocdesk.spreadsheets.cells import RowError
from assocdesk.spreadsheets.gc_pause import collector_paused
from assocdesk.spreadsheets.kinds import Entry, ImportKind
from assocdesk.spreadsheets.mapping import fields_of
from assocdesk.spreadsheets.planned import (
    BAD,
    CREATE,
    MERGE,
    SKIP,
    Action,
    ActivityValues,
    ContactValues,
    DonationValues,
    ImportPlan,
    MappingProblem,
    MembershipPart,
    PlannedRow,
    VolunteerPart,
    check_mapping,
)
from assocdesk.spreadsheets.reading import Table
from assocdesk.text.clean import clean_single_line
from assocdesk.text.normalize import normalize_for_search

__all__ = [
    "BAD",
    "CREATE",
    "MERGE",
    "SKIP",
    "Action",
    "ImportPlan",
    "MappingProblem",
    "PlannedRow",
    "RowError",
    "build_plan",
    "check_mapping",
]


# --- building the plan -----------------------------------------------------------------------


def build_plan(
    session: Session,
    table: Table,
    kind: str,
    mapping: Sequence[str | None],
    *,
    currency: str = "MAD",
) -> ImportPlan:
    """Read, check and match every row of ``table``; writes nothing. ``kind``: an
    :class:`ImportKind` or its word ("contacts", "donations" …)."""
    check_mapping(kind, mapping)
    with collector_paused():
        return _build_plan(session, table, ImportKind(kind), mapping, currency)


def _build_plan(
    session: Session, table: Table, kind: ImportKind, mapping: Sequence[str | None], currency: str
) -> ImportPlan:
    known = fields_of(kind)
    columns = [(i, known[key]) for i, key in enumerate(mapping) if key in known]
    parsers = cells.parsers()
    header = list(table.header)
    rows = []
    for position, (line, row_cells) in enumerate(table.rows):
        read = cells.read_row(line, row_cells, columns, header, parsers)
        rows.append(PlannedRow(line, read.values, read.errors, position=position))
    plan = ImportPlan(kind, header, list(mapping), currency, rows)
    column_of = {key: header[i] for i, key in enumerate(mapping) if key}
    _PLANNERS[kind.rules.entry](session, plan, column_of)
    for row in plan.rows:
        if row.errors:
            row.action = BAD
            row.values = None
    return plan


def _add_errors(row: PlannedRow, errors: dict[str, str], column_of: dict[str, str]) -> None:
    for key, message in errors.items():
        value = row.read.get(key, "")
        column = column_of.get(key, "")
        if not column and key == "name":  # names read from two columns
            column = column_of.get("last_name") or column_of.get("first_name") or ""
        shown = value if isinstance(value, str) else values.cell_text(value)
        row.errors.append(RowError(row.line, column, shown[:80], message))


def _validate_contact(
    row: PlannedRow, column_of: dict[str, str], now: datetime | None = None
) -> dict[str, Any] | None:
    """The row's contact, checked as the form checks it; ``now``: when consents read from the
    file are given (None when the file has no consent column)."""
    read = row.read
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
    cleaned: dict[str, Any] = contacts.validate(data, errors)
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
    row: PlannedRow, index: matching.ContactIndex, position: int, cleaned: dict[str, Any]
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
    read = row.read
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
    rules = plan.kind.rules
    protecting = [key for key in protection.FIELDS if key in column_of]
    known_people: list[PlannedRow] = []  # rows of people already recorded, with such columns
    now = datetime.now(UTC) if set(protecting) & contacts.CONSENT_DATES.keys() else None
    for position, row in enumerate(plan.rows):
        cleaned = _validate_contact(row, column_of, now)
        number, category, skills = _membership_fields(row, column_of)
        if cleaned is None or row.errors:
            continue
        read = row.read
        known = _resolve_contact(row, index, position, cleaned)
        row.action = MERGE if known else CREATE
        existing = row.match_id
        membership = rules.member or bool(number or category or "joined_on" in read)
        if existing is not None and existing in index.members:
            membership = False  # already a member: the number in the file is theirs already
        elif membership and number:
            if number in used_numbers:
                message = _("Membership number {number} is already used.").format(number=number)
                _add_errors(row, {"number": message}, column_of)
                continue
            used_numbers.add(number)
        volunteer = rules.volunteer or bool(skills or "volunteer_since" in read)
        fill: dict[str, Any] = {}
        if existing is not None:
            fill = {
                key: cleaned[key]
                for key in matching.DETAILS
                if cleaned[key] and not index.details[existing][key]
            }
            adds_volunteer = volunteer and (existing not in index.volunteers or skills)
            if not fill and not membership and not adds_volunteer:
                row.action = SKIP
            if protecting:
                known_people.append(row)
        row.values = ContactValues(
            cleaned,
            MembershipPart(number, category, read.get("joined_on")) if membership else None,
            VolunteerPart(tuple(skills), read.get("volunteer_since")) if volunteer else None,
            fill,
        )
    if known_people:
        _fill_protection(session, known_people)


def _fill_protection(session: Session, rows: list[PlannedRow]) -> None:
    """Minors and consents the file says about people already recorded (see protection.py)."""
    current = protection.current_values(
        session, (row.match_id for row in rows if row.match_id is not None)
    )
    for row in rows:
        assert row.match_id is not None and isinstance(row.values, ContactValues)
        read = [key for key in protection.FIELDS if key in row.read]
        fill = protection.fill_for(read, row.values.contact, current[row.match_id])
        if fill:
            row.values = replace(row.values, fill={**row.values.fill, **fill})
            if row.action is SKIP:
                row.action = MERGE


def _plan_donations(session: Session, plan: ImportPlan, column_of: dict[str, str]) -> None:
    index = matching.ContactIndex(session)
    recorded = select(
        Donation.contact_id, Donation.donated_on, Donation.amount_minor, Donation.currency
    ).where(Donation.status == DonationStatus.RECORDED)
    existing: Counter[tuple[Any, ...]] = Counter(tuple(row) for row in session.execute(recorded))
    for position, row in enumerate(plan.rows):
        read = row.read
        anonymous = normalize_for_search(read.get("name", "")) in cells.ANONYMOUS
        if anonymous:
            read["name"] = ""
        checked = _checked_gift(session, plan, row, column_of)
        if checked is None:
            continue
        campaign = clean_single_line(read.get("campaign", ""))
        if len(campaign) > 200:
            column = column_of.get("campaign", "")
            row.errors.append(RowError(row.line, column, campaign[:80], too_long(200)))
            continue
        donor = None
        if not anonymous:
            donor = _validate_contact(row, column_of)
            if donor is None:
                continue
            _resolve_contact(row, index, position, donor)
        row.values = DonationValues(checked, donor, campaign)
        row.action = CREATE
        # Already recorded (same donor, date, amount, currency): this file was imported before.
        if donor is None or row.match_id is not None:
            key = (
                row.match_id,
                checked["donated_on"],
                checked["amount_minor"],
                checked["currency"],
            )
            if existing[key] > 0:
                existing[key] -= 1
                row.action = SKIP


def _checked_gift(
    session: Session, plan: ImportPlan, row: PlannedRow, column_of: dict[str, str]
) -> dict[str, object] | None:
    """The row's gift, checked as the form checks it (None: its problems are on the row)."""
    read = row.read
    currency = read.get("currency") or plan.currency
    amount = read.get("amount")
    written = None
    if amount is not None:
        try:
            amount, written = values.parse_money(amount, currency)
        except values.ValueProblem as exc:
            cell = values.cell_text(amount)[:80]
            row.errors.append(RowError(row.line, column_of.get("amount", ""), cell, str(exc)))
            amount = None
    if written and read.get("currency") and written != read["currency"]:
        row.errors.append(
            RowError(
                row.line,
                column_of.get("amount", ""),
                values.cell_text(read["amount"]),
                _("The amount's currency differs from the currency column."),
            )
        )
    data = donations.DonationInput(
        amount=amount if amount is not None else ("" if "amount" not in read else None),
        currency=written or currency,
        donated_on=read.get("donated_on"),
        anonymous=True,
        method=read.get(
            "method",
            DonationMethod.IN_KIND if read.get("in_kind_description") else DonationMethod.CASH,
        ),
        in_kind_description=read.get("in_kind_description", ""),
        notes=read.get("notes", ""),
    )
    if row.errors:
        return None
    try:
        return donations.validated(session, data)
    except ValidationError as exc:
        _add_errors(row, exc.errors, column_of)
        return None


def _plan_activities(session: Session, plan: ImportPlan, column_of: dict[str, str]) -> None:
    existing: Counter[tuple[str, date | None]] = Counter(
        (normalize_for_search(title), starts.date())
        for title, starts in session.execute(select(Activity.title, Activity.starts_at))
    )
    for row in plan.rows:
        read = row.read
        starts = read.get("starts_at")
        cost = read.get("cost")
        if cost is not None:
            try:
                cost, _written = values.parse_money(cost, plan.currency)
            except values.ValueProblem as exc:
                cell = values.cell_text(cost)[:80]
                row.errors.append(RowError(row.line, column_of.get("cost", ""), cell, str(exc)))
        if row.errors:
            continue
        data = activities.ActivityInput(
            title=read.get("title", ""),
            starts_at=datetime.combine(starts, time(9, 0)) if starts else None,
            currency=plan.currency,
            type=read.get("type", "other"),
            place=read.get("place", ""),
            description=read.get("description", ""),
            beneficiaries_count=read.get("beneficiaries_count", 0),
            cost=cost if isinstance(cost, Decimal) else None,
            status="done" if starts and starts <= date.today() else "planned",
        )
        try:
            activities.validated(session, data)
        except ValidationError as exc:
            _add_errors(row, exc.errors, column_of)
            continue
        row.values = ActivityValues(data)
        key = (normalize_for_search(data.title), starts)
        if existing[key] > 0:
            existing[key] -= 1
            row.action = SKIP


Planner = Callable[[Session, ImportPlan, dict[str, str]], None]
_PLANNERS: dict[Entry, Planner] = {
    Entry.PERSON: _plan_contacts,
    Entry.DONATION: _plan_donations,
    Entry.ACTIVITY: _plan_activities,
}
