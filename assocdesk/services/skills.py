"""Skills: the one shared tag list behind volunteers' skills and activities' roles.

A skill is found by its normalized spelling, so "Cuisine", "cuisine" and "كوزينة" typed twice
are one tag. It is managed in one place: renamed (every volunteer and role follows), merged
into another (two spellings of one skill become one), or deleted (taken off every volunteer
and activity that had it, after the person was told how many).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.models import ActivityRole, Skill, VolunteerAssignment, volunteer_skills
from assocdesk.services import conflicts
from assocdesk.services.audit import add_event
from assocdesk.services.common import too_long
from assocdesk.services.errors import Errors, NotFound, ValidationError
from assocdesk.storage.sql_functions import by_code_point
from assocdesk.text import clean_single_line, normalize_for_search

MAX_LENGTH = 80


@dataclass(frozen=True)
class SkillRow:
    id: int
    name: str
    volunteers: int  # how many volunteers have it
    activities: int  # how many activities need it
    version: int | None = None  # what a rename sends back: nobody renames over another's rename


def key_of(name: str) -> str:
    return normalize_for_search(clean_single_line(name))


def find_or_new(
    session: Session, names: Iterable[str], errors: Errors, field: str = "skills"
) -> list[Skill]:
    """The shared tags for ``names``, new ones made but not added to the session.

    A new tag is saved with the record that uses it, so a form that fails validation leaves no
    orphan skill behind.
    """
    found: dict[str, Skill] = {}
    for raw in names:
        name = clean_single_line(raw)
        key = normalize_for_search(name)
        if not key or key in found:
            continue
        if len(name) > MAX_LENGTH:
            errors.add(field, too_long(MAX_LENGTH))
            continue
        with session.no_autoflush:
            skill = session.scalar(select(Skill).where(Skill.search_text == key))
        found[key] = skill if skill is not None else Skill(name=name, search_text=key)
    return list(found.values())


def get(session: Session, skill_id: int) -> Skill:
    skill = session.get(Skill, skill_id)
    if skill is None:
        raise NotFound(_("There is no skill number {id}.").format(id=skill_id))
    return skill


def list_skills(session: Session) -> list[SkillRow]:
    """Every skill, alphabetical, with how much it is used (for the skills manager)."""
    volunteers = dict(
        session.execute(
            select(volunteer_skills.c.skill_id, func.count()).group_by(volunteer_skills.c.skill_id)
        ).all()
    )
    activities = dict(
        session.execute(
            select(ActivityRole.skill_id, func.count()).group_by(ActivityRole.skill_id)
        ).all()
    )
    return [
        SkillRow(s.id, s.name, volunteers.get(s.id, 0), activities.get(s.id, 0), s.version)
        for s in session.scalars(select(Skill).order_by(by_code_point(Skill.search_text)))
    ]


def rename(session: Session, skill_id: int, new_name: str, version: int | None = None) -> Skill:
    """Rename a skill everywhere. A name that is another skill's spelling is refused: merge.

    ``version``: the skill's as the list showed it; renamed by someone else since, the rename
    is refused (services.conflicts) rather than replacing their name unseen."""
    skill = get(session, skill_id)
    conflicts.check_version(session, skill, version, "skills")
    name = clean_single_line(new_name)
    key = normalize_for_search(name)
    if not key:
        raise ValidationError("name", _("Enter a name."))
    if len(name) > MAX_LENGTH:
        raise ValidationError("name", too_long(MAX_LENGTH))
    other = session.scalar(select(Skill).where(Skill.search_text == key, Skill.id != skill_id))
    if other is not None:
        raise ValidationError(
            "name",
            _("“{name}” already exists: merge the two skills instead.").format(name=other.name),
        )
    before = skill.name
    if before == name:
        return skill
    skill.name, skill.search_text = name, key
    _roles_follow(session, before, name)
    session.flush()  # the event keeps the version this rename gave the skill
    add_event(session, "update", skill, {"before": {"name": before}, "after": {"name": name}})
    return skill


def _roles_follow(session: Session, old_name: str, new_name: str) -> None:
    """Assignments show the role by name: one that named the old skill names the new one."""
    session.execute(
        update(VolunteerAssignment)
        .where(VolunteerAssignment.role == old_name)
        .values(role=new_name)
    )


def merge(session: Session, source_id: int, target_id: int) -> Skill:
    """Fold ``source`` into ``target``: its volunteers and roles move over, then it goes."""
    if source_id == target_id:
        raise ValidationError("target", _("Choose another skill to merge into."))
    source, target = get(session, source_id), get(session, target_id)
    session.flush()
    has_target = select(volunteer_skills.c.profile_id).where(
        volunteer_skills.c.skill_id == target_id
    )
    session.execute(
        update(volunteer_skills)
        .where(volunteer_skills.c.skill_id == source_id)
        .where(volunteer_skills.c.profile_id.not_in(has_target))
        .values(skill_id=target_id)
    )
    session.execute(delete(volunteer_skills).where(volunteer_skills.c.skill_id == source_id))
    for role in session.scalars(select(ActivityRole).where(ActivityRole.skill_id == source_id)):
        same = session.scalar(
            select(ActivityRole).where(
                ActivityRole.activity_id == role.activity_id, ActivityRole.skill_id == target_id
            )
        )
        if same is not None:  # both roles on one activity: one role, the larger need
            same.count = max(same.count, role.count)
            session.delete(role)
        else:
            role.skill_id = target_id
    session.execute(
        update(VolunteerAssignment)
        .where(VolunteerAssignment.skill_id == source_id)
        .values(skill_id=target_id)
    )
    _roles_follow(session, source.name, target.name)
    add_event(session, "update", target, {"before": {"merged": source.name}, "after": {}})
    session.flush()
    session.expire_all()
    session.delete(get(session, source_id))
    return get(session, target_id)


def delete_skill(session: Session, skill_id: int) -> None:
    """Delete a skill: taken off every volunteer, and every activity no longer needs it."""
    skill = get(session, skill_id)
    session.execute(delete(volunteer_skills).where(volunteer_skills.c.skill_id == skill_id))
    session.execute(delete(ActivityRole).where(ActivityRole.skill_id == skill_id))
    session.execute(
        update(VolunteerAssignment)
        .where(VolunteerAssignment.skill_id == skill_id)
        .values(skill_id=None)
    )
    add_event(session, "delete", skill, {"before": {"name": skill.name}, "after": None})
    session.flush()
    session.expire_all()
    session.delete(get(session, skill_id))
