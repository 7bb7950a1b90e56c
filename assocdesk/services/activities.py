"""Activities: what the association did or will do, for whom, with which volunteers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from assocdesk.i18n import _
from assocdesk.models import (
    Activity,
    ActivityBeneficiaryGroup,
    ActivityPhoto,
    ActivityRole,
    ActivityStatus,
    ActivityType,
    BeneficiaryGroup,
    Campaign,
    Contact,
    Skill,
    VolunteerAssignment,
)
from assocdesk.services import conflicts, contacts, schedule, skills, versions
from assocdesk.services.audit import add_event, record_event, snapshot
from assocdesk.services.common import (
    ListQuery,
    Page,
    amount_field,
    currency_field,
    date_field,
    end_not_before_start,
    id_list,
    in_id_order,
    page_of,
    text_field,
)
from assocdesk.services.errors import Errors, NotFound, ValidationError
from assocdesk.text import normalize_for_search

MAX_BENEFICIARIES = 10_000_000
MAX_ROLE_COUNT = 500  # volunteers one role may need
MAX_MINUTES = 24 * 60 * 31


@dataclass
class ActivityInput:
    title: str
    starts_at: datetime | None
    currency: str
    ends_at: datetime | None = None
    type: str = ActivityType.OTHER
    place: str = ""
    description: str = ""
    beneficiaries_count: int = 0
    beneficiary_groups: dict[str, int] = field(default_factory=dict)
    cost: str | Decimal | None = None
    campaign_id: int | None = None
    status: str = ActivityStatus.PLANNED
    hashtags: str = ""
    # The roles it needs: skill name → how many volunteers ("cooking": 2).
    roles: dict[str, int] = field(default_factory=dict)
    # The activity's version the form opened on (None: a new one, or no form): a save over an
    # activity someone changed meanwhile is refused (services.conflicts).
    version: int | None = None


@dataclass(frozen=True)
class ActivityRow:
    id: int
    title: str
    type: str
    starts_at: datetime
    place: str
    status: str
    beneficiaries_count: int
    volunteers: int
    archived: bool
    photos: int


@dataclass(frozen=True)
class ActivityDetails:
    """An activity as its form shows it: ``values`` to edit and send back (the cost as stored,
    in minor units beside it, for the form to write in its locale), and its campaign's name."""

    id: int
    values: ActivityInput
    cost_minor: int | None
    campaign_name: str | None


def _is_count(value: object) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_BENEFICIARIES
    )


def normalize_hashtags(text: str) -> str:
    """ "#Ramadan, solidarité" → "#Ramadan #solidarité": one # per tag, no duplicates."""
    tags: list[str] = []
    seen: set[str] = set()
    for raw in text.replace(",", " ").replace("،", " ").split():
        tag = "#" + raw.lstrip("#")
        if len(tag) > 1 and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return " ".join(tags)


def _validated(session: Session, data: ActivityInput) -> dict[str, object]:
    errors = Errors()
    title = text_field(errors, "title", data.title, max_length=200, required=True)
    place = text_field(errors, "place", data.place, max_length=200)
    description = text_field(
        errors, "description", data.description, max_length=10000, multiline=True
    )
    hashtags = normalize_hashtags(text_field(errors, "hashtags", data.hashtags, max_length=500))
    currency = currency_field(errors, "currency", data.currency)
    cost = amount_field(errors, "cost", data.cost, currency, required=False)
    starts_at = date_field(errors, "starts_at", data.starts_at, required=True, with_time=True)
    ends_at = date_field(errors, "ends_at", data.ends_at, with_time=True)
    end_not_before_start(errors, "ends_at", starts_at, ends_at)
    if data.type not in tuple(ActivityType):
        errors.add("type", _("Choose the type of activity."))
    if data.status not in tuple(ActivityStatus):
        errors.add("status", _("Choose the status of the activity."))
    if not _is_count(data.beneficiaries_count):
        errors.add("beneficiaries_count", _("Enter a number of people from 0 up."))
    groups = {k: v for k, v in data.beneficiary_groups.items() if v}
    if any(k not in tuple(BeneficiaryGroup) or not _is_count(v) for k, v in groups.items()):
        errors.add("beneficiary_groups", _("Enter a number of people from 0 up."))
    if data.campaign_id is not None and session.get(Campaign, data.campaign_id) is None:
        errors.add("campaign_id", _("This campaign does not exist any more."))
    roles = _validated_roles(session, data.roles, errors)
    errors.raise_if_any()
    return {
        "title": title,
        "place": place,
        "description": description,
        "hashtags": hashtags,
        "currency": currency,
        "cost_minor": cost,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "type": data.type,
        "status": data.status,
        "beneficiaries_count": data.beneficiaries_count,
        "campaign_id": data.campaign_id,
        "search_text": normalize_for_search(f"{title} {place}"),
        "_groups": groups,
        "_roles": roles,
    }


