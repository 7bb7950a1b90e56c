"""The import plan's types: what each row of a file will become, before anything is written.

A row keeps its cells as read (``read``: by field key, what a row with problems shows) and, once
checked, one frozen value per kind of record (``values``): :class:`ContactValues`,
:class:`DonationValues` or :class:`ActivityValues`. The columns inside them are the services'
own checked values (``contacts.validate``, ``donations.validated``), stored as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from operator import attrgetter, countOf
from typing import Any

from assocdesk.errors import UserError
from assocdesk.i18n import _
from assocdesk.services.activities import ActivityInput
from assocdesk.spreadsheets.cells import RowError
from assocdesk.spreadsheets.kinds import ImportKind

# A contact's or a donation's columns, as the services' validation returns them.
Columns = Mapping[str, Any]


class Action(StrEnum):
    CREATE = "create"
    MERGE = "merge"  # into a known contact, or an earlier row of the same file
    SKIP = "skip"  # already there: re-importing a file creates nothing twice
    BAD = "bad"  # has problems: not imported


CREATE, MERGE, SKIP, BAD = Action.CREATE, Action.MERGE, Action.SKIP, Action.BAD


@dataclass(frozen=True)
class MembershipPart:
    number: str  # "" : the next free number, given when the row is written
    category: str
    joined_on: date | None  # None: the day of the import


@dataclass(frozen=True)
class VolunteerPart:
    skills: tuple[str, ...]
    since: date | None


@dataclass(frozen=True)
class ContactValues:
    """A person (contacts, members, volunteers): the contact, and what comes with them."""

    contact: Columns
    membership: MembershipPart | None = None
    volunteer: VolunteerPart | None = None
    # For someone already recorded: what the row adds to their record (empty details only,
    # and the protections of protection.py).
    fill: Columns = field(default_factory=dict)


@dataclass(frozen=True)
class DonationValues:
    gift: Columns  # the donation's columns, without its receipt number and campaign
    contact: Columns | None  # None: an anonymous gift
    campaign: str  # its name ("" for none), created on import when new

    @property
    def donated_on(self) -> date:
        return self.gift["donated_on"]

    @property
    def amount_minor(self) -> int:
        return self.gift["amount_minor"]

    @property
    def currency(self) -> str:
        return self.gift["currency"]

    @property
    def method(self) -> str:
        return self.gift["method"]


@dataclass(frozen=True)
class ActivityValues:
    activity: ActivityInput


RowValues = ContactValues | DonationValues | ActivityValues
_ACTION = attrgetter("action")


@dataclass(slots=True)
class PlannedRow:
    line: int
    read: dict[str, Any]  # the row's cells as read, by field key
    errors: list[RowError] = field(default_factory=list)
    action: Action = CREATE
    values: RowValues | None = None  # None until checked, and for a bad row
    # The existing contact it merges into (id) or the earlier row of the same file (position).
    match_id: int | None = None
    match_row: int | None = None
    match_name: str = ""
    position: int = 0  # index in ImportPlan.rows

    @property
    def written(self) -> bool:
        return self.action is CREATE or self.action is MERGE


@dataclass
class ImportPlan:
    kind: ImportKind
    header: list[str]
    mapping: list[str | None]
    currency: str
    rows: list[PlannedRow]

    def count(self, action: Action) -> int:
        # Counted in C (no Python loop): a 200 000-row import counts its rows five times.
        return countOf(map(_ACTION, self.rows), action)

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def importable(self) -> int:
        return self.count(CREATE) + self.count(MERGE)


class MappingProblem(UserError, ValueError):
    """The mapping cannot work (no name column …); the message is translated."""


def check_mapping(kind: str, mapping: Sequence[str | None]) -> None:
    """Refuse a mapping without the columns every record needs (before reading any row)."""
    rules = ImportKind(kind).rules
    keys = set(mapping) - {None}
    if rules.names and not keys & rules.names:
        raise MappingProblem(_("Choose the column that holds the names."))
    for key, message in rules.needed:
        if key not in keys:
            raise MappingProblem(_(message))
