"""Erasing a person, the same from the window and the command line.

Two steps, because the second cannot run inside the first's unit of work: :func:`erase_person`
anonymizes the person wherever their values were copied (:func:`assocdesk.services.privacy.erase`),
in the caller's transaction; once that is committed, :func:`clean_after_erase` rewrites the
file without its free pages, so no deleted copy of their data stays readable in it. The window
runs the second in the background and tells the person when it is done; the command line runs
both in a row (:func:`erase_and_clean`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from assocdesk.services import contacts, privacy
from assocdesk.storage.engine import Database


@dataclass(frozen=True)
class Erased:
    """Who was erased (``name`` is the name they had, for the message) and what it touched."""

    contact_id: int
    name: str
    donations: int  # made anonymous
    events_redacted: int


def erase_person(session: Session, contact_id: int) -> Erased:
    """Anonymize the person, in one unit of work. NotFound for an unknown id, ValidationError
    if their data was already erased. Then call :func:`clean_after_erase`, after the commit."""
    name = contacts.get(session, contact_id).name
    erasure = privacy.erase(session, contact_id)
    return Erased(erasure.contact_id, name, erasure.donations, erasure.events_redacted)


def clean_after_erase(database: Database) -> None:
    """Rewrite the committed file without the erased values' old copies (it may take a while
    on a large file). OSError, with a message for the person, if a reader kept some pages."""
    privacy.scrub_file(database)


def erase_and_clean(database: Database, contact_id: int) -> Erased:
    """Both steps in a row."""
    with database.transaction() as session:
        erased = erase_person(session, contact_id)
    clean_after_erase(database)
    return erased