def _validated_roles(
    session: Session, wanted: dict[str, int], errors: Errors
) -> list[tuple[Skill, int]]:
    """(skill, count) pairs; one skill typed twice in other spellings is one role, counts added."""
    if any(
        not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_ROLE_COUNT
        for n in wanted.values()
    ):
        errors.add(
            "roles",
            _("Enter how many volunteers each role needs, from 1 to {most}.").format(
                most=MAX_ROLE_COUNT
            ),
        )
        return []
    counts: dict[str, int] = {}
    for name, number in wanted.items():
        key = skills.key_of(name)
        counts[key] = counts.get(key, 0) + number
    found = skills.find_or_new(session, wanted, errors, "roles")
    return [(skill, min(counts[skill.search_text], MAX_ROLE_COUNT)) for skill in found]


def _apply(activity: Activity, values: dict[str, object]) -> None:
    groups: dict[str, int] = values.pop("_groups")  # type: ignore[assignment]
    roles: list[tuple[Skill, int]] = values.pop("_roles")  # type: ignore[assignment]
    for key, value in values.items():
        setattr(activity, key, value)
    kept = {role.skill.search_text: role for role in activity.roles}
    wanted = {skill.search_text for skill, _count in roles}
    for key, role in kept.items():
        if key not in wanted:
            activity.roles.remove(role)
    for skill, number in roles:
        if skill.search_text in kept:
            kept[skill.search_text].count = number
        else:
            activity.roles.append(ActivityRole(skill=skill, count=number))
    existing = {g.group_code: g for g in activity.beneficiary_groups}
    for code, group in existing.items():
        if code not in groups:
            activity.beneficiary_groups.remove(group)
    for code, number in groups.items():
        if code in existing:
            existing[code].count = number
        else:
            activity.beneficiary_groups.append(
                ActivityBeneficiaryGroup(group_code=code, count=number)
            )


def create(session: Session, data: ActivityInput) -> Activity:
    activity = Activity()
    _apply(activity, _validated(session, data))
    session.add(activity)
    record_event(session, "create", activity)
    return activity


