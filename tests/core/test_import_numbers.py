"""The import takes its numbers from the services (issue 19): receipt numbers from the book's
counter, written as the donations service writes them; member numbers from the members
service; and a database after an import passes ``check`` with nothing found."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assocdesk.checks.check import run_checks
from assocdesk.models import (
    AssociationProfile,
    Donation,
    Membership,
    ReceiptChainLink,
    ReceiptCounter,
)
from assocdesk.services import contacts, donations, members, numbering
from assocdesk.spreadsheets import writer
from assocdesk.spreadsheets.importer import run_import
from assocdesk.spreadsheets.reading import read_csv_bytes
from assocdesk.storage.engine import Database


def test_take_range_bumps_the_counter_once_and_gives_a_run_of_numbers(db: Database) -> None:
    with db.transaction() as session:
        assert list(numbering.take_range(session, ReceiptCounter, 2024, 3)) == [1, 2, 3]
        assert numbering.take_next(session, ReceiptCounter, 2024) == 4
        assert list(numbering.take_range(session, ReceiptCounter, 2024, 2)) == [5, 6]
        assert list(numbering.take_range(session, ReceiptCounter, 2024, 0)) == []
        assert session.get(ReceiptCounter, 2024).last_number == 6
        assert session.get(ReceiptCounter, 2023) is None  # an empty range creates no book


def test_take_range_is_rolled_back_with_its_transaction(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as session:
        numbering.take_range(session, ReceiptCounter, 2024, 5)
        raise RuntimeError
    with db.transaction() as session:
        assert numbering.take_next(session, ReceiptCounter, 2024) == 1


def test_member_numbers_follow_the_highest_at_its_width() -> None:
    numbers = members.numbers_after(["0007", "12", "A-3", "0002"])
    assert [next(numbers) for _ in range(3)] == ["0013", "0014", "0015"]
    assert next(members.numbers_after([])) == "0001"
    assert next(members.numbers_after(["CA-1"])) == "0001"


GIFTS = (
    b"Nom;Date;Montant\n"
    b"Ahmed Benali;2024-03-02;100\n"
    b"Anonyme;2025-01-05;50\n"
    b"Sara Tazi;2024-06-01;200\n"
    b"Ahmed Benali;2025-02-01;75\n"
)


def test_imported_gifts_continue_the_book_with_the_services_format(db: Database) -> None:
    with db.transaction() as session:
        session.add(AssociationProfile(name_fr="Amal", receipt_prefix="AM"))
        session.flush()
        first = donations.record(
            session,
            donations.DonationInput(
                amount="10", currency="MAD", donated_on=date(2024, 1, 1), anonymous=True
            ),
        )
        assert first.receipt_number == "AM-2024-0001"
    run_import(db, read_csv_bytes(GIFTS), "donations", ["name", "donated_on", "amount"])
    with db.transaction() as session:
        stored = session.execute(
            select(Donation.receipt_year, Donation.receipt_seq, Donation.receipt_number)
            .order_by(Donation.id)
            .offset(1)
        ).all()
        assert [tuple(row) for row in stored] == [
            (2024, 2, donations.receipt_number_text("AM", 2024, 2)),
            (2025, 1, "AM-2025-0001"),
            (2024, 3, "AM-2024-0003"),
            (2025, 2, "AM-2025-0002"),
        ]
        assert session.get(ReceiptCounter, 2024).last_number == 3
        assert session.get(ReceiptCounter, 2025).last_number == 2
        # Recorded, not issued: no receipt left, so nothing joins the receipt chain.
        assert session.scalar(select(func.count()).select_from(ReceiptChainLink)) == 0
        assert (
            session.scalar(select(func.count()).where(Donation.receipt_issued_at.is_not(None))) == 0
        )
        # The next gift saved by hand takes the next number of the book.
        later = donations.record(
            session,
            donations.DonationInput(
                amount="5", currency="MAD", donated_on=date(2025, 3, 1), anonymous=True
            ),
        )
        assert later.receipt_number == "AM-2025-0003"


def test_the_writer_takes_each_years_numbers_in_one_bump(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[tuple[int, int]] = []
    take_range = numbering.take_range

    def spy(session, counter, year, count):  # type: ignore[no-untyped-def]
        taken.append((year, count))
        return take_range(session, counter, year, count)

    monkeypatch.setattr(writer.numbering, "take_range", spy)
    run_import(db, read_csv_bytes(GIFTS), "donations", ["name", "donated_on", "amount"])
    assert taken == [(2024, 2), (2025, 2)]


def test_members_without_a_number_get_the_members_services_next_ones(db: Database) -> None:
    with db.transaction() as session:
        members.create(
            session,
            members.MemberInput(contact=contacts.ContactInput(name="Déjà membre"), number="041"),
        )
        suggested = members.next_number(session)
    data = "Nom;N° adhérent\nAmina;\nKarim;050\nSalma;\n".encode()
    run_import(db, read_csv_bytes(data), "members", ["name", "number"])
    with db.reading() as session:
        numbers = session.scalars(select(Membership.number).order_by(Membership.id)).all()
        after = members.next_number(session)
    # The members service's numbering, after every number recorded or given in the file (050):
    # what the form suggests next, once the import is done.
    assert suggested == "042"
    assert numbers == ["041", "051", "050", "052"]
    assert after == "053"


def test_check_finds_nothing_after_an_import(db: Database, db_path: Path) -> None:
    run_import(db, read_csv_bytes(GIFTS), "donations", ["name", "donated_on", "amount"])
    run_import(
        db,
        read_csv_bytes("Nom;Ville\nAmina;Rabat\nKarim;Fès\n".encode()),
        "members",
        ["name", "city"],
    )
    with db.transaction() as session:  # an issued receipt after the import chains as usual
        gift = session.scalars(select(Donation).order_by(Donation.id)).first()
        numbering.count_print(session, gift)
    db.close()
    report = run_checks(db_path)
    assert report.findings == []
    assert "receipts" in report.checks_run
