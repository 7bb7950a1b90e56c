"""What a file says about protecting someone already recorded: minors and consents.

A row about a known person completes their record as other details do (a date of birth only
where none is known), but these fields lean towards protection rather than towards the file:
a "minor" ticked in the file marks them, an unticked one never clears the mark; a consent ticked
in the file is taken only from someone who never gave nor withdrew it, and a "no" typed in the
file withdraws a consent the record holds (in doubt, the person is protected). An empty cell
says nothing either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.models import Contact
from assocdesk.services.contacts import CONSENT_DATES

FIELDS = ("date_of_birth", "is_minor", *CONSENT_DATES)
CHUNK = 900  # ids per query, under SQLite's limit of bound parameters


def current_values(session: Session, contact_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The protection fields (and when each consent was decided) of these contacts."""
    ids = sorted(set(contact_ids))
    names = [*FIELDS, *CONSENT_DATES.values()]
    columns = [getattr(Contact, name) for name in names]
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for contact_id, *row in session.execute(
            select(Contact.id, *columns).where(Contact.id.in_(chunk))
        ):
            found[contact_id] = dict(zip(names, row, strict=True))
    return found


def fill_for(
    read: Sequence[str], cleaned: Mapping[str, Any], current: Mapping[str, Any]
) -> dict[str, Any]:
    """The changes a row brings to a known person; ``read``: the fields its cells filled."""
    fill: dict[str, Any] = {}
    if "date_of_birth" in read and cleaned["date_of_birth"] and not current["date_of_birth"]:
        fill["date_of_birth"] = cleaned["date_of_birth"]
    if "is_minor" in read and cleaned["is_minor"] and not current["is_minor"]:
        fill["is_minor"] = True
    for flag, dated in CONSENT_DATES.items():
        if flag not in read:
            continue
        if cleaned[flag] and not current[flag] and current[dated] is None:
            fill[flag] = True
        elif not cleaned[flag] and current[flag]:
            fill[flag] = False
    return fill
