"""Page flow of the donor documents: the signature and the totals never alone on a page.

Regression (issue 16): the French yearly statement of a donor with 23 to 27 gifts (and 61 to
65) put "Fait à … / Le trésorier" alone at the top of page 2; the register of 29 and of 66–67
receipts in three currencies split its currency totals across two pages, and of 30 and 68 put
them alone on the last page. Each test renders the sizes around those and reads the pages back.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph, SimpleDocTemplate

from assocdesk.reports.bidi_text import shape
from assocdesk.reports.layout import Setup
from assocdesk.reports.page_flow import KeepEnd
from assocdesk.reports.register import render_register
from assocdesk.reports.statement import statement_pdf
from assocdesk.reports.statement_data import statement_rows
from assocdesk.services import association, contacts, donations
from assocdesk.services.association import ProfileInput
from assocdesk.services.donations import DonationInput
from assocdesk.storage.engine import Database
from tests.core.pdf_helpers import fold, pages_text, save_png

ISSUED = date(2026, 1, 1)
SIGNED = {"fr": "Fait à Casablanca, le 1er janvier 2026", "en": "Done at Casablanca on"}
TOTAL = {"fr": "Total :", "en": "Total:", "ar": "المجموع"}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 10, 1))


def _donor(db: Database) -> int:
    with db.transaction() as session:
        association.save(
            session,
            ProfileInput(
                name_fr="Association Al Amal",
                name_ar="جمعية الأمل",
                name_en="Al Amal Association",
                city="Casablanca",
                country="MA",
                default_language="fr",
                receipt_prefix="AML",
                treasurer_name="Karima Alaoui",
            ),
        )
        donor = contacts.create(
            session, contacts.ContactInput(name="Ahmed BENALI", address="12, rue des Orangers")
        )
        session.flush()
        return donor.id


def _give(db: Database, donor: int | None, count: int, start: int = 0) -> None:
    with db.transaction() as session:
        for i in range(start, start + count):
            donations.record(
                session,
                DonationInput(
                    amount=str(100 + i),
                    currency=("MAD", "EUR", "DZD")[i % 3] if donor is None else "MAD",
                    donated_on=date(2025, 1 + i % 12, 1 + i % 28),
                    contact_id=donor,
                    anonymous=donor is None,
                ),
            )


def _signature_page(pages: list[str], language: str) -> int:
    marker = SIGNED.get(language) or fold(shape("حُرّر في"))
    found = [i for i, page in enumerate(pages) if marker in page]
    assert len(found) == 1, f"the signature is printed once: {found}"
    return found[0]


@pytest.mark.parametrize(
    ("language", "sizes"),
    [("fr", [*range(21, 30), *range(60, 67)]), ("en", [25, 63]), ("ar", [25, 63])],
)
def test_the_signature_shares_its_page_with_the_last_rows_and_total(
    db: Database, tmp_path: Path, language: str, sizes: list[int]
) -> None:
    donor = _donor(db)
    given = 0
    for size in sizes:
        _give(db, donor, size - given, given)
        given = size
        with db.reading() as session:
            data = statement_rows(session, donor, 2025)
            setup = Setup.for_language(language, association.get(session))
        pdf = statement_pdf(setup, data, ISSUED)
        pages = pages_text(pdf)
        page = _signature_page(pages, language)
        last = pages[page]
        total = TOTAL[language] if language != "ar" else fold(shape(TOTAL["ar"]))
        assert total in last, f"{size} gifts: the total is on the signature's page"
        rows = [g.receipt_number for g in data.donations if g.receipt_number in last]
        assert rows, f"{size} gifts: no gift row on the signature's page {page + 1}"
        assert data.donations[-1].receipt_number in last  # the last row, not any row
        if size in (25, 63):
            save_png(pdf, tmp_path / f"statement_{language}_{size}.png", page=len(pages) - 1)


@pytest.mark.parametrize(
    ("language", "sizes"), [("fr", [28, 29, 30, 31, 65, 66, 67, 68]), ("en", [29, 67])]
)
def test_register_totals_stay_together_under_the_last_rows(
    db: Database, language: str, sizes: list[int]
) -> None:
    _donor(db)
    given = 0
    key = "Dons en numéraire (nombre" if language == "fr" else "Gifts in money (receipts"
    for size in sizes:
        _give(db, None, size - given, given)
        given = size
        with db.reading() as session:
            pages = pages_text(render_register(session, 2025, language=language))
        where = [i for i, page in enumerate(pages) if key in page]
        assert len(where) == 1, f"{size} receipts: currency totals on pages {where}"
        assert pages[where[0]].count(key) == 3  # MAD, EUR and DZD together
        assert f"AML-2025-{size:04d}" in pages[where[0]], f"{size}: the last row is above"


def test_keep_end_sends_the_last_rows_over_with_the_tail(tmp_path: Path) -> None:
    """A table that just fits with a tail that does not: two rows go with the tail."""
    import io

    from reportlab.platypus import Table

    rows = [["header"]] + [[f"row {i}"] for i in range(40)]
    table = Table(rows, repeatRows=1)
    tail = [Paragraph("TOTAL"), Paragraph("SIGNED")]
    buffer = io.BytesIO()
    # Room for the whole table (and the frame's paddings and margins), not for the tail too.
    _width, height = Table(rows, repeatRows=1).wrap(300, 10_000)
    document = SimpleDocTemplate(buffer, pagesize=(300, height + 2 * 72 + 12 + 5))
    document.build([KeepEnd(table, tail)])
    pages = pages_text(buffer.getvalue())
    assert len(pages) == 2
    assert "row 37" in pages[0] and "row 38" not in pages[0]
    assert pages[1].startswith("header row 38 row 39") and pages[1].endswith("TOTAL SIGNED")
