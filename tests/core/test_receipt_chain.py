"""A tamper-evident money trail (issue 18, point 13): issued receipts and voids are chained by
hash per book and year, and ``check`` finds any change made behind the app's back.

Each attack edits the database the way another program (or bit rot) would: a raw UPDATE or
DELETE behind the app's back (on the SQLite file and on a server alike), or a flipped byte in
the file itself (SQLite only); the check must name the receipt and what differs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk import i18n
from assocdesk.checks.chain_check import check_receipt_chains
from assocdesk.checks.check import CheckContext
from assocdesk.demo import filling
from assocdesk.models import ReceiptChainLink
from assocdesk.receipt_hash import GENESIS, link_hash
from assocdesk.services import contacts, donations, dues, members, merge, privacy, receipt_chain
from assocdesk.services.donations import DonationInput
from assocdesk.storage.engine import Database, create_sqlite_engine
from assocdesk.storage.migrations import runner
from tests.core.dues_helpers import add_member, pay, set_fee, setup_association
from tests.core.test_check import query, raw, where


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 6, 30))


def findings(target: Path | Database) -> list[str]:
    """What the chain's check says of the file at a path, or of a database on either backend."""
    if isinstance(target, Database) and target.on_server:
        with target.engine.connect() as connection:
            return [f.message for f in check_receipt_chains(CheckContext(connection))]
    path = target.path if isinstance(target, Database) else target
    engine = create_sqlite_engine(path, read_only=True)
    try:
        with engine.connect() as connection:
            return [f.message for f in check_receipt_chains(CheckContext(connection, path))]
    finally:
        engine.dispose()


def give(session: Session, donor: int | None, amount: str, day: date) -> int:
    donation = donations.record(
        session,
        DonationInput(
            amount=amount,
            currency="MAD",
            donated_on=day,
            contact_id=donor,
            anonymous=donor is None,
        ),
    )
    session.flush()
    return donation.id


@dataclass(frozen=True)
class Books:
    donor: int
    gifts: list[int]  # issued, issued, issued then voided, voided never issued, not issued
    payment: int  # an issued dues payment
    numbers: dict[int, str]  # donation id → receipt number


@pytest.fixture
def books(db: Database) -> Books:
    setup_association(db)
    set_fee(db, "Actif", 2025, "100")
    member = add_member(db, "Karim Benali", "0001", category="Actif")
    payment = pay(db, member, 2025, "100")
    with db.transaction() as session:
        person = contacts.create(session, contacts.ContactInput(name="Samira Idrissi"))
        session.flush()
        donor = person.id
        gifts = [give(session, donor, str(100 * n), date(2026, 3, n)) for n in range(1, 6)]
    with db.transaction() as session:
        donations.mark_printed(session, gifts[0])
        donations.mark_printed(session, gifts[0])  # a duplicate: no new link
        donations.issue_unprinted(session, gifts[1])
        donations.mark_printed(session, gifts[2])
        donations.void(session, gifts[2], "Wrong amount")
        donations.void(session, gifts[3], "Typed twice")
        dues.mark_printed(session, payment)
    with db.reading() as session:
        numbers = {g: donations.get(session, g).receipt_number for g in gifts}
    return Books(donor, gifts, payment, numbers)


def links(db: Database) -> list[tuple]:
    with db.reading() as session:
        return list(
            session.execute(
                select(
                    ReceiptChainLink.book,
                    ReceiptChainLink.year,
                    ReceiptChainLink.position,
                    ReceiptChainLink.event,
                    ReceiptChainLink.record_id,
                    ReceiptChainLink.status,
                ).order_by(ReceiptChainLink.book, ReceiptChainLink.year, ReceiptChainLink.position)
            )
        )


def test_issues_and_voids_are_chained_and_verify(db: Database, books: Books) -> None:
    g = books.gifts
    assert links(db) == [
        ("donations", 2026, 1, "issue", g[0], "recorded"),
        ("donations", 2026, 2, "issue", g[1], "recorded"),
        ("donations", 2026, 3, "issue", g[2], "recorded"),
        ("donations", 2026, 4, "void", g[2], "void"),
        ("donations", 2026, 5, "void", g[3], "void"),
        ("dues", 2025, 1, "issue", books.payment, "recorded"),
    ]
    with db.reading() as session:
        chain = session.scalars(
            select(ReceiptChainLink)
            .where(ReceiptChainLink.book == "donations")
            .order_by(ReceiptChainLink.position)
        ).all()
    assert chain[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(chain))
    assert findings(db) == []


