"""Volunteers: a contact plus skills (shared tags) and weekly availability."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from assocdesk.i18n import N_, _, list_separator, ngettext
from assocdesk.models import ActivityType, Contact, Skill, VolunteerProfile
from assocdesk.services import contacts, hours, skills, versions
from assocdesk.services.audit import record_event, snapshot
from assocdesk.services.common import (
    ListQuery,
    Page,
    date_field,
    id_list,
    in_id_order,
    page_of,
    too_long,
)
from assocdesk.services.errors import Errors, NotFound, ValidationError
from assocdesk.storage.sql_functions import by_code_point, ordered
from assocdesk.text import clean_single_line, normalize_for_search

MAX_LANGUAGES = 12

DAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
SLOTS = (N_("Morning"), N_("Afternoon"), N_("Evening"))
# Offered when typing a language; any other can be typed.
COMMON_LANGUAGES = (
    N_("Arabic"),
    N_("Darija"),
    N_("Tamazight"),
    N_("French"),
    N_("English"),
    N_("Spanish"),
    N_("Sign language"),
)
MAX_SKILLS = 30


@dataclass(frozen=True)
class Availability:
    """Free slots in a week as a set of (day, slot): day 0 = Monday, slot 0 = morning."""

    slots: frozenset[tuple[int, int]] = frozenset()

    @classmethod
    def from_bits(cls, bits: int) -> Availability:
        return cls(frozenset((i // 3, i % 3) for i in range(21) if bits >> i & 1))

    def to_bits(self) -> int:
        return sum(
            1 << (day * 3 + slot) for day, slot in self.slots if 0 <= day < 7 and 0 <= slot < 3
        )

    def summary(self) -> str:
        """Short text for a table cell: "Saturday, Sunday (morning)" style, translated."""
        days = sorted({day for day, _slot in self.slots})
        return list_separator().join(_(DAYS[day]) for day in days)


@dataclass
class VolunteerInput:
    contact: contacts.ContactInput
    skills: list[str] = field(default_factory=list)
    availability: Availability = field(default_factory=Availability)
    since: date | None = None
    languages: list[str] = field(default_factory=list)
    preferred_types: list[str] = field(default_factory=list)  # ActivityType codes
    # The profile's version the form opened on (the person's is ``contact.version``); None: a
    # new volunteer, or no form, nothing checked (services.versions).
    version: int | None = None


@dataclass(frozen=True)
class VolunteerRow:
    id: int  # profile id
    contact_id: int
    name: str
    phone: str
    skills: str
    availability: str
    since: date | None
    hours: float  # attended hours of the year asked for (this year in the list)
    archived: bool


@dataclass(frozen=True)
class VolunteerDetails:
    """A volunteer as the form shows it, with their attended hours by year."""

    id: int  # profile id
    contact: contacts.ContactDetails
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    availability: Availability
    preferred_types: tuple[str, ...]  # ActivityType codes
    since: date | None
    hours_by_year: tuple[hours.YearHours, ...]
    version: int | None = None  # the profile's; the person's is in ``contact.values``

    @property
    def contact_id(self) -> int:
        return self.contact.id


def _skills(session: Session, names: Iterable[str], errors: Errors) -> list[Skill]:
    found = skills.find_or_new(session, names, errors)
    if len(found) > MAX_SKILLS:
        errors.add(
            "skills",
            ngettext("At most {count} skill.", "At most {count} skills.", MAX_SKILLS).format(
                count=MAX_SKILLS
            ),
        )
    return found


def _languages(names: Iterable[str], errors: Errors) -> str:
    """One language per line, each once whatever its spelling, in the order typed."""
    kept: dict[str, str] = {}
    for raw in names:
        name = clean_single_line(raw)
        key = normalize_for_search(name)
        if not key or key in kept:
            continue
        if len(name) > 40:
            errors.add("languages", too_long(40))
        kept[key] = name
    if len(kept) > MAX_LANGUAGES:
        errors.add(
            "languages",
            ngettext(
                "At most {count} language.", "At most {count} languages.", MAX_LANGUAGES
            ).format(count=MAX_LANGUAGES),
        )
    return "\n".join(kept.values())


def _preferred_types(codes: Iterable[str], errors: Errors) -> str:
    chosen = list(dict.fromkeys(codes))
    if any(code not in tuple(ActivityType) for code in chosen):
        errors.add("preferred_types", _("Choose the type of activity."))
    return " ".join(code for code in ActivityType if code in chosen)


def languages_of(profile: VolunteerProfile) -> list[str]:
    return [line for line in profile.languages.split("\n") if line]


def preferred_types_of(profile: VolunteerProfile) -> list[str]:
    return profile.preferred_types.split()


def _validated(session: Session, data: VolunteerInput) -> tuple[dict, list[Skill]]:
    errors = Errors()
    contact_values = contacts.validate(data.contact, errors)
    contact_values["_since"] = date_field(errors, "since", data.since)
    contact_values["_languages"] = _languages(data.languages, errors)
    contact_values["_preferred_types"] = _preferred_types(data.preferred_types, errors)
    with session.no_autoflush:
        found = _skills(session, data.skills, errors)
    errors.raise_if_any()
    return contact_values, found


def create(
    session: Session, data: VolunteerInput, contact_id: int | None = None
) -> VolunteerProfile:
    contact_values, found = _validated(session, data)
    since = contact_values.pop("_since")
    languages = contact_values.pop("_languages")
    preferred_types = contact_values.pop("_preferred_types")
    if contact_id is None:
        contact = Contact()
        contacts.apply(contact, contact_values)
        session.add(contact)
        record_event(session, "create", contact)
    else:
        contact = contacts.get(session, contact_id)
        if session.scalar(
            select(VolunteerProfile.id).where(VolunteerProfile.contact_id == contact_id)
        ):
            raise ValidationError("name", _("This contact is already a volunteer."))
    profile = VolunteerProfile(
        contact=contact,
        availability=data.availability.to_bits(),
        since=since,
        skills=found,
        languages=languages,
        preferred_types=preferred_types,
    )
    session.add(profile)
    record_event(session, "create", profile)
    return profile


def get(session: Session, profile_id: int) -> VolunteerProfile:
    profile = session.get(VolunteerProfile, profile_id)
    if profile is None:
        raise NotFound(_("There is no volunteer number {id}.").format(id=profile_id))
    return profile


def details(session: Session, profile_id: int) -> VolunteerDetails:
    """The volunteer's form values and hours; NotFound if the profile is gone."""
    profile = session.scalar(
        select(VolunteerProfile)
        .where(VolunteerProfile.id == profile_id)
        .options(joinedload(VolunteerProfile.contact), selectinload(VolunteerProfile.skills))
    )
    if profile is None:
        raise NotFound(_("There is no volunteer number {id}.").format(id=profile_id))
    return VolunteerDetails(
        profile.id,
        contacts.details_of(profile.contact),
        tuple(skill.name for skill in profile.skills),
        tuple(languages_of(profile)),
        Availability.from_bits(profile.availability),
        tuple(preferred_types_of(profile)),
        profile.since,
        tuple(hours.hours_by_year(session, profile.contact_id)),
        profile.version,
    )


