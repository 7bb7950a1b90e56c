"""Issued receipts: first print vs duplicates, what can no longer change, and corrections."""

from __future__ import annotations

from datetime import date

import pytest

from assocdesk.models import DonationStatus
from assocdesk.services import campaigns, contacts, donations, dues
from assocdesk.services.donations import DonationInput
from assocdesk.services.errors import ValidationError
from assocdesk.storage.engine import Database


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 6, 30))


@pytest.fixture
def issued(db: Database) -> tuple[int, int]:
    """(donation id, donor id) of a donation whose receipt was printed once."""
    with db.transaction() as session:
        donor = contacts.create(session, contacts.ContactInput(name="Karim OUAZZANI"))
        session.flush()
        donation = donations.record(
            session,
            DonationInput(
                amount="500", currency="MAD", donated_on=date(2026, 3, 2), contact_id=donor.id
            ),
        )
        session.flush()
        first = donations.mark_printed(session, donation.id)
        assert not first.duplicate and first.prints == 1
        return donation.id, donor.id


def data_of(db: Database, donation_id: int, **changes: object) -> DonationInput:
    with db.reading() as session:
        d = donations.get(session, donation_id)
        values = dict(
            amount=str(d.amount_minor / 100),
            currency=d.currency,
            donated_on=d.donated_on,
            contact_id=d.contact_id,
            method=d.method,
            campaign_id=d.campaign_id,
            notes=d.notes,
        )
    values.update(changes)
    return DonationInput(**values)  # type: ignore[arg-type]


def test_later_prints_are_duplicates(db: Database, issued: tuple[int, int]) -> None:
    donation_id, _donor = issued
    with db.transaction() as session:
        again = donations.mark_printed(session, donation_id)
    assert again.duplicate and again.prints == 2
    with db.reading() as session:
        donation = donations.get(session, donation_id)
        assert donation.receipt_issued and donation.receipt_issued_at is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "600"}, "amount"),
        ({"donated_on": date(2026, 3, 3)}, "donated_on"),
        ({"currency": "EUR"}, "currency"),
    ],
)
def test_issued_receipt_freezes_amount_donor_date(
    db: Database, issued: tuple[int, int], change: dict, field: str
) -> None:
    donation_id, _donor = issued
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        donations.update(session, donation_id, data_of(db, donation_id, **change))
    assert caught.value.field == field
    assert "Void it and record a corrected donation" in caught.value.message


def test_issued_receipt_freezes_the_donor(db: Database, issued: tuple[int, int]) -> None:
    donation_id, _donor = issued
    with db.transaction() as session:
        other = contacts.create(session, contacts.ContactInput(name="Société Atlas")).id
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        donations.update(session, donation_id, data_of(db, donation_id, contact_id=other))
    assert caught.value.field == "contact_id"


def test_issued_receipt_still_takes_notes_and_campaign(
    db: Database, issued: tuple[int, int]
) -> None:
    donation_id, _donor = issued
    with db.transaction() as session:
        campaign_id = campaigns.create(
            session, campaigns.CampaignInput(name="Hiver chaud", currency="MAD")
        ).id
    with db.transaction() as session:
        donations.update(
            session,
            donation_id,
            data_of(db, donation_id, notes="Remis en main propre", campaign_id=campaign_id),
        )
    with db.reading() as session:
        assert donations.get(session, donation_id).notes == "Remis en main propre"


def test_correction_voids_and_links_with_a_new_number(
    db: Database, issued: tuple[int, int]
) -> None:
    donation_id, _donor = issued
    with db.transaction() as session:
        corrected = donations.correct(
            session, donation_id, data_of(db, donation_id, amount="5000"), "Typo: 500 for 5000"
        )
        corrected_id, number = corrected.id, corrected.receipt_number
    with db.reading() as session:
        old = donations.get(session, donation_id)
        new = donations.get(session, corrected_id)
        assert old.status == DonationStatus.VOID and old.void_reason == "Typo: 500 for 5000"
        assert new.replaces_id == donation_id and new.amount_minor == 500000
        assert number == "R-2026-0002" and old.receipt_number == "R-2026-0001"
        assert new.receipt_prints == 0  # the corrected receipt is not printed yet
        assert donations.totals(session, 2026)["MAD"] == (1, 500000)  # counted once


