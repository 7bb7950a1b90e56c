"""What a file can hold, and the one table that says how each kind is imported.

The words of :class:`ImportKind` are the CLI's (``assocdesk-cli import donations …``) and the
remembered mappings' (``import_mappings.kind``): they are part of the file format and of the
command line, and must not change. Everything that depends on the kind reads :data:`RULES`
(planning, writing, the preview) instead of comparing words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assocdesk.i18n import N_


class ImportKind(StrEnum):
    CONTACTS = "contacts"
    MEMBERS = "members"
    VOLUNTEERS = "volunteers"
    DONATIONS = "donations"
    ACTIVITIES = "activities"

    @property
    def rules(self) -> KindRules:
        return RULES[self]


class Entry(StrEnum):
    """What one row of the file becomes."""

    PERSON = "person"  # a contact, perhaps with a membership and a volunteer profile
    DONATION = "donation"  # a donation, perhaps with its donor (a contact)
    ACTIVITY = "activity"


@dataclass(frozen=True)
class KindRules:
    label: str  # an N_() message
    entry: Entry
    # Columns a mapping must have: any one of ``names`` (if given), and each of ``needed``
    # (field key, the N_() message that asks for it).
    names: frozenset[str]
    needed: tuple[tuple[str, str], ...] = ()
    member: bool = False  # every row is a member (a membership column or not)
    volunteer: bool = False  # every row is a volunteer


NAME_KEYS = frozenset({"name", "first_name", "last_name"})

RULES: dict[ImportKind, KindRules] = {
    ImportKind.CONTACTS: KindRules(N_("Contacts"), Entry.PERSON, NAME_KEYS),
    ImportKind.MEMBERS: KindRules(N_("Members"), Entry.PERSON, NAME_KEYS, member=True),
    ImportKind.VOLUNTEERS: KindRules(N_("Volunteers"), Entry.PERSON, NAME_KEYS, volunteer=True),
    ImportKind.DONATIONS: KindRules(
        N_("Donations"),
        Entry.DONATION,
        NAME_KEYS,
        (
            ("amount", N_("Choose the column of the amounts.")),
            ("donated_on", N_("Choose the column of the dates.")),
        ),
    ),
    ImportKind.ACTIVITIES: KindRules(
        N_("Activities"),
        Entry.ACTIVITY,
        frozenset(),
        (
            ("title", N_("Choose the column of the activity's title.")),
            ("starts_at", N_("Choose the column of the activity's date.")),
        ),
    ),
}
