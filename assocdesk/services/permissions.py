"""What the signed-in officer may do, asked before the window offers it.

The server enforces the roles (:mod:`assocdesk.storage.server_roles`); this table says the same
thing in the window's terms, so an action a role may not do is hidden or disabled with the reason
as its tooltip, instead of being offered and then refused. One table: an action, the roles that
may do it, and the sentence that says so. ``role`` is what ``server_roles.role_of`` read once at
opening: None on a database file (one person's: everything allowed), ``"owner"`` for the shared
database's administrator (everything), ``"none"`` for a login given no role (nothing).

A test keeps the table in step with the server's grants (a role offered an action is granted
what it writes).
"""

from __future__ import annotations

from dataclasses import dataclass

from assocdesk.i18n import N_, _
from assocdesk.storage.engine import Database
from assocdesk.storage.server_roles import (
    BOARD,
    DATA_ENTRY,
    NO_ROLE,
    OWNER,
    SECRETARY,
    TREASURER,
    role_of,
)


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]  # who may, besides the administrator
    who: str  # N_(): the sentence that says who may, translated when shown


def _rule(who: str, *roles: str) -> Rule:
    return Rule(frozenset(roles), who)


MONEY = (SECRETARY, TREASURER)
READERS = (SECRETARY, TREASURER, BOARD)
PEOPLE = (SECRETARY, DATA_ENTRY)

RULES: dict[str, Rule] = {
    "edit_contacts": _rule(
        N_("Only the secretary, the treasurer and data entry add and change people."),
        SECRETARY,
        TREASURER,
        DATA_ENTRY,
    ),
    "merge_contacts": _rule(N_("Only the secretary merges duplicate people."), SECRETARY),
    "erase_person": _rule(N_("Only the secretary erases a person's data."), SECRETARY),
    "edit_activities": _rule(
        N_("Only the secretary and data entry add and change activities."), *PEOPLE
    ),
    "edit_volunteers": _rule(
        N_("Only the secretary and data entry add and change volunteers."), *PEOPLE
    ),
    "edit_campaigns": _rule(
        N_("Only the secretary and the treasurer add and change campaigns."), *MONEY
    ),
    "record_donation": _rule(
        N_("Only the secretary and the treasurer record and change donations."), *MONEY
    ),
    "record_dues": _rule(
        N_("Only the secretary and the treasurer record dues, fees and members."), *MONEY
    ),
    "void_receipt": _rule(
        N_("Only the treasurer voids or corrects a donation or a dues payment."), TREASURER
    ),
    "print_receipt": _rule(
        N_("Only the secretary and the treasurer issue and print receipts."), *MONEY
    ),
    "see_amounts": _rule(
        N_("Only the secretary, the treasurer and the board see the amounts."), *READERS
    ),
    "print_documents": _rule(
        N_("Only the secretary, the treasurer and the board print statements and summaries."),
        *READERS,
    ),
    "export": _rule(
        N_("Only the secretary, the treasurer and the board export the records."), *READERS
    ),
    "back_up": _rule(
        N_("Only the secretary, the treasurer and the board make a backup."), *READERS
    ),
    "import": _rule(N_("Only the secretary imports spreadsheets."), SECRETARY),
    "write_posts": _rule(N_("Only the secretary writes posts."), SECRETARY),
    "edit_settings": _rule(N_("Only the database's administrator changes the settings.")),
    "manage_officers": _rule(N_("Only the database's administrator manages the officers.")),
    "restore": _rule(N_("Only the database's administrator restores a backup onto it.")),
}
ACTIONS = tuple(RULES)

ROLE_LABELS = {
    SECRETARY: N_("Secretary"),
    TREASURER: N_("Treasurer"),
    BOARD: N_("Board member"),
    DATA_ENTRY: N_("Data entry"),
    OWNER: N_("Administrator"),
}


def role_in(database: Database) -> str | None:
    """The signed-in login's role on ``database``, read once when it opens (a role changes
    when the administrator says so: the next opening sees it). None for a database file."""
    if not database.on_server:
        return None
    with database.engine.connect() as connection:
        return role_of(connection)


def can(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action`` (one of :data:`ACTIONS`; another is a bug: KeyError)."""
    rule = RULES[action]
    if role is None or role == OWNER:
        return True
    return role in rule.roles


def why_not(role: str | None, action: str) -> str:
    """Why ``role`` may not do ``action``, for a tooltip; "" when it may."""
    if can(role, action):
        return ""
    if role == NO_ROLE or role not in ROLE_LABELS:
        return _("Your login has no role on this shared database: ask its administrator for one.")
    return " ".join(
        (
            _(RULES[action].who),
            _("You are signed in as: {role}.").format(role=role_label(role)),
        )
    )


def role_label(role: str | None) -> str:
    """The role's name for the person ("" on a database file, which has none)."""
    if role is None:
        return ""
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else _("No role")
