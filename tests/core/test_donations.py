"""Donations: validation, gapless receipt numbers per year, voiding, corrections, lists."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from assocdesk.models import Donation, ReceiptCounter
from assocdesk.services import association, campaigns, contacts, donations
from assocdesk.services.common import ListQuery
from assocdesk.services.donations import DonationInput
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.storage.engine import Database

TODAY = date(2026, 6, 30)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: TODAY)


def gift(amount: object = "100", on: date = date(2026, 1, 10), **fields: object) -> DonationInput:
    fields.setdefault("currency", "MAD")
    fields.setdefault("anonymous", "contact_id" not in fields)
    return DonationInput(amount=amount, donated_on=on, **fields)  # type: ignore[arg-type]


def record(db: Database, data: DonationInput | None = None) -> tuple[int, str]:
    with db.transaction() as session:
        donation = donations.record(session, data or gift())
        session.flush()
        return donation.id, donation.receipt_number


def donor(db: Database, name: str) -> int:
    with db.transaction() as session:
        contact = contacts.create(session, contacts.ContactInput(name=name))
        session.flush()
        return contact.id


def invalid(db: Database, data: DonationInput) -> ValidationError:
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        donations.record(session, data)
    assert caught.value.field in caught.value.errors
    return caught.value


def donation_count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Donation)) or 0


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (gift("-50"), "amount"),
        (gift("0"), "amount"),
        (gift(Decimal("0.00")), "amount"),
        (gift("12.3456"), "amount"),  # MAD has 2 decimals ("12.345" reads as thousands)
        (gift("cent dirhams"), "amount"),
        (gift(""), "amount"),
        (gift(None), "amount"),
        (gift("100", currency="XYZ"), "currency"),
        (gift("100", currency=""), "currency"),
        (gift(on=TODAY + timedelta(days=1)), "donated_on"),
        (gift(on=None), "donated_on"),  # type: ignore[arg-type]
        (gift(method="barter"), "method"),
        (gift(method="in_kind"), "in_kind_description"),
        (gift(method="in_kind", in_kind_description="  \n "), "in_kind_description"),
        (gift(contact_id=999), "contact_id"),
        (gift(campaign_id=999), "campaign_id"),
        (gift(method="cheque", cheque_number="1" * 41), "cheque_number"),
        (gift(method="cheque", bank="B" * 101), "bank"),
        (gift(method="in_kind", in_kind_description="Riz", valued_by="V" * 201), "valued_by"),
        (gift(gift_form="oral"), "gift_form"),
    ],
)
def test_invalid_donation_is_refused(db: Database, data: DonationInput, field: str) -> None:
    error = invalid(db, data)
    assert error.field == field
    assert field in error.errors
    assert donation_count(db) == 0


def test_valid_amounts_in_minor_units(db: Database) -> None:
    cases = [("1 500,50", "MAD", 150050), ("12.345", "TND", 12345), ("7", "EUR", 700)]
    for amount, currency, minor in cases:
        donation_id, _ = record(db, gift(amount, currency=currency.lower()))
        with db.reading() as session:
            donation = donations.get(session, donation_id)
            assert (donation.amount_minor, donation.currency) == (minor, currency)


def test_today_is_not_the_future(db: Database) -> None:
    record(db, gift(on=TODAY))


def test_in_kind_donation_keeps_its_description(db: Database) -> None:
    donation_id, _ = record(
        db, gift("300", method="in_kind", in_kind_description="20 couvertures\n10 sacs de riz")
    )
    cash_id, _ = record(db, gift(in_kind_description="ignored for cash"))
    with db.reading() as session:
        assert donations.get(session, donation_id).in_kind_description == (
            "20 couvertures\n10 sacs de riz"
        )
        assert donations.get(session, cash_id).in_kind_description == ""


def test_receipt_mentions_kept_for_their_method_only(db: Database, audit_events) -> None:
    """A cheque keeps its number and bank, a gift in kind who valued it; a field of another
    method (typed, then the method changed) is not stored, so no receipt states it."""
    cheque_id, _ = record(
        db,
        gift(
            method="cheque",
            cheque_number="  0012345 ",
            bank="Banque Populaire",
            valued_by="left from in kind",
            gift_form="private_deed",
        ),
    )
    kind_id, _ = record(
        db,
        gift(
            "800",
            method="in_kind",
            in_kind_description="Dix couvertures",
            valued_by="Prix du marché, facture n° 12",
            cheque_number="left from cheque",
        ),
    )
    no_number_id, _ = record(db, gift(method="cheque"))  # recommended, not required
    cash_id, _ = record(db, gift(cheque_number="99", bank="X", valued_by="Y"))
    with db.reading() as session:
        cheque = donations.get(session, cheque_id)
        assert (cheque.cheque_number, cheque.bank, cheque.valued_by) == (
            "0012345",
            "Banque Populaire",
            "",
        )
        assert cheque.gift_form == "private_deed"
        kind = donations.get(session, kind_id)
        assert (kind.valued_by, kind.cheque_number) == ("Prix du marché, facture n° 12", "")
        assert kind.gift_form == "manual"  # the default: a manual gift
        assert donations.get(session, no_number_id).cheque_number == ""
        cash = donations.get(session, cash_id)
        assert (cash.cheque_number, cash.bank, cash.valued_by) == ("", "", "")
        _, created = audit_events(session, "donations", cheque_id)[0]
        assert created["after"]["cheque_number"] == "0012345"
        assert created["after"]["bank"] == "Banque Populaire"


def test_receipt_mentions_change_journaled(db: Database, audit_events) -> None:
    donation_id, _ = record(db, gift(method="cheque", cheque_number="1"))
    with db.transaction() as session:
        donations.update(session, donation_id, gift(method="cheque", cheque_number="2", bank="CIH"))
    with db.reading() as session:
        _, changes = audit_events(session, "donations", donation_id)[-1]
    assert changes["before"] == {"cheque_number": "1", "bank": ""}
    assert changes["after"] == {"cheque_number": "2", "bank": "CIH"}


def test_gift_forms_are_those_of_the_cerfa() -> None:
    assert list(donations.GIFT_FORMS) == ["manual", "notarial", "private_deed", "other"]


# --- receipt numbers --------------------------------------------------------------------


def test_receipt_numbers_are_sequential_with_default_prefix(db: Database) -> None:
    numbers = [record(db)[1] for _ in range(3)]
    assert numbers == ["R-2026-0001", "R-2026-0002", "R-2026-0003"]


def test_receipt_prefix_comes_from_the_association_profile(db: Database) -> None:
    with db.transaction() as session:
        association.save(session, association.ProfileInput(name_fr="Amal", receipt_prefix="AML"))
    assert record(db)[1] == "AML-2026-0001"


def test_each_year_has_its_own_sequence(db: Database) -> None:
    first = record(db, gift(on=date(2026, 2, 1)))[1]
    older = record(db, gift(on=date(2025, 12, 31)))[1]
    second = record(db, gift(on=date(2026, 1, 1)))[1]
    assert (first, older, second) == ("R-2026-0001", "R-2025-0001", "R-2026-0002")
    with db.reading() as session:
        counters = dict(
            session.execute(select(ReceiptCounter.year, ReceiptCounter.last_number)).all()
        )
        assert counters == {2025: 1, 2026: 2}


def test_voiding_never_frees_a_number(db: Database) -> None:
    record(db)
    voided_id, voided_number = record(db)
    with db.transaction() as session:
        donations.void(session, voided_id, "  Cheque bounced  ")
    assert record(db)[1] == "R-2026-0003"
    with db.reading() as session:
        voided = donations.get(session, voided_id)
        assert voided.receipt_number == voided_number == "R-2026-0002"
        assert (voided.status, voided.void_reason) == ("void", "Cheque bounced")
        assert voided.voided_at is not None


def test_failed_record_does_not_consume_a_number(db: Database) -> None:
    with db.transaction() as session:  # the caller catches the error and goes on
        with pytest.raises(ValidationError):
            donations.record(session, gift("-1"))
        with pytest.raises(ValidationError):
            donations.record(session, gift(on=TODAY + timedelta(days=3)))
    with pytest.raises(RuntimeError), db.transaction() as session:
        taken = donations.record(session, gift())
        assert taken.receipt_number == "R-2026-0001"
        raise RuntimeError("printer on fire")  # e.g. the receipt failed after record()
    assert donation_count(db) == 0
    assert record(db)[1] == "R-2026-0001"
    assert record(db)[1] == "R-2026-0002"


def test_numbers_past_9999_keep_counting(db: Database) -> None:
    with db.transaction() as session:
        session.add(ReceiptCounter(year=2026, last_number=9999))
    assert record(db)[1] == "R-2026-10000"


def test_void_requires_a_reason_and_happens_once(db: Database, audit_events) -> None:
    donation_id, _ = record(db)
    for reason in ("", "   ", "\u202e"):
        with pytest.raises(ValidationError) as caught, db.transaction() as session:
            donations.void(session, donation_id, reason)
        assert caught.value.field == "reason"
    with db.transaction() as session:
        donations.void(session, donation_id, "Duplicate entry")
    with pytest.raises(ValidationError, match="already void") as caught, db.transaction() as s:
        donations.void(s, donation_id, "again")
    assert caught.value.field == "reason"
    with db.reading() as session:
        assert donations.get(session, donation_id).void_reason == "Duplicate entry"
        events = audit_events(session, "donations", donation_id)
        assert [action for action, _ in events] == ["create", "void"]
        assert events[1][1]["before"]["status"] == "recorded"
        assert events[1][1]["after"]["status"] == "void"
        assert events[1][1]["after"]["void_reason"] == "Duplicate entry"


def test_update_keeps_the_number(db: Database, audit_events) -> None:
    donation_id, number = record(db)
    record(db)
    with db.transaction() as session:
        updated = donations.update(session, donation_id, gift("250.50", on=date(2026, 3, 3)))
        assert updated.receipt_number == number
    with db.reading() as session:
        donation = donations.get(session, donation_id)
        assert (donation.receipt_number, donation.amount_minor) == ("R-2026-0001", 25050)
        assert donation.donated_on == date(2026, 3, 3)
        _, changes = audit_events(session, "donations", donation_id)[-1]
        assert changes["before"] == {"amount_minor": 10000, "donated_on": "2026-01-10"}
        assert changes["after"] == {"amount_minor": 25050, "donated_on": "2026-03-03"}


def test_update_cannot_move_a_donation_to_another_year(db: Database) -> None:
    donation_id, _ = record(db)
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        donations.update(session, donation_id, gift(on=date(2025, 12, 31)))
    assert caught.value.field == "donated_on"
    assert "R-2026-0001" in caught.value.message
    with db.reading() as session:
        assert donations.get(session, donation_id).donated_on == date(2026, 1, 10)


def test_update_validates_and_refuses_a_void_donation(db: Database) -> None:
    donation_id, _ = record(db)
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        donations.update(session, donation_id, gift("0"))
    assert caught.value.field == "amount"
    with db.transaction() as session:
        donations.void(session, donation_id, "error")
    with pytest.raises(ValidationError, match="voided"), db.transaction() as session:
        donations.update(session, donation_id, gift("5"))


def test_unknown_donation_raises_not_found(db: Database) -> None:
    with db.reading() as session, pytest.raises(NotFound):
        donations.get(session, 42)
    with db.transaction() as session, pytest.raises(NotFound):
        donations.void(session, 42, "reason")


# --- lists and totals -------------------------------------------------------------------


@pytest.fixture
def book(db: Database) -> dict[str, int]:
    ahmed, karim = donor(db, "أحمد بنعلي"), donor(db, "BENALI Karim")
    with db.transaction() as session:
        fund = campaigns.create(session, campaigns.CampaignInput(name="Ramadan", currency="MAD"))
        session.flush()
        fund_id = fund.id
    ids = {
        "ahmed": record(db, gift("100", date(2026, 1, 5), contact_id=ahmed))[0],
        "karim": record(db, gift("50", date(2026, 2, 5), contact_id=karim, campaign_id=fund_id))[0],
        "anonymous": record(db, gift("300", date(2025, 7, 1)))[0],
        "tnd": record(db, gift("12.345", date(2026, 3, 1), currency="TND", contact_id=karim))[0],
    }
    with db.transaction() as session:
        donations.void(session, ids["karim"], "Bounced")
    return ids


def listed(db: Database, **query: object) -> list[str]:
    with db.reading() as session:
        page = donations.list_donations(session, ListQuery(**query))  # type: ignore[arg-type]
        return [row.receipt_number for row in page.rows]


def test_list_search_sort_and_paging(db: Database, book: dict[str, int]) -> None:
    assert listed(db) == ["R-2026-0003", "R-2026-0002", "R-2026-0001", "R-2025-0001"]
    assert listed(db, sort="donated_on") == [
        "R-2025-0001",
        "R-2026-0001",
        "R-2026-0002",
        "R-2026-0003",
    ]
    assert listed(db, sort="receipt_number", descending=True)[0] == "R-2026-0003"
    assert listed(db, sort="amount") == ["R-2026-0002", "R-2026-0001", "R-2025-0001", "R-2026-0003"]
    assert listed(db, sort="amount", descending=True)[0] == "R-2026-0003"
    assert listed(db, search="احمد") == ["R-2026-0001"]
    assert listed(db, search="benali karim") == ["R-2026-0003", "R-2026-0002"]
    assert listed(db, search="2025-0001") == ["R-2025-0001"]
    with db.reading() as session:
        page = donations.list_donations(session, ListQuery(sort="donated_on"), offset=1, limit=2)
        assert ([r.receipt_number for r in page.rows], page.total) == (
            ["R-2026-0001", "R-2026-0002"],
            4,
        )
        rows = {r.receipt_number: r for r in donations.list_donations(session).rows}
    assert rows["R-2025-0001"].donor is None
    assert rows["R-2026-0002"].status == "void"
    assert rows["R-2026-0002"].campaign == "Ramadan"
    assert (rows["R-2026-0003"].amount_minor, rows["R-2026-0003"].currency) == (12345, "TND")
    assert rows["R-2026-0001"].receipt_prints == 0


def test_list_shows_and_sorts_by_prints(db: Database, book: dict[str, int]) -> None:
    with db.transaction() as session:
        donations.mark_printed(session, book["ahmed"])
        donations.mark_printed(session, book["ahmed"])
        donations.mark_printed(session, book["tnd"])
    with db.reading() as session:
        rows = {r.receipt_number: r for r in donations.list_donations(session).rows}
    assert rows["R-2026-0001"].receipt_prints == 2 and rows["R-2026-0003"].receipt_prints == 1
    assert listed(db, sort="receipt_prints", descending=True)[:2] == [
        "R-2026-0001",
        "R-2026-0003",
    ]


def test_totals_exclude_voided_donations(db: Database, book: dict[str, int]) -> None:
    with db.reading() as session:
        assert donations.totals(session) == {"MAD": (2, 40000), "TND": (1, 12345)}
        assert donations.totals(session, 2026) == {"MAD": (1, 10000), "TND": (1, 12345)}
        assert donations.totals(session, 2025) == {"MAD": (1, 30000)}
        assert donations.totals(session, 2024) == {}
        assert contacts.has_donations(session, donations.get(session, book["ahmed"]).contact_id)