def test_a_flipped_amount_of_an_issued_donation_is_named(db: Database, books: Books) -> None:
    number = books.numbers[books.gifts[0]]
    raw(db, f"UPDATE donations SET amount_minor = 1000000 WHERE id = {books.gifts[0]}")
    assert findings(db) == [
        f"Receipt {number} differs from the receipt chain: amount: 10000.00 in the record, "
        "100.00 in the chain."
    ]


@pytest.mark.parametrize(
    ("column", "value", "what"),
    [
        ("currency", "'EUR'", "currency: EUR in the record, MAD in the chain"),
        ("donated_on", "'2026-03-09'", "date: 2026-03-09 in the record, 2026-03-02 in the chain"),
        ("contact_id", "NULL", "donor: — in the record, {donor} in the chain"),
        ("receipt_number", "'AML-2026-0099'", "receipt number: AML-2026-0099 in the record"),
    ],
)
def test_a_changed_chained_value_is_named(
    db: Database, books: Books, column: str, value: str, what: str
) -> None:
    gift = books.gifts[1]
    raw(db, f"UPDATE donations SET {column} = {value} WHERE id = {gift}")
    [message] = findings(db)
    assert message.startswith(f"Receipt {books.numbers[gift]} differs from the receipt chain: ")
    assert what.format(donor=books.donor) in message


def test_a_method_or_notes_change_is_not_a_chained_value(db: Database, books: Books) -> None:
    raw(db, f"UPDATE donations SET method = 'c`sh', notes = 'x' WHERE id = {books.gifts[0]}")
    assert findings(db) == []