def contact_id_of(session: Session, profile_id: int) -> int:
    """The volunteer's contact (for the actions on the person); NotFound if it is gone."""
    statement = select(VolunteerProfile.contact_id).where(VolunteerProfile.id == profile_id)
    found = session.scalar(statement)
    if found is None:
        raise NotFound(_("There is no volunteer number {id}.").format(id=profile_id))
    return found


def update(session: Session, profile_id: int, data: VolunteerInput) -> VolunteerProfile:
    profile = get(session, profile_id)
    contacts.ensure_not_erased(profile.contact)
    versions.check_all(
        session,
        [
            (profile, data.version, "volunteer_profiles"),
            (profile.contact, data.contact.version, "contacts"),
        ],
    )
    contact_values, found = _validated(session, data)
    since = contact_values.pop("_since")
    languages = contact_values.pop("_languages")
    preferred_types = contact_values.pop("_preferred_types")
    before_contact, before = snapshot(profile.contact), snapshot(profile)
    contacts.apply(profile.contact, contact_values)
    profile.availability = data.availability.to_bits()
    profile.since = since
    profile.skills = found
    profile.languages = languages
    profile.preferred_types = preferred_types
    versions.follow_linked_rows(session, profile, before)  # the skills alone
    record_event(session, "update", profile.contact, before_contact)
    record_event(session, "update", profile, before)
    return profile


def set_archived(session: Session, profile_id: int, archived: bool = True) -> VolunteerProfile:
    profile = get(session, profile_id)
    contacts.set_archived(session, profile.contact_id, archived)
    return profile


def known_languages(session: Session) -> list[str]:
    """Languages some volunteer already speaks, as typed (for suggestions)."""
    found: dict[str, str] = {}
    for text in session.scalars(select(VolunteerProfile.languages).distinct()):
        for name in text.split("\n"):
            if name:
                found.setdefault(normalize_for_search(name), name)
    return list(found.values())


def all_skills(session: Session) -> list[str]:
    return list(session.scalars(select(Skill.name).order_by(by_code_point(Skill.search_text))))


# Texts in code point order on both databases, whatever the server's collation (by_code_point).
SORTS = {
    "name": by_code_point(Contact.search_text),
    "phone": by_code_point(Contact.phone),
    "since": VolunteerProfile.since,
}


def ids(session: Session, query: ListQuery) -> Sequence[int]:
    statement = contacts.filtered(select(VolunteerProfile.id).join(VolunteerProfile.contact), query)
    order = SORTS.get(query.sort, SORTS["name"])
    order_by = [ordered(order, query.descending), VolunteerProfile.id]  # "since" may be empty
    return id_list(session, statement.order_by(*order_by))


def rows(
    session: Session, profile_ids: Sequence[int], year: int | None = None
) -> list[VolunteerRow]:
    """Rows of the list; ``hours`` are those attended in ``year`` (default: this year)."""
    if not profile_ids:
        return []
    profiles = session.scalars(
        select(VolunteerProfile)
        .where(VolunteerProfile.id.in_(profile_ids))
        .options(joinedload(VolunteerProfile.contact), selectinload(VolunteerProfile.skills))
    ).unique()
    profiles = list(profiles)
    minutes = hours.minutes_in_year(
        session, [p.contact_id for p in profiles], year or date.today().year
    )
    by_id = {
        p.id: VolunteerRow(
            p.id,
            p.contact_id,
            contacts.display_name(p.contact),
            p.contact.phone,
            list_separator().join(s.name for s in p.skills),
            Availability.from_bits(p.availability).summary(),
            p.since,
            hours.as_hours(minutes.get(p.contact_id, 0)),
            p.contact.archived,
        )
        for p in profiles
    }
    return in_id_order(by_id, profile_ids)


def list_volunteers(
    session: Session, query: ListQuery = ListQuery(), offset: int = 0, limit: int = 100
) -> Page[VolunteerRow]:
    return page_of(session, query, ids, rows, offset, limit)


def count(session: Session) -> int:
    statement = (
        select(func.count())
        .select_from(VolunteerProfile)
        .join(VolunteerProfile.contact)
        .where(Contact.archived_at.is_(None))
    )
    return session.scalar(statement) or 0
