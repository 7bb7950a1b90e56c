"""Typed errors: one UserError base for what a person can fix, one Cancelled, one Progress; a
receipt that needs a correction says so by its class, in any language."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from assocdesk import i18n
from assocdesk.cli.output import CommandError
from assocdesk.demo.filling import DemoCancelled, DemoRefused
from assocdesk.errors import Cancelled, UserError
from assocdesk.progress import Progress
from assocdesk.reports.batch import BatchCancelled
from assocdesk.services import contacts, donations, dues
from assocdesk.services.errors import NotFound, ReceiptNeedsCorrection, ValidationError
from assocdesk.spreadsheets.importer import ImportCancelled, ImportRefused
from assocdesk.spreadsheets.plan import MappingProblem
from assocdesk.spreadsheets.reading import ReadError
from assocdesk.spreadsheets.tabular import ExportCancelled, ExportError
from assocdesk.spreadsheets.values import ValueProblem
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import (
    BackupCancelled,
    BackupError,
    BackupPasswordRequired,
    CopyCancelled,
)
from assocdesk.usecases.printing import CannotWrite
from tests.core.dues_helpers import add_member, pay, set_fee, setup_association

PERSON_FIXABLE = [
    ValidationError,
    ReceiptNeedsCorrection,
    NotFound,
    CommandError,
    MappingProblem,
    ValueProblem,
    ImportRefused,
    ReadError,
    ExportError,
    BackupError,
    BackupPasswordRequired,
    DemoRefused,
    CannotWrite,
]
CANCELS = [DemoCancelled, BatchCancelled, BackupCancelled, ExportCancelled, ImportCancelled]


@pytest.mark.parametrize("kind", PERSON_FIXABLE, ids=lambda k: k.__name__)
def test_person_fixable_errors_are_user_errors(kind: type[Exception]) -> None:
    assert issubclass(kind, UserError)
    assert not issubclass(kind, Cancelled)


@pytest.mark.parametrize("kind", [*CANCELS, CopyCancelled], ids=lambda k: k.__name__)
def test_every_cancel_is_one_cancelled(kind: type[Exception]) -> None:
    assert issubclass(kind, Cancelled) and not issubclass(kind, UserError)


def test_user_error_carries_field_and_message() -> None:
    plain = BackupError("The backup is damaged.")
    assert (plain.message, plain.field, str(plain)) == ("The backup is damaged.", "", plain.message)
    fixed = UserError("Choose a year.", field="year")
    assert fixed.field == "year" and str(fixed) == "Choose a year."
    # ValidationError keeps what forms rely on: every field's message, the first one first.
    both = ValidationError("amount", "Too much.", {"amount": "Too much.", "currency": "Which?"})
    assert (both.field, both.message) == ("amount", "Too much.")
    assert both.errors == {"amount": "Too much.", "currency": "Which?"}
    assert str(both) == "amount: Too much."


def test_older_bases_still_catch_what_they_caught() -> None:
    """Code that caught a LookupError or a ValueError still does."""
    assert issubclass(NotFound, LookupError)
    assert issubclass(MappingProblem, ValueError) and issubclass(ValueProblem, ValueError)
    assert issubclass(BackupPasswordRequired, BackupError)


def test_one_progress_type() -> None:
    """Every long job of the core takes the same ``Progress``: the one defined once."""
    from assocdesk.demo import filling
    from assocdesk.reports import batch
    from assocdesk.spreadsheets import importer, tabular
    from assocdesk.storage.backups import bundle

    for module in (filling, batch, importer, tabular, bundle):
        assert module.Progress is Progress, module.__name__
    source = "\n".join(inspect.getsource(m) for m in (filling, batch, importer, tabular, bundle))
    assert "Callable[[int, int], bool]" not in source


# -- a receipt that needs a correction -----------------------------------------------------------
@pytest.fixture
def issued_gift(db: Database) -> int:
    with db.transaction() as session:
        donor = contacts.create(session, contacts.ContactInput(name="Karim OUAZZANI"))
        session.flush()
        gift = donations.record(
            session,
            donations.DonationInput(
                amount="500", currency="MAD", donated_on=date(2025, 3, 2), contact_id=donor.id
            ),
        )
        session.flush()
        donations.mark_printed(session, gift.id)
        return gift.id


def gift_input(db: Database, gift: int, **changes: object) -> donations.DonationInput:
    with db.reading() as session:
        d = donations.get(session, gift)
        values: dict[str, object] = dict(
            amount="500",
            currency=d.currency,
            donated_on=d.donated_on,
            contact_id=d.contact_id,
            method=d.method,
            notes=d.notes,
        )
    values.update(changes)
    return donations.DonationInput(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_changed_amount_of_an_issued_receipt_raises_its_own_class(
    db: Database, issued_gift: int, language: str
) -> None:
    i18n.set_language(language)  # told apart by its class, whatever the message's language
    with pytest.raises(ReceiptNeedsCorrection) as raised, db.transaction() as session:
        donations.update(session, issued_gift, gift_input(db, issued_gift, amount="600"))
    with db.reading() as session:
        number = donations.get(session, issued_gift).receipt_number
    assert raised.value.number == number and raised.value.field == "amount"
    assert number in raised.value.message


def test_other_year_raises_the_correction_even_before_issuing(db: Database) -> None:
    with db.transaction() as session:
        gift = donations.record(
            session,
            donations.DonationInput(
                amount="50", currency="MAD", donated_on=date(2025, 3, 2), anonymous=True
            ),
        )
        session.flush()
        gift_id = gift.id
    data = gift_input(db, gift_id, donated_on=date(2024, 12, 30), anonymous=True)
    with pytest.raises(ReceiptNeedsCorrection) as raised, db.transaction() as session:
        donations.update(session, gift_id, data)
    assert raised.value.errors.keys() == {"donated_on"}


def test_plain_mistakes_and_free_fields_are_not_corrections(db: Database, issued_gift: int) -> None:
    with pytest.raises(ValidationError) as raised, db.transaction() as session:
        donations.update(session, issued_gift, gift_input(db, issued_gift, amount=""))
    assert not isinstance(raised.value, ReceiptNeedsCorrection)
    with db.transaction() as session:  # notes are not on the receipt: changed in place
        donations.update(session, issued_gift, gift_input(db, issued_gift, notes="by cheque"))


def test_dues_update_raises_the_correction_for_a_frozen_value(db: Database) -> None:
    setup_association(db)
    set_fee(db, "Actif", 2025, "100")
    payment = pay(db, add_member(db, "Nadia Cherkaoui", "0003", category="Actif"), 2025, "50")
    with db.transaction() as session:
        dues.mark_printed(session, payment)
        current = dues.get(session, payment)
        data = dues.PaymentInput(
            membership_id=current.membership_id,
            period_year=current.period_year,
            amount="60",
            currency="MAD",
            paid_on=current.paid_on,
        )
    with pytest.raises(ReceiptNeedsCorrection) as raised, db.transaction() as session:
        dues.update(session, payment, data)
    assert raised.value.field == "amount"
