"""Suggest volunteers for an activity, and say why each one is suggested.

For each volunteer not yet on the activity the suggestion says whether they have a skill a
missing role needs, whether they are free on that day at that time of day (their weekly
availability), whether they prefer this type of activity, and whether they are already booked
on another activity at the same time. Someone booked elsewhere is listed last and cannot be
assigned: a person is never on two activities at once (activities.assign refuses it too).

Ranking, best first: can be assigned; fills a missing role; free for the whole activity (then
partly free); prefers this type; fewer hours already given this year (share the load); name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, selectinload

from assocdesk.i18n import _, list_separator
from assocdesk.labels import label
from assocdesk.models import Contact, VolunteerAssignment, VolunteerProfile
from assocdesk.services import activities, contacts, hours, schedule, volunteers
from assocdesk.services.errors import NotFound, ValidationError

# Kinds of reason, as the JSON output names them.
SKILL, AVAILABLE, PREFERS, BOOKED = "skill", "available", "prefers", "booked"


@dataclass(frozen=True)
class RoleNeed:
    skill_id: int
    skill: str
    needed: int
    assigned: int

    @property
    def missing(self) -> int:
        return max(self.needed - self.assigned, 0)


@dataclass(frozen=True)
class Reason:
    kind: str
    ok: bool
    text: str

    def __str__(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.text}"


@dataclass(frozen=True)
class Suggestion:
    contact_id: int
    profile_id: int
    name: str
    phone: str
    skill_id: int | None  # the missing role they would fill
    skill: str
    availability: str  # "full", "partial" or "none"
    booked_on: tuple[str, ...]  # titles of activities at the same time
    hours_this_year: float
    reasons: tuple[Reason, ...]

    @property
    def assignable(self) -> bool:
        return not self.booked_on

    def explanation(self) -> str:
        return " · ".join(str(reason) for reason in self.reasons)

    def to_json(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "role": self.skill or None,
            "assignable": self.assignable,
            "availability": self.availability,
            "booked_on": list(self.booked_on),
            "hours_this_year": self.hours_this_year,
            "reasons": [{"kind": r.kind, "ok": r.ok, "text": r.text} for r in self.reasons],
        }


def roles_status(session: Session, activity_id: int) -> list[RoleNeed]:
    """Each role the activity needs, with how many volunteers already fill it."""
    activity = activities.get(session, activity_id)
    filled: dict[int, int] = {}
    for skill_id in session.scalars(
        select(VolunteerAssignment.skill_id).where(
            VolunteerAssignment.activity_id == activity_id,
            VolunteerAssignment.skill_id.is_not(None),
        )
    ):
        filled[skill_id] = filled.get(skill_id, 0) + 1
    return [
        RoleNeed(role.skill_id, role.skill.name, role.count, filled.get(role.skill_id, 0))
        for role in activity.roles
    ]


def _plain(text: str) -> str:
    return text


def missing_summary(needs: list[RoleNeed], mark: Callable[[str], str] = _plain) -> str:
    """ "cooking × 1, driving × 2" for the roles still missing ("" when none is).

    ``mark`` wraps each name (the app isolates them, so a Latin skill in an Arabic line keeps
    its place); the command line prints them as they are."""
    return list_separator().join(
        _("{skill} × {count}").format(skill=mark(need.skill), count=need.missing)
        for need in needs
        if need.missing
    )


def _when(slots: frozenset[tuple[int, int]]) -> str:
    """ "Saturday morning" style words for the slots an activity covers."""
    parts = [
        _("{day} {slot}").format(
            day=_(volunteers.DAYS[day]), slot=_(volunteers.SLOTS[slot]).lower()
        )
        for day, slot in sorted(slots)
    ]
    return list_separator().join(parts[:3]) + ("…" if len(parts) > 3 else "")


def suggest(
    session: Session,
    activity_id: int,
    limit: int | None = 50,
    mark: Callable[[str], str] = _plain,
) -> list[Suggestion]:
    """Volunteers for ``activity_id``, best first, each with its reasons (names in them
    wrapped by ``mark``, see missing_summary)."""
    activity = activities.get(session, activity_id)
    needs = [need for need in roles_status(session, activity_id) if need.missing]
    needs.sort(key=lambda need: -need.missing)
    on_it = set(
        session.scalars(
            select(VolunteerAssignment.contact_id).where(
                VolunteerAssignment.activity_id == activity_id
            )
        )
    )
    profiles = [
        p
        for p in session.scalars(
            select(VolunteerProfile)
            .join(VolunteerProfile.contact)
            .where(Contact.archived_at.is_(None), Contact.erased_at.is_(None))
            .options(
                contains_eager(VolunteerProfile.contact), selectinload(VolunteerProfile.skills)
            )
        ).unique()
        if p.contact_id not in on_it
    ]
    ids = [p.contact_id for p in profiles]
    booked = schedule.overlapping_bookings(
        session, ids, activity.starts_at, activity.ends_at, activity.id
    )
    minutes = hours.minutes_in_year(session, ids, activity.starts_at.year)
    wanted = schedule.slots_of(activity.starts_at, activity.ends_at)
    when = _when(wanted)
    type_name = label("activity_type", activity.type)
    scored: list[tuple[tuple, Suggestion]] = []
    for profile in profiles:
        reasons: list[Reason] = []
        own = {skill.id for skill in profile.skills}
        need = next((n for n in needs if n.skill_id in own), None)
        if needs:
            if need is not None:
                reasons.append(Reason(SKILL, True, mark(need.skill)))
            else:
                missing = list_separator().join(mark(n.skill) for n in needs)
                reasons.append(Reason(SKILL, False, _("not {skills}").format(skills=missing)))
        free = volunteers.Availability.from_bits(profile.availability).slots & wanted
        level = "full" if free == wanted else "partial" if free else "none"
        availability_text = {
            "full": _("free {when}").format(when=when),
            "partial": _("partly free {when}").format(when=when),
            "none": _("not free {when}").format(when=when),
        }[level]
        reasons.append(Reason(AVAILABLE, level == "full", availability_text))
        prefers = activity.type in volunteers.preferred_types_of(profile)
        if prefers:
            reasons.append(Reason(PREFERS, True, _("likes {type}").format(type=mark(type_name))))
        clashes = tuple(a.title for a in booked.get(profile.contact_id, []))
        if clashes:
            reasons.append(
                Reason(BOOKED, False, _("already on “{title}”").format(title=mark(clashes[0])))
            )
        given = minutes.get(profile.contact_id, 0)
        name = contacts.display_name(profile.contact)
        suggestion = Suggestion(
            profile.contact_id,
            profile.id,
            name,
            profile.contact.phone,
            need.skill_id if need else None,
            need.skill if need else "",
            level,
            clashes,
            hours.as_hours(given),
            tuple(reasons),
        )
        rank = (
            bool(clashes),
            need is None,
            {"full": 0, "partial": 1, "none": 2}[level],
            not prefers,
            given,
            name.casefold(),
        )
        scored.append((rank, suggestion))
    scored.sort(key=lambda pair: pair[0])
    ranked = [suggestion for _rank, suggestion in scored]
    return ranked if limit is None else ranked[:limit]


def assign_suggested(
    session: Session, activity_id: int, contact_id: int, skill_id: int | None
) -> VolunteerAssignment:
    """One click on a suggestion: the volunteer is put on the activity in that role."""
    activity = activities.get(session, activity_id)
    if (
        session.scalar(select(VolunteerProfile.id).where(VolunteerProfile.contact_id == contact_id))
        is None
    ):
        raise NotFound(_("There is no volunteer with contact number {id}.").format(id=contact_id))
    role = ""
    if skill_id is not None:
        role = next((r.skill.name for r in activity.roles if r.skill_id == skill_id), "")
        if not role:
            raise ValidationError("skill_id", _("This activity does not need this skill any more."))
    existing = session.scalar(
        select(VolunteerAssignment).where(
            VolunteerAssignment.activity_id == activity_id,
            VolunteerAssignment.contact_id == contact_id,
        )
    )
    if existing is not None:
        raise ValidationError(
            "contact_id",
            _("{name} is already on this activity.").format(
                name=contacts.display_name(existing.contact)
            ),
        )
    return activities.assign(
        session, activity_id, contact_id, role, 0, attended=False, skill_id=skill_id
    )
