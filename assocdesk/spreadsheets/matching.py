"""Who a row of a file is: the people already recorded (and earlier rows of the same file),
by normalized name, with their phone and e-mail keys.

Same normalized name and a shared phone or e-mail is the same person; a person of that name
whose details do not disagree (one side has none) is too; two phones that differ are two people.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.models import Contact, Membership, VolunteerProfile
from assocdesk.services.duplicates import contact_keys, name_key

DETAILS = ("phone", "email", "address", "city", "country", "notes")


class ContactIndex:
    """Existing and planned contacts by normalized name, for matching rows to people."""

    def __init__(self, session: Session) -> None:
        self.by_name: dict[str, list[tuple[int | None, int | None, str, frozenset[str]]]] = (
            defaultdict(list)
        )
        self.details: dict[int, dict[str, str]] = {}
        columns = [getattr(Contact, name) for name in DETAILS]
        for contact_id, name, *details in session.execute(
            select(Contact.id, Contact.name, *columns)
        ):
            found = dict(zip(DETAILS, details, strict=True))
            self.details[contact_id] = found
            self.by_name[name_key(name)].append(
                (contact_id, None, name, contact_keys(found["phone"], found["email"]))
            )
        self.members = set(session.scalars(select(Membership.contact_id)))
        self.volunteers = set(session.scalars(select(VolunteerProfile.contact_id)))

    def find(self, name: str, phone: str, email: str) -> tuple[int | None, int | None, str] | None:
        """(contact id, planned row index, name) of the person this row describes, or None.

        Same normalized name and a shared phone or e-mail wins; else a person of that name whose
        details do not disagree (one has none, or they are of different kinds); else nobody.
        """
        return self.find_keys(name_key(name), contact_keys(phone, email))

    def find_keys(
        self, key: str, keys: frozenset[str]
    ) -> tuple[int | None, int | None, str] | None:
        """:meth:`find` for a name key and contact keys already computed."""
        candidates = self.by_name.get(key)
        if not candidates:
            return None
        for contact_id, row_index, found_name, found_keys in candidates:
            if keys & found_keys:
                return contact_id, row_index, found_name
        for contact_id, row_index, found_name, found_keys in candidates:
            if not _disagree(keys, found_keys):
                return contact_id, row_index, found_name
        return None

    def add(self, row_index: int, name: str, phone: str, email: str) -> None:
        self.add_keys(row_index, name, name_key(name), contact_keys(phone, email))

    def add_keys(self, row_index: int, name: str, key: str, keys: frozenset[str]) -> None:
        self.by_name[key].append((None, row_index, name, keys))


def _disagree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both have a phone (or both an e-mail) and none of them is shared."""
    return any(
        {k for k in a if k[0] == kind} and {k for k in b if k[0] == kind} and not a & b
        for kind in ("p", "e")
    )
