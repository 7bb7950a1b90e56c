"""Export for the accountant: donations and contacts to a CSV or XLSX file.

The file's format follows its name (``.csv`` or ``.xlsx``); headers and coded values (method,
status, kind, yes/no) are in the language asked for, independently of the app's language.
How the file is written (streamed, atomic, safe against formula injection, CSV delimiter and
BOM) is in :mod:`assocdesk.spreadsheets.tabular`.

The two queries here read exactly the columns a sheet needs, joined in SQL and streamed with
``yield_per``: no service offers them (the list services page ids for the UI, and ORM entities
would load every donation with its contact and campaign), so they live beside their only user.

Choices an accountant will notice:

- Donations are in receipt-book order (year, then number), so a gap would show.
- Amounts are numbers in major units (1500.50): a number cell in XLSX with as many decimals
  as the currency has (2 for MAD, 3 for TND), ``1500.50`` with a dot in CSV, whatever the
  language, so that accounting software reads it the same way everywhere.
- Voided donations are included by default, marked "Voided" with their reason, because the
  receipt book must show every number; ``include_void=False`` leaves them out of a sum.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from assocdesk.i18n import N_, translate_in
from assocdesk.labels import label
from assocdesk.models import (
    Campaign,
    Contact,
    Donation,
    DonationStatus,
    Membership,
    VolunteerProfile,
)
from assocdesk.services.contacts import ID_KINDS
from assocdesk.spreadsheets.tabular import (
    AMOUNT,
    DATE,
    Column,
    ExportCancelled,
    ExportError,
    Progress,
    UnsupportedFormat,
    file_format,
    write_table,
)
from assocdesk.text.civility import civility
from assocdesk.text.money import from_minor

__all__ = [
    "CONTACT_COLUMNS",
    "DONATION_COLUMNS",
    "ExportCancelled",
    "ExportError",
    "UnsupportedFormat",
    "count_contacts",
    "count_donations",
    "donation_filters",
    "export_contacts",
    "export_donations",
]

YIELD_PER = 2_000

DONATIONS_SHEET = N_("Donations")
CONTACTS_SHEET = N_("Contacts")
ANONYMOUS_DONOR = N_("Anonymous donor")
YES = N_("Yes")
NO = N_("No")

DONATION_COLUMNS = (
    Column(N_("Receipt"), width=16),
    Column(N_("Date"), DATE, width=12),
    Column(N_("Donor"), width=30),
    Column(N_("E-mail"), width=28),
    Column(N_("Phone"), width=18),
    Column(N_("City"), width=16),
    Column(N_("Amount"), AMOUNT, width=14),
    Column(N_("Currency"), width=9),
    Column(N_("Method"), width=18),
    Column(N_("Campaign"), width=26),
    Column(N_("What was given"), width=30),
    Column(N_("Status"), width=12),
    Column(N_("Void reason"), width=30),
    Column(N_("Notes"), width=40),
)

# A person's protection, in every sheet of people: read back by the import under these same
# headers and yes/no words (see io/mapping.py, values.parse_yes_no), so an export re-imports.
PROTECTION_COLUMNS = (
    Column(N_("Date of birth"), DATE, width=12),
    Column(N_("Minor (under 18)"), width=10),
    Column(N_("Agrees to have their name published"), width=12),
    Column(N_("Agrees to have their photo published"), width=12),
    Column(N_("May be contacted (messages, reminders)"), width=12),
)


def yes_no(language: str) -> tuple[str, str]:
    """The words for yes and no in ``language`` (both read back by the import)."""
    return translate_in(language, YES), translate_in(language, NO)


CONTACT_COLUMNS = (
    Column(N_("Name"), width=30),
    Column(N_("Type"), width=14),
    Column(N_("Phone"), width=18),
    Column(N_("E-mail"), width=28),
    Column(N_("Address"), width=36),
    Column(N_("City"), width=16),
    Column(N_("Country code"), width=8),
    Column(N_("Preferred language"), width=14),
    *PROTECTION_COLUMNS[:2],
    Column(N_("Membership no."), width=14),
    Column(N_("Volunteer"), width=10),
    *PROTECTION_COLUMNS[2:],
    Column(N_("Archived"), width=10),
    # Issue 16, last so that earlier columns keep their place; read back by the import.
    Column(N_("Title (Mr, Mrs)"), width=10),
    Column(N_("Identity document"), width=22),
    Column(N_("Identity number"), width=20),
)


# --- donations -------------------------------------------------------------------------------


def donation_filters(
    *,
    year: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    include_void: bool = True,
) -> list[ColumnElement[bool]]:
    """WHERE clauses on Donation; all given bounds apply together (inclusive dates)."""
    clauses: list[ColumnElement[bool]] = []
    if year is not None:
        clauses += [
            Donation.donated_on >= date(year, 1, 1),
            Donation.donated_on <= date(year, 12, 31),
        ]
    if date_from is not None:
        clauses.append(Donation.donated_on >= date_from)
    if date_to is not None:
        clauses.append(Donation.donated_on <= date_to)
    if not include_void:
        clauses.append(Donation.status != DonationStatus.VOID)
    return clauses


def count_donations(session: Session, filters: list[ColumnElement[bool]]) -> int:
    return session.scalar(select(func.count()).select_from(Donation).where(*filters)) or 0


def _donation_rows(
    session: Session, filters: list[ColumnElement[bool]], language: str
) -> Iterator[tuple[Any, ...]]:
    statement = (
        select(
            Donation.receipt_number,
            Donation.donated_on,
            Donation.contact_id,
            Contact.name,
            Contact.email,
            Contact.phone,
            Contact.city,
            Donation.amount_minor,
            Donation.currency,
            Donation.method,
            Campaign.name.label("campaign"),
            Donation.in_kind_description,
            Donation.status,
            Donation.void_reason,
            Donation.notes,
        )
        .select_from(Donation)
        .outerjoin(Contact, Contact.id == Donation.contact_id)
        .outerjoin(Campaign, Campaign.id == Donation.campaign_id)
        .where(*filters)
        .order_by(Donation.receipt_year, Donation.receipt_seq, Donation.id)
        .execution_options(yield_per=YIELD_PER)
    )
    anonymous = translate_in(language, ANONYMOUS_DONOR)
    for row in session.execute(statement):
        yield (
            row.receipt_number,
            row.donated_on,
            row.name if row.contact_id is not None else anonymous,
            row.email,
            row.phone,
            row.city,
            from_minor(row.amount_minor, row.currency),
            row.currency,
            label("donation_method", row.method, language),
            row.campaign,
            row.in_kind_description,
            label("donation_status", row.status, language),
            row.void_reason,
            row.notes,
        )


def export_donations(
    session: Session,
    path: Path,
    *,
    year: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    language: str = "fr",
    include_void: bool = True,
    delimiter: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the donations of ``year`` and/or ``date_from``…``date_to`` (all if none) to ``path``.

    Returns the number of donations written. ``delimiter`` (CSV only) defaults to ``;`` in
    French and ``,`` otherwise (see :func:`assocdesk.spreadsheets.tabular.default_delimiter`).
    ``progress(done, total)`` returning False stops with ``ExportCancelled``; a file that cannot
    be written raises ``ExportError``; a name ending in neither .csv nor .xlsx raises
    ``UnsupportedFormat`` (a ``ValueError``). In every failure no file is left behind.
    """
    path = Path(path)
    file_format(path)  # refuse a wrong name before reading anything
    filters = donation_filters(
        year=year, date_from=date_from, date_to=date_to, include_void=include_void
    )
    return write_table(
        path,
        columns=DONATION_COLUMNS,
        rows=_donation_rows(session, filters, language),
        total=count_donations(session, filters),
        language=language,
        sheet_title=DONATIONS_SHEET,
        delimiter=delimiter,
        progress=progress,
    )


