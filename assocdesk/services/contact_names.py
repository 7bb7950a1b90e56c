"""How a contact's name is shown: an erased person's placeholder, translated like any label.

Apart from services.contacts (which re-exports it) so that the journal, which names the
records it lists, does not import the contacts' service, whose saves read the journal to say
who changed what (services.conflicts): the two would import each other.
"""

from __future__ import annotations

from assocdesk.i18n import N_, _
from assocdesk.models import Contact

# What an erased person's name is stored as; shown translated (see display_name).
ERASED_NAME = N_("Erased person")


def display_name(contact: Contact) -> str:
    """The name to show: an erased person's placeholder is translated, like any label."""
    return display_name_of_erased() if contact.erased_at is not None else contact.name


def display_name_of_erased() -> str:
    return _(ERASED_NAME)