def get(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound(_("There is no activity number {id}.").format(id=activity_id))
    return activity


def details(session: Session, activity_id: int) -> ActivityDetails:
    """The activity's form values, its roles and beneficiary groups; NotFound if it is gone."""
    a = session.scalar(
        select(Activity)
        .where(Activity.id == activity_id)
        .options(joinedload(Activity.campaign), selectinload(Activity.beneficiary_groups))
        .options(selectinload(Activity.roles).joinedload(ActivityRole.skill))
    )
    if a is None:
        raise NotFound(_("There is no activity number {id}.").format(id=activity_id))
    groups = {group.group_code: group.count for group in a.beneficiary_groups}
    values = ActivityInput(
        a.title, a.starts_at, a.currency, a.ends_at, a.type, a.place, a.description,
        a.beneficiaries_count, groups, None, a.campaign_id, a.status, a.hashtags,
        {role.skill.name: role.count for role in a.roles}, a.version,
    )  # fmt: skip
    return ActivityDetails(a.id, values, a.cost_minor, a.campaign.name if a.campaign else None)


def update(session: Session, activity_id: int, data: ActivityInput) -> Activity:
    activity = get(session, activity_id)
    conflicts.check_version(session, activity, data.version, "activities")
    values = _validated(session, data)
    before = snapshot(activity)
    _apply(activity, values)
    versions.follow_linked_rows(session, activity, before)  # its roles or groups alone
    record_event(session, "update", activity, before)
    return activity


def set_archived(session: Session, activity_id: int, archived: bool = True) -> Activity:
    activity = get(session, activity_id)
    if (activity.archived_at is not None) == archived:
        return activity  # already so: no new date, no audit event
    before = snapshot(activity)
    activity.archived_at = datetime.now(UTC) if archived else None
    record_event(session, "archive" if archived else "restore", activity, before)
    return activity


def assign(
    session: Session,
    activity_id: int,
    contact_id: int,
    role: str = "",
    minutes: int = 0,
    *,
    attended: bool | None = None,
    skill_id: int | None = None,
) -> VolunteerAssignment:
    """Put a volunteer on an activity (or change their role and time if already on it).

    ``attended`` None means "came if they gave time". A person is never put on two activities
    at the same time (see services.schedule): the second is refused with the first's title.
    """
    activity = get(session, activity_id)
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(_("There is no contact number {id}.").format(id=contact_id))
    if skill_id is not None:
        skills.get(session, skill_id)
    errors = Errors()
    role = text_field(errors, "role", role, max_length=80)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_MINUTES:
        errors.add("minutes", _("Enter a time from 0 hours up."))
    errors.raise_if_any()
    assignment = session.scalar(
        select(VolunteerAssignment).where(
            VolunteerAssignment.activity_id == activity_id,
            VolunteerAssignment.contact_id == contact_id,
        )
    )
    before = snapshot(assignment) if assignment else None
    if assignment is None:
        _refuse_double_booking(session, activity, contact)
        assignment = VolunteerAssignment(activity_id=activity_id, contact_id=contact_id)
        session.add(assignment)
    assignment.role, assignment.minutes = role, minutes
    assignment.attended = minutes > 0 if attended is None else attended
    if skill_id is not None or before is None:
        assignment.skill_id = skill_id
    record_event(session, "update" if before else "create", assignment, before)
    return assignment


def _photo_count() -> ScalarSelect[int]:
    return (
        select(func.count(ActivityPhoto.id))
        .where(ActivityPhoto.activity_id == Activity.id)
        .scalar_subquery()
    )


def _refuse_double_booking(session: Session, activity: Activity, contact: Contact) -> None:
    if activity.status == ActivityStatus.CANCELLED:
        return
    booked = schedule.overlapping_bookings(
        session, [contact.id], activity.starts_at, activity.ends_at, activity.id
    ).get(contact.id)
    if booked:
        raise ValidationError(
            "contact_id",
            _("{name} is already on “{title}” at that time.").format(
                name=contacts.display_name(contact), title=booked[0].title
            ),
        )


def unassign(session: Session, activity_id: int, contact_id: int) -> None:
    """Take a volunteer off an activity (the audit trail keeps that they were on it)."""
    assignment = session.scalar(
        select(VolunteerAssignment).where(
            VolunteerAssignment.activity_id == activity_id,
            VolunteerAssignment.contact_id == contact_id,
        )
    )
    if assignment is None:
        raise NotFound(_("This volunteer is not on this activity."))
    before = snapshot(assignment)
    session.delete(assignment)
    session.flush()
    add_event(session, "delete", assignment, {"before": before, "after": None})


SORTS = {
    "title": Activity.search_text,
    "starts_at": Activity.starts_at,
    "type": Activity.type,
    "place": Activity.place,
    "status": Activity.status,
    "beneficiaries_count": Activity.beneficiaries_count,
    "photos": _photo_count(),
}


def ids(session: Session, query: ListQuery) -> Sequence[int]:
    statement = select(Activity.id)
    if not query.include_archived:
        statement = statement.where(Activity.archived_at.is_(None))
    for word in normalize_for_search(query.search).split():
        statement = statement.where(Activity.search_text.contains(word, autoescape=True))
    order = SORTS.get(query.sort, Activity.starts_at)
    descending = query.descending if query.sort else True
    return id_list(
        session, statement.order_by(order.desc() if descending else order.asc(), Activity.id)
    )


def rows(session: Session, activity_ids: Sequence[int]) -> list[ActivityRow]:
    if not activity_ids:
        return []
    helpers = dict(
        session.execute(
            select(VolunteerAssignment.activity_id, func.count())
            .where(VolunteerAssignment.activity_id.in_(activity_ids))
            .group_by(VolunteerAssignment.activity_id)
        ).all()
    )
    photo_counts = dict(
        session.execute(
            select(ActivityPhoto.activity_id, func.count())
            .where(ActivityPhoto.activity_id.in_(activity_ids))
            .group_by(ActivityPhoto.activity_id)
        ).all()
    )
    by_id = {
        a.id: ActivityRow(
            a.id,
            a.title,
            a.type,
            a.starts_at,
            a.place,
            a.status,
            a.beneficiaries_count,
            helpers.get(a.id, 0),
            a.archived_at is not None,
            photo_counts.get(a.id, 0),
        )
        for a in session.scalars(select(Activity).where(Activity.id.in_(activity_ids)))
    }
    return in_id_order(by_id, activity_ids)


def list_activities(
    session: Session, query: ListQuery = ListQuery(), offset: int = 0, limit: int = 100
) -> Page[ActivityRow]:
    return page_of(session, query, ids, rows, offset, limit)


def upcoming(session: Session, now: datetime | None = None, limit: int = 5) -> list[ActivityRow]:
    now = now or datetime.now()
    upcoming_ids = list(
        session.scalars(
            select(Activity.id)
            .where(
                Activity.starts_at >= now,
                Activity.archived_at.is_(None),
                Activity.status == ActivityStatus.PLANNED,
            )
            .order_by(Activity.starts_at)
            .limit(limit)
        )
    )
    return rows(session, upcoming_ids)


def count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Activity).where(Activity.archived_at.is_(None))
        )
        or 0
    )


def validated(session: Session, data: ActivityInput) -> dict[str, object]:
    """The checked values of ``data``, writing nothing (the import checks every row with it)."""
    return _validated(session, data)