# --- contacts --------------------------------------------------------------------------------


def _contact_filters(include_archived: bool) -> list[ColumnElement[bool]]:
    return [] if include_archived else [Contact.archived_at.is_(None)]


def count_contacts(session: Session, *, include_archived: bool = False) -> int:
    statement = select(func.count()).select_from(Contact)
    return session.scalar(statement.where(*_contact_filters(include_archived))) or 0


@cache
def _language_name(code: str, language: str) -> str:
    """A language code by name ("Arabic", "arabe", "العربية"), from Babel's CLDR data."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(language) or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def _contact_rows(
    session: Session, include_archived: bool, language: str
) -> Iterator[tuple[Any, ...]]:
    is_volunteer = exists().where(VolunteerProfile.contact_id == Contact.id)
    statement = (
        select(
            Contact.name,
            Contact.kind,
            Contact.phone,
            Contact.email,
            Contact.address,
            Contact.city,
            Contact.country,
            Contact.preferred_language,
            Contact.date_of_birth,
            Contact.is_minor,
            Membership.number,
            is_volunteer.label("volunteer"),
            Contact.consent_publish_name,
            Contact.consent_publish_photo,
            Contact.consent_contact,
            Contact.archived_at,
            Contact.gender,
            Contact.id_kind,
            Contact.id_number,
        )
        .outerjoin(Membership, Membership.contact_id == Contact.id)
        .where(*_contact_filters(include_archived))
        .order_by(Contact.search_text, Contact.id)
        .execution_options(yield_per=YIELD_PER)
    )
    yes, no = yes_no(language)
    for row in session.execute(statement):
        preferred = row.preferred_language
        yield (
            row.name,
            label("contact_kind", row.kind, language),
            row.phone,
            row.email,
            row.address,
            row.city,
            row.country,
            _language_name(preferred, language) if preferred else None,
            row.date_of_birth,
            yes if row.is_minor else no,
            row.number,
            yes if row.volunteer else no,
            yes if row.consent_publish_name else no,
            yes if row.consent_publish_photo else no,
            yes if row.consent_contact else no,
            yes if row.archived_at is not None else no,
            civility(row.gender, language),
            _id_kind_name(row.id_kind, language) if row.id_kind else None,
            row.id_number,
        )


@cache
def _id_kind_name(code: str, language: str) -> str:
    """ "Carte nationale d'identité (CIN)": the import reads any language's name back."""
    return translate_in(language, ID_KINDS[code]) if code in ID_KINDS else code


def export_contacts(
    session: Session,
    path: Path,
    *,
    language: str = "fr",
    include_archived: bool = False,
    delimiter: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the contacts (archived ones too if asked) to ``path``; return how many.

    Same file rules, progress and errors as :func:`export_donations`.
    """
    path = Path(path)
    file_format(path)
    return write_table(
        path,
        columns=CONTACT_COLUMNS,
        rows=_contact_rows(session, include_archived, language),
        total=count_contacts(session, include_archived=include_archived),
        language=language,
        sheet_title=CONTACTS_SHEET,
        delimiter=delimiter,
        progress=progress,
    )
