"""Minors in the people lists: a column that marks them, and the rows that carry what says so.

Whether someone is a minor is read with the page of rows (the mark and the date of birth, one
query for a page of 100), and the cell is made from those two values: scrolling costs nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from assocdesk.i18n import N_
from assocdesk.models.contact import is_under_age
from assocdesk.services import contacts
from assocdesk.services.contacts import age_on
from assocdesk.text.ages import age_text
from ui.models.record_table import Column

MINOR_MARK = "✓"


def minor_cell(is_minor: bool, born: date | None, today: date) -> str:
    """ "✓ 12 ans" for a minor by date of birth, "✓" for one only marked; empty for an adult."""
    by_age = is_under_age(born, today)
    if not (is_minor or by_age):
        return ""
    if born is None or born > today:
        return MINOR_MARK
    return f"{MINOR_MARK} {age_text(age_on(born, today))}"


def minor_column(today: Callable[[], date] = date.today) -> Column:
    """Who is a minor today, by the mark or the date of birth (rows carry both)."""
    return Column(
        "minor",
        N_("Minor"),
        lambda r: minor_cell(r.is_minor, r.date_of_birth, today()),
        sortable=False,
        fits=f"{MINOR_MARK} 17 ans",
    )


@dataclass(frozen=True)
class WithProtection:
    """A member's or volunteer's list row, with what says whether they are a minor (their
    services' rows do not carry it: read here for the page, in one query)."""

    row: Any
    is_minor: bool
    date_of_birth: date | None

    def __getattr__(self, name: str) -> Any:
        if name == "row":  # not set yet (a copy being made): no endless lookup
            raise AttributeError(name)
        return getattr(self.row, name)


def with_protection(session: Session, rows: list[Any]) -> list[Any]:
    """Rows that have a ``contact_id``, each with its contact's mark and date of birth."""
    found = contacts.protection_of(session, [r.contact_id for r in rows])
    unknown = contacts.Protection(False, None)
    wrapped = []
    for row in rows:
        protection = found.get(row.contact_id, unknown)
        wrapped.append(WithProtection(row, protection.is_minor, protection.date_of_birth))
    return wrapped
