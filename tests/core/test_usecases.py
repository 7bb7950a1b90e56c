"""Use cases, through the core, as the command line and the window call them: issuing a receipt
(donations and dues; a failed delivery counts nothing), restoring a backup in two steps, erasing
a person, printing a batch of statements."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assocdesk.cli import main
from assocdesk.errors import Cancelled, UserError
from assocdesk.models import ReceiptChainLink
from assocdesk.services import contacts, donations, dues
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups import rotation
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import BackupError
from assocdesk.storage.opening import open_database
from assocdesk.usecases import erasing, printing, receipts, restoring
from assocdesk.usecases.receipts import Book, Receipt
from tests import pdfcheck
from tests.core.backup_helpers import record_donations
from tests.core.dues_helpers import add_member, pay, set_fee, setup_association
from tests.core.test_check import where

NOW = datetime(2025, 3, 4, 10, 30, 0)


def give(db: Database, name: str = "Karim OUAZZANI", amount: str = "500") -> int:
    with db.transaction() as session:
        donor = contacts.create(session, contacts.ContactInput(name=name))
        session.flush()
        gift = donations.record(
            session,
            donations.DonationInput(
                amount=amount, currency="MAD", donated_on=date(2025, 3, 2), contact_id=donor.id
            ),
        )
        session.flush()
        return gift.id


def dues_payment(db: Database) -> int:
    setup_association(db)
    set_fee(db, "Actif", 2025, "100")
    member = add_member(db, "Nadia Cherkaoui", "0003", category="Actif")
    return pay(db, member, 2025, "100")


def chain_links(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(ReceiptChainLink)) or 0


def state(db: Database, receipt: Receipt) -> receipts.ReceiptState:
    with db.reading() as session:
        return receipts.receipt_state(session, receipt)


# -- issuing a receipt ---------------------------------------------------------------------------
@pytest.mark.parametrize("book", list(Book))
def test_preview_counts_nothing_then_original_then_duplicate(db: Database, book: Book) -> None:
    record_id = give(db) if book is Book.DONATIONS else dues_payment(db)
    receipt = Receipt(book, record_id)
    with db.reading() as session:  # the window's preview
        preview = receipts.preview_receipt(session, receipt, "fr")
    assert "Duplicata" not in pdfcheck.plain(preview)
    assert not state(db, receipt).issued

    delivered: list[bytes] = []
    for expected_prints in (1, 2):
        with db.transaction() as session:  # what the CLI and the window's runner open
            issued = receipts.issue_receipt(
                session, receipt, deliver=delivered.append, language="fr"
            )
        assert issued.prints == expected_prints
        assert issued.duplicate is (expected_prints > 1)
        assert delivered[-1] == issued.pdf
        assert ("Duplicata" in pdfcheck.plain(issued.pdf)) is issued.duplicate
    now = state(db, receipt)
    assert now.issued and now.prints == 2 and now.number == issued.number
    with db.reading() as session:  # once issued, the preview shows what a print would make
        assert "Duplicata" in pdfcheck.plain(receipts.preview_receipt(session, receipt, "fr"))


@pytest.mark.parametrize("book", list(Book))
def test_failed_delivery_rolls_the_print_count_back(db: Database, book: Book) -> None:
    record_id = give(db) if book is Book.DONATIONS else dues_payment(db)
    receipt = Receipt(book, record_id)
    links = chain_links(db)

    def printer_refuses(pdf: bytes) -> None:
        assert pdf.startswith(b"%PDF")  # rendered, then refused on the way out
        raise OSError("the printer is out of paper")

    with pytest.raises(OSError, match="out of paper"), db.transaction() as session:
        receipts.issue_receipt(session, receipt, deliver=printer_refuses)
    after = state(db, receipt)
    assert after.prints == 0 and after.issued_at is None  # not issued, not counted
    assert chain_links(db) == links  # not chained either

    with db.transaction() as session:  # the next print that leaves is the original
        issued = receipts.issue_receipt(session, receipt, deliver=lambda pdf: None)
    assert not issued.duplicate and issued.prints == 1
    assert chain_links(db) == links + 1


def test_issue_without_printing_makes_later_prints_duplicates(db: Database) -> None:
    receipt = Receipt(Book.DONATIONS, give(db))
    with db.transaction() as session:
        handed = receipts.issue_without_printing(session, receipt)
    assert handed.pdf == b"" and handed.prints == 1 and not handed.duplicate
    with pytest.raises(ValidationError, match="already issued"), db.transaction() as session:
        receipts.issue_without_printing(session, receipt)
    with db.transaction() as session:
        assert receipts.issue_receipt(session, receipt, deliver=lambda pdf: None).duplicate


def test_unknown_record_is_a_user_error(db: Database) -> None:
    with pytest.raises(NotFound) as raised, db.reading() as session:
        receipts.receipt_state(session, Receipt(Book.DUES, 999))
    assert isinstance(raised.value, UserError) and "999" in raised.value.message


def test_cli_receipt_goes_through_the_use_case(db: Database, tmp_path: Path, capsys) -> None:
    gift = give(db)
    db.close()
    given = where(db)  # the file, or the server's address: the same command on each
    missing = tmp_path / "no such folder" / "r.pdf"
    assert main(["--db", given, "receipt", str(gift), "-o", str(missing)]) == 1
    assert capsys.readouterr().err.startswith("Error: Cannot write")
    out = tmp_path / "r.pdf"
    assert main(["--db", given, "receipt", str(gift), "-o", str(out)]) == 0
    assert "(original)" in capsys.readouterr().out and out.read_bytes().startswith(b"%PDF")
    assert main(["--db", given, "receipt", "999", "-o", str(out)]) == 1
    assert capsys.readouterr().err == "Error: There is no donation number 999.\n"
    reopened = open_database(db.path or db.server)
    try:
        assert state(reopened, Receipt(Book.DONATIONS, gift)).prints == 1
    finally:
        reopened.close()


# -- restoring a backup --------------------------------------------------------------------------
@pytest.mark.sqlite_only  # a bundle restored over the SQLite file
def test_restore_a_bundle_in_two_steps(db: Database, tmp_path: Path) -> None:
    record_donations(db, 3)
    bundle = tmp_path / "b.assocdesk-backup"
    backup.create_bundle(db.path, bundle, now=NOW)
    record_donations(db, 2)  # made after the backup: the restore takes them away
    path = db.path
    db.close()

    checked = restoring.check_backup(bundle, path)
    assert checked.summary.counts["donations"] == 3
    assert checked.made_at == NOW and checked.reopen_password is None
    assert checked.extracted is not None and checked.extracted.folder.is_dir()
    result = restoring.install_backup(checked, path, now=NOW)
    assert not checked.extracted.folder.exists()  # renamed into place, the rest removed
    assert result.kept is not None and result.kept.exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM donations").fetchone()[0] == 3


@pytest.mark.sqlite_only  # a bundle restored over the SQLite file
def test_restore_a_database_copy_and_discard_a_checked_bundle(db: Database, tmp_path: Path) -> None:
    record_donations(db, 2)
    copy = rotation.backup_path(db.path, rotation.AUTO, NOW)
    copy.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db.path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    bundle = tmp_path / "b.assocdesk-backup"
    backup.create_bundle(db.path, bundle, now=NOW)
    record_donations(db, 4)
    path = db.path
    db.close()

    declined = restoring.check_backup(bundle, path)  # the person said no: nothing is left
    assert declined.extracted is not None
    declined.discard()
    assert not declined.extracted.folder.exists()

    checked = restoring.check_backup(copy, path)
    assert checked.extracted is None and checked.made_at is None
    assert checked.summary.counts["donations"] == 2
    result = restoring.install_backup(checked, path, now=NOW)
    assert copy.exists()  # an automatic copy stays, to be restored again
    assert result.summary.counts["donations"] == 2
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM donations").fetchone()[0] == 2


@pytest.mark.sqlite_only  # a bundle restored over the SQLite file
def test_refused_backup_is_a_user_error_and_changes_nothing(db: Database, tmp_path: Path) -> None:
    record_donations(db, 2)
    path = db.path
    db.close()
    before = path.read_bytes()
    fake = tmp_path / "holiday.assocdesk-backup"
    fake.write_bytes(b"PK\x03\x04 not a zip at all")
    with pytest.raises(BackupError) as raised:
        restoring.restore_backup(fake, path, now=NOW)
    assert isinstance(raised.value, UserError) and raised.value.message
    assert path.read_bytes() == before


@pytest.mark.sqlite_only  # a bundle restored over the SQLite file
def test_cancelled_check_is_a_cancelled(db: Database, tmp_path: Path) -> None:
    record_donations(db, 1)
    bundle = tmp_path / "b.assocdesk-backup"
    backup.create_bundle(db.path, bundle, now=NOW)
    path = db.path
    db.close()
    with pytest.raises(Cancelled):
        restoring.check_backup(bundle, path, progress=lambda done, total: False)
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


# -- erasing a person ----------------------------------------------------------------------------
def test_erase_then_clean(db: Database) -> None:
    gift = give(db, name="Zineb ELMOUDEN")
    with db.reading() as session:
        person = donations.get(session, gift).contact_id
    assert person is not None
    erased = erasing.erase_and_clean(db, person)
    assert erased.name == "Zineb ELMOUDEN" and erased.donations == 1
    with db.reading() as session:
        assert contacts.get(session, person).erased
        assert donations.get(session, gift).contact_id is None
    if db.path is not None:  # a file has bytes to read; a server's pages are not ours to read
        wal = db.path.with_name(db.path.name + "-wal")
        raw = db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        assert b"ELMOUDEN" not in raw  # the file was cleaned, not only the rows
    db.close()

    again = open_database(db.path or db.server)
    try:
        with pytest.raises(ValidationError, match="already erased"), again.transaction() as s:
            erasing.erase_person(s, person)
    finally:
        again.close()


# -- printing a batch ----------------------------------------------------------------------------
def test_print_statements_in_a_folder_and_its_errors(db: Database, tmp_path: Path) -> None:
    give(db, name="Karim OUAZZANI")
    give(db, name="Nadia CHERKAOUI")
    folder = tmp_path / "statements"
    result = printing.print_statements(db, 2025, out=folder, one_file=False, language="fr")
    assert result.count == 2 and len(list(folder.glob("*.pdf"))) == 2

    with pytest.raises(Cancelled):
        printing.print_statements(
            db, 2025, out=tmp_path / "stopped", one_file=False, progress=lambda d, t: False
        )
    assert not (tmp_path / "stopped").exists()

    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    with pytest.raises(printing.CannotWrite) as raised:
        printing.print_statements(db, 2025, out=blocker / "sub", one_file=False)
    assert isinstance(raised.value, UserError)
    assert raised.value.message.startswith("Cannot write") and "a file" in raised.value.message


def test_dues_update_and_donation_update_stay_in_place_for_free_fields(db: Database) -> None:
    """The use cases' neighbours: an issued receipt's notes still change in place."""
    payment = dues_payment(db)
    with db.transaction() as session:
        receipts.issue_receipt(session, Receipt(Book.DUES, payment), deliver=lambda pdf: None)
    with db.reading() as session:
        current = dues.get(session, payment)
        data = dues.PaymentInput(
            membership_id=current.membership_id,
            period_year=current.period_year,
            amount="100",
            currency="MAD",
            paid_on=current.paid_on,
            notes="paid at the general meeting",
        )
    with db.transaction() as session:
        assert dues.update(session, payment, data).notes == "paid at the general meeting"