@pytest.mark.sqlite_only  # a byte of the file
def test_a_flipped_byte_in_a_stored_hash_names_the_link(db: Database, books: Books) -> None:
    """Bit rot in the file itself: one hex digit of link 2's hash changes, and nothing else."""
    with db.reading() as session:
        first, stored = session.execute(
            select(ReceiptChainLink.prev_hash, ReceiptChainLink.hash).where(
                ReceiptChainLink.book == "donations", ReceiptChainLink.position == 2
            )
        ).one()
    db.close()
    raw(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.path.read_bytes())
    # Link 2's row ends with its prev_hash then its hash (link 3's starts with the same hash).
    at = data.find((first + stored).encode()) + 64
    assert at > 64 and data.find((first + stored).encode(), at) == -1
    data[at + 10] = ord("0") if data[at + 10] != ord("0") else ord("1")
    db.path.write_bytes(bytes(data))
    assert sqlite3.connect(db.path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    number = books.numbers[books.gifts[1]]
    assert findings(db) == [
        f"Donation receipts of 2026: link 2 of the receipt chain (receipt {number}) was altered: "
        "its content no longer matches its hash."
    ]


def test_an_edited_field_inside_a_link_names_the_link(db: Database, books: Books) -> None:
    raw(
        db,
        "UPDATE receipt_chain_links SET amount_minor = 99 WHERE book = 'donations' "
        "AND position = 3",
    )
    found = findings(db)
    number = books.numbers[books.gifts[2]]
    assert found[0] == (
        f"Donation receipts of 2026: link 3 of the receipt chain (receipt {number}) was altered: "
        "its content no longer matches its hash."
    )


def test_a_rebuilt_link_that_does_not_follow_is_named(db: Database, books: Books) -> None:
    """Link 3 rewritten with a hash of its own, made from a wrong previous hash."""
    [row] = query(
        db,
        "SELECT book, year, position, event, record_id, receipt_number, amount_minor, currency,"
        " dated_on, party_id, status FROM receipt_chain_links WHERE book = 'donations'"
        " AND position = 3",
    )
    keys = ("book", "year", "position", "event", "record_id", "receipt_number")
    fields = dict(zip(keys, row[:6], strict=True))
    fields.update(
        amount_minor=row[6], currency=row[7], date=row[8], party_id=row[9], status=row[10]
    )
    forged = link_hash(GENESIS, fields)
    raw(
        db,
        f"UPDATE receipt_chain_links SET prev_hash = '{GENESIS}', hash = '{forged}'"
        " WHERE book = 'donations' AND position = 3",
    )
    number = books.numbers[books.gifts[2]]
    assert findings(db)[0] == (
        f"Donation receipts of 2026: link 3 of the receipt chain (receipt {number}) does not "
        "follow the link before it."
    )


def test_a_deleted_middle_link_is_named(db: Database, books: Books) -> None:
    raw(db, "DELETE FROM receipt_chain_links WHERE book = 'donations' AND position = 2")
    found = findings(db)
    assert found[0] == (
        "Donation receipts of 2026: link 2 of the receipt chain is missing (the chain goes on "
        f"with receipt {books.numbers[books.gifts[2]]})."
    )
    number = books.numbers[books.gifts[1]]
    assert f"Receipt {number} was issued but is not in the receipt chain." in found


def test_a_voided_then_unvoided_record_is_found(db: Database, books: Books) -> None:
    gift = books.gifts[2]
    raw(db, f"UPDATE donations SET status = 'recorded', voided_at = NULL WHERE id = {gift}")
    assert findings(db) == [
        f"Receipt {books.numbers[gift]} is in the receipt chain as void, but its record is not "
        "void."
    ]


def test_a_record_unissued_voided_or_gone_behind_the_app_is_found(
    db: Database, books: Books
) -> None:
    g, n = books.gifts, books.numbers
    raw(
        db,
        f"UPDATE donations SET receipt_issued_at = NULL, receipt_prints = 0 WHERE id = {g[0]}",
        f"DELETE FROM donations WHERE id = {g[1]}",
        f"UPDATE donations SET status = 'void' WHERE id = {g[4]}",
    )
    assert findings(db) == [
        f"Receipt {n[g[0]]} is in the receipt chain as issued, but its record says it was not "
        "issued.",
        f"Receipt {n[g[1]]} is in the receipt chain, but its record is gone.",
        f"Receipt {n[g[4]]} is void but its voiding is not in the receipt chain.",
    ]


def test_an_issued_dues_receipt_tampered_is_named(db: Database, books: Books) -> None:
    with db.reading() as session:
        number = dues.get(session, books.payment).receipt_number
    raw(db, f"UPDATE dues_payments SET amount_minor = 1000 WHERE id = {books.payment}")
    assert findings(db) == [
        f"Receipt {number} differs from the receipt chain: amount: 10.00 in the record, "
        "100.00 in the chain."
    ]
    raw(db, "UPDATE receipt_chain_links SET currency = 'EUR' WHERE book = 'dues'")
    assert findings(db)[0] == (
        f"Dues receipts of 2025: link 1 of the receipt chain (receipt {number}) was altered: "
        "its content no longer matches its hash."
    )


def test_many_tampered_receipts_are_listed_up_to_twenty_then_counted(db: Database) -> None:
    with db.transaction() as session:
        gifts = [give(session, None, "10", date(2026, 1, 5)) for _ in range(25)]
    for gift in gifts:
        with db.transaction() as session:
            donations.issue_unprinted(session, gift)
    raw(db, "UPDATE donations SET amount_minor = amount_minor + 1")
    found = findings(db)
    assert len(found) == 21
    assert found[-1] == "… and 5 more receipts differ from the receipt chain."


def test_merging_donors_with_issued_receipts_keeps_the_chains_whole(db: Database) -> None:
    setup_association(db)
    for year in (2024, 2025):
        set_fee(db, "Actif", year, "100")
    kept = add_member(db, "Zineb Alaoui", "0001", category="Actif")
    other = add_member(db, "Zineb Alaoui Q.", "0002", category="Actif")
    kept_dues = pay(db, kept, 2025, "60")
    other_dues = pay(db, other, 2024, "40")
    with db.transaction() as session:
        keep_id = members.get(session, kept).contact_id
        other_id = members.get(session, other).contact_id
        gifts = [give(session, other_id, "50", date(2026, 2, d)) for d in (1, 2, 3)]
    with db.transaction() as session:
        donations.mark_printed(session, gifts[0])
        donations.void(session, gifts[1], "Double entry")
        dues.mark_printed(session, other_dues)
        dues.mark_printed(session, kept_dues)
    with db.transaction() as session:
        merge.merge(session, keep_id, other_id)
    assert findings(db) == []
    donor_links = [(b, e, r) for b, _y, _p, e, r, _s in links(db) if e == "donor"]
    assert donor_links == [
        ("donations", "donor", gifts[0]),
        ("donations", "donor", gifts[1]),
        ("dues", "donor", other_dues),
    ]
    # The chain tells the truth after the merge too: a receipt moved back by hand is found.
    raw(db, f"UPDATE donations SET contact_id = {keep_id + 1000} WHERE id = {gifts[0]}")
    assert "donor: " in findings(db)[0]


def test_erasing_a_donor_with_issued_receipts_keeps_the_chains_whole(db: Database) -> None:
    setup_association(db)
    with db.transaction() as session:
        person = contacts.create(session, contacts.ContactInput(name="Hafsa Tazi"))
        session.flush()
        donor = person.id
        gifts = [give(session, donor, "75", date(2026, 4, d)) for d in (1, 2, 3)]
    with db.transaction() as session:
        donations.mark_printed(session, gifts[0])
        donations.void(session, gifts[1], "Cheque bounced")
    with db.transaction() as session:
        privacy.erase(session, donor)
    privacy.scrub_file(db)
    assert findings(db) == []
    events = [(e, r) for b, _y, _p, e, r, _s in links(db)]
    assert events[-2:] == [("donor", gifts[0]), ("donor", gifts[1])]
    if not db.on_server:  # nothing of her left in the file's free pages either
        conn = sqlite3.connect(db.path)
        dumped = "\n".join(conn.iterdump())
        conn.close()
        assert "Hafsa" not in dumped and "Tazi" not in dumped


@pytest.fixture
def database_at_0010(tmp_path: Path) -> Iterator[Path]:
    """A database left at revision 0010 with issued receipts and voids, made there.

    Written in SQL as that revision's tables are, not through today's models (which have
    columns a later migration adds)."""
    path = tmp_path / "old.sqlite3"
    engine = create_sqlite_engine(path)
    runner.upgrade(engine, "0010")
    stamp = "2025-05-01 08:00:00.000000"
    gifts = [(n, f"{10 * n}00", f"2025-05-0{n}", 2025, n, 1) for n in range(1, 5)]
    gifts.append((5, "3000", "2026-01-02", 2026, 1, None))
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO contacts (id, kind, name, phone, email, address, city, country, "
            "is_minor, consent_publish_name, consent_publish_photo, consent_contact, notes, "
            "search_text, uuid, created_at, updated_at) VALUES (1, 'person', 'Omar Filali', '',"
            " '', '', '', '', 0, 0, 0, 0, '', 'omar filali', ?, ?, ?)",
            (str(uuid4()), stamp, stamp),
        )
        for gift, amount, day, year, seq, donor in gifts:
            made = (str(uuid4()), stamp, stamp)
            conn.exec_driver_sql(
                "INSERT INTO donations (id, donated_on, amount_minor, currency, method, "
                "in_kind_description, receipt_year, receipt_seq, receipt_number, status, "
                "void_reason, notes, contact_id, uuid, created_at, updated_at) VALUES "
                "(?, ?, ?, 'MAD', 'cash', '', ?, ?, ?, 'recorded', '', '', ?, ?, ?, ?)",
                (gift, day, int(amount), year, seq, f"R-{year}-{seq:04d}", donor, *made),
            )
        conn.exec_driver_sql("INSERT INTO receipt_counters VALUES (2025, 4), (2026, 1)")
        for gift, issued, voided in (
            (1, "2025-05-03 09:00:00.000000", None),
            (2, "2025-05-02 09:00:00.000000", "2025-06-01 10:00:00.000000"),
            (3, None, "2025-05-02 09:00:00.000000"),
            (5, "2026-01-03 09:00:00.000000", None),
        ):
            conn.exec_driver_sql(
                "UPDATE donations SET receipt_issued_at = ?, receipt_prints = ?, voided_at = ?,"
                " status = ? WHERE id = ?",
                (issued, int(issued is not None), voided, "void" if voided else "recorded", gift),
            )
    engine.dispose()
    yield path


def test_the_migration_chains_receipts_issued_and_voided_before_it(
    database_at_0010: Path,
) -> None:
    engine = create_sqlite_engine(database_at_0010)
    runner.upgrade(engine, "head")
    engine.dispose()
    conn = sqlite3.connect(database_at_0010)
    rows = conn.execute(
        "SELECT year, position, event, record_id, status FROM receipt_chain_links"
        " ORDER BY book, year, position"
    ).fetchall()
    conn.close()
    # 2025: by time, then id: issue of 2 (05-02 09:00), void of 3 (same time, higher id),
    # issue of 1 (05-03), void of 2 (06-01). 2026: the issue of 5.
    assert rows == [
        (2025, 1, "issue", 2, "recorded"),
        (2025, 2, "void", 3, "void"),
        (2025, 3, "issue", 1, "recorded"),
        (2025, 4, "void", 2, "void"),
        (2026, 1, "issue", 5, "recorded"),
    ]
    assert findings(database_at_0010) == []
    raw(database_at_0010, "UPDATE donations SET amount_minor = 11 WHERE id = 1")
    assert "amount: 0.11 in the record, 10.00 in the chain" in findings(database_at_0010)[0]


def test_a_file_older_than_the_chain_is_skipped(database_at_0010: Path) -> None:
    assert findings(database_at_0010) == []


def test_records_written_in_bulk_are_chained_afterwards(db: Database) -> None:
    """What the demo writes (voids without links) is chained by chain_unlinked, after what
    the series already holds."""
    with db.transaction() as session:
        gifts = [give(session, None, "20", date(2026, 5, d)) for d in (1, 2, 3)]
        donations.issue_unprinted(session, gifts[0])
    raw(
        db,
        f"UPDATE donations SET status = 'void', voided_at = '2026-05-09 10:30:00.000000' "
        f"WHERE id IN ({gifts[1]}, {gifts[2]})",
    )
    assert len(findings(db)) == 2
    with db.transaction() as session:
        assert receipt_chain.chain_unlinked(session) == 2
        assert receipt_chain.chain_unlinked(session) == 0
    assert [(p, e, r) for _b, _y, p, e, r, _s in links(db)] == [
        (1, "issue", gifts[0]),
        (2, "void", gifts[1]),
        (3, "void", gifts[2]),
    ]
    assert findings(db) == []


def test_a_fresh_demo_database_verifies(db: Database) -> None:
    filling.fill(db, "small", seed=3)
    [(voids,)] = query(db, "SELECT count(*) FROM donations WHERE status = 'void'")
    assert voids > 0  # the demo's voided gifts are in the chain
    assert findings(db) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "يختلف عن سلسلة الوصولات"),
        ("fr", "diffère de la chaîne des reçus"),
    ],
)
def test_messages_are_translated(db: Database, books: Books, language: str, expected: str) -> None:
    raw(db, f"UPDATE donations SET amount_minor = 7 WHERE id = {books.gifts[0]}")
    i18n.set_language(language)
    [message] = findings(db)
    assert expected in message and books.numbers[books.gifts[0]] in message


def test_cli_check_reports_the_broken_link_in_one_line(
    db: Database, books: Books, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """As the lead registers it in CHECKS: `assocdesk-cli check` shows the line, exit 1."""
    from assocdesk.checks import check
    from assocdesk.cli import main

    monkeypatch.setenv("ASSOCDESK_LANG", "en")
    monkeypatch.setattr(check, "CHECKS", [*check.CHECKS, ("receipt_chain", check_receipt_chains)])
    db.close()
    assert main(["--db", where(db), "check"]) == 0
    capsys.readouterr()
    raw(db, "DELETE FROM receipt_chain_links WHERE book = 'dues'")
    assert main(["--db", where(db), "check"]) == 1
    out = capsys.readouterr().out
    [(number,)] = query(db, "SELECT receipt_number FROM dues_payments")
    assert f"Receipt {number} was issued but is not in the receipt chain." in out