def test_failed_correction_changes_nothing(db: Database, issued: tuple[int, int]) -> None:
    donation_id, _donor = issued
    with pytest.raises(ValidationError), db.transaction() as session:
        donations.correct(session, donation_id, data_of(db, donation_id, amount="0"), "typo")
    with db.reading() as session:
        assert donations.get(session, donation_id).status == DonationStatus.RECORDED
        assert donations.totals(session, 2026)["MAD"] == (1, 50000)


SMALL_GIFT = DonationInput(amount="5", currency="MAD", donated_on=date(2026, 3, 2), anonymous=True)


def test_a_print_is_counted_only_when_asked(db: Database) -> None:
    """Reading a donation (what a preview does) issues nothing; mark_printed does."""
    with db.transaction() as session:
        donation = donations.record(session, SMALL_GIFT)
        session.flush()
        donation_id = donation.id
    with db.reading() as session:
        assert not donations.get(session, donation_id).receipt_issued
    with db.transaction() as session:
        first = donations.mark_printed(session, donation_id)
    assert (first.duplicate, first.prints) == (False, 1)


def test_a_print_rolled_back_is_not_counted(db: Database) -> None:
    """The printer fails inside the unit of work: the count goes with it (ui.issuing)."""
    with db.transaction() as session:
        donation_id = donations.record(session, SMALL_GIFT).id
    with pytest.raises(OSError), db.transaction() as session:
        donations.mark_printed(session, donation_id)
        raise OSError("printer unplugged")
    with db.reading() as session:
        donation = donations.get(session, donation_id)
        assert donation.receipt_prints == 0 and donation.receipt_issued_at is None


def test_issue_without_printing(db: Database, audit_events) -> None:
    with db.transaction() as session:
        donation_id = donations.record(session, SMALL_GIFT).id
    with db.transaction() as session:
        issued = donations.issue_unprinted(session, donation_id)
    assert (issued.duplicate, issued.prints) == (False, 1)
    with db.transaction() as session:
        assert donations.mark_printed(session, donation_id).duplicate  # printed here: a copy
    with pytest.raises(ValidationError, match="already issued"), db.transaction() as session:
        donations.issue_unprinted(session, donation_id)
    with db.reading() as session:
        donation = donations.get(session, donation_id)
        assert donation.receipt_prints == 2 and donation.receipt_issued_at is not None
        actions = [action for action, _ in audit_events(session, "donations", donation_id)]
    assert actions == ["create", "issue", "print"]


def test_issued_receipt_still_takes_its_cheque_number(
    db: Database, issued: tuple[int, int]
) -> None:
    """The cheque number and bank are not frozen: a typo in them needs no void."""
    donation_id, _donor = issued
    with db.transaction() as session:
        donations.update(
            session,
            donation_id,
            data_of(db, donation_id, method="cheque", cheque_number="0012345", bank="CIH"),
        )
    with db.reading() as session:
        assert donations.get(session, donation_id).cheque_number == "0012345"


def test_dues_receipt_issued_without_printing(db: Database, audit_events) -> None:
    from tests.core.dues_helpers import add_member, pay, set_fee

    membership = add_member(db, "Karim Benali", "0001", category="Actif")
    set_fee(db, "Actif", 2025, "100")
    payment_id = pay(db, membership, 2025, "100", date(2025, 3, 1))
    with db.transaction() as session:
        assert dues.issue_unprinted(session, payment_id).prints == 1
    with db.transaction() as session:
        assert dues.mark_printed(session, payment_id).duplicate
    with pytest.raises(ValidationError, match="already issued"), db.transaction() as session:
        dues.issue_unprinted(session, payment_id)
    with db.reading() as session:
        actions = [action for action, _ in audit_events(session, "dues_payments", payment_id)]
    assert actions[-2:] == ["issue", "print"]
