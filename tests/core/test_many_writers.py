"""Eight desks recording donations of the same year at once on one server: the receipt book
has no hole and no repeat, every committed gift is there, and the hash chain is whole."""

from __future__ import annotations

from sqlalchemy import func, select

from assocdesk.models import Donation, ReceiptChainLink, ReceiptCounter
from assocdesk.storage.opening import open_database
from tests.core.server_writer import run_desks

DESKS = 8
EACH = 25


def test_eight_desks_at_once_leave_a_gapless_book(server_url: str) -> None:
    lines, _seconds = run_desks(server_url, DESKS, EACH, timeout=300)
    committed: dict[int, str] = {}
    for line in lines:
        donation_id, number, _elapsed = line.split()
        committed[int(donation_id)] = number
    assert len(committed) == DESKS * EACH

    database = open_database(server_url, create=False)
    try:
        with database.reading() as session:
            rows = session.execute(
                select(Donation.id, Donation.receipt_seq, Donation.receipt_number).where(
                    Donation.receipt_year == 2025
                )
            ).all()
            counter = session.scalar(
                select(ReceiptCounter.last_number).where(ReceiptCounter.year == 2025)
            )
            links = session.scalar(select(func.count()).select_from(ReceiptChainLink))
        assert {row.id: row.receipt_number for row in rows} == committed
        assert sorted(row.receipt_seq for row in rows) == list(range(1, DESKS * EACH + 1))
        assert counter == DESKS * EACH
        assert links == DESKS * ((EACH + 1) // 2)
    finally:
        database.close()
