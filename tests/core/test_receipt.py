"""Donation receipts in three languages, read back from the PDF."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.lib.pagesizes import A4, A5

from assocdesk.i18n import translate_in
from assocdesk.models import DonationMethod
from assocdesk.reports.fonts import FontError, document_fonts
from assocdesk.reports.receipt import render_receipt
from assocdesk.services import association, contacts, donations
from assocdesk.services.donations import DonationInput
from assocdesk.storage.engine import Database
from assocdesk.text.amount_words import amount_in_words
from tests import pdfcheck

ARABIC_NAME = "أحمد بنعلي"


@pytest.fixture
def gift(db: Database) -> int:
    """A 1 500,50 MAD cash gift by a donor with an Arabic name who prefers Arabic."""
    with db.transaction() as session:
        association.save(
            session,
            association.ProfileInput(
                name_ar="جمعية الأمل",
                name_fr="Association Al Amal",
                name_en="Al Amal Association",
                city="Casablanca",
                country="MA",
                receipt_prefix="AML",
                treasurer_name="Karima SAIDI",
                default_language="fr",
            ),
        )
        donor = contacts.create(
            session,
            contacts.ContactInput(name=ARABIC_NAME, city="Casablanca", preferred_language="ar"),
        )
        session.flush()
        donation = donations.record(
            session,
            DonationInput(
                amount="1500,50", currency="MAD", donated_on=date(2026, 3, 2), contact_id=donor.id
            ),
        )
        session.flush()
        return donation.id


def receipt(db: Database, donation_id: int, **options: object) -> bytes:
    with db.reading() as session:
        return render_receipt(session, donation_id, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_receipt_states_number_donor_amount_and_words(
    db: Database, gift: int, language: str
) -> None:
    pdf = receipt(db, gift, language=language)
    content = pdfcheck.plain(pdf)
    assert pdfcheck.page_count(pdf) == 1
    assert "AML-2026-0001" in content
    assert pdfcheck.has_words(pdf, ARABIC_NAME)
    words = amount_in_words(150050, "MAD", language)
    assert pdfcheck.has_words(pdf, words[1:])  # the first letter is capitalized
    assert translate_in(language, "Donation receipt") in content
    assert "Karima SAIDI" in content
    figures = {"ar": "1.500,50", "fr": "1 500,50", "en": "1,500.50"}[language]
    assert figures in content.replace("\u202f", " ").replace("\xa0", " ")


def test_arabic_receipt_is_shaped_and_drawn_right_to_left(db: Database, gift: int) -> None:
    pdf = receipt(db, gift)  # the donor prefers Arabic
    assert pdfcheck.is_shaped(pdf)
    for word in (*ARABIC_NAME.split(), "جمعية", "الأمل"):
        assert pdfcheck.drawn_right_to_left(pdf, word), word
    assert not pdfcheck.drawn_right_to_left(pdf, "SAIDI")


def test_language_follows_donor_then_association(db: Database, gift: int) -> None:
    assert translate_in("ar", "Donation receipt") in pdfcheck.plain(receipt(db, gift))
    with db.transaction() as session:
        donor_id = donations.get(session, gift).contact_id
        data = contacts.ContactInput.from_contact(contacts.get(session, donor_id))
        data.preferred_language = None
        contacts.update(session, donor_id, data)
    assert translate_in("fr", "Donation receipt") in pdfcheck.plain(receipt(db, gift))


def test_reprint_differs_only_by_the_duplicate_mark(db: Database, gift: int) -> None:
    with db.transaction() as session:
        donations.mark_printed(session, gift)
    original = pdfcheck.plain(receipt(db, gift, language="fr"))
    duplicate = pdfcheck.plain(receipt(db, gift, language="fr", duplicate=True))
    mark = f"— {translate_in('fr', 'Duplicate')} —"
    assert mark not in original and mark in duplicate
    assert duplicate.replace(mark, "").split() == original.split()


def test_void_receipt_is_marked_with_its_reason(db: Database, gift: int) -> None:
    with db.transaction() as session:
        donations.void(session, gift, "Chèque sans provision")
    content = pdfcheck.plain(receipt(db, gift, language="fr"))
    assert translate_in("fr", "VOID") in content
    assert "Chèque sans provision" in content


def test_a_latin_void_reason_keeps_its_brackets_in_an_arabic_receipt(
    db: Database, gift: int
) -> None:
    with db.transaction() as session:
        donations.void(session, gift, "Saisie en double (AML-12)")
    content = pdfcheck.plain(receipt(db, gift, language="ar"))
    assert "Saisie en double (AML-12)" in content


def test_corrected_receipt_names_the_voided_one(db: Database, gift: int) -> None:
    with db.transaction() as session:
        old = donations.get(session, gift)
        data = DonationInput(
            amount="1600", currency="MAD", donated_on=old.donated_on, contact_id=old.contact_id
        )
        new_id = donations.correct(session, gift, data, "Montant").id
    content = pdfcheck.plain(receipt(db, new_id, language="en"))
    assert "AML-2026-0002" in content and "AML-2026-0001" in content


def test_in_kind_receipt_shows_what_was_given(db: Database, gift: int) -> None:
    with db.transaction() as session:
        donor_id = donations.get(session, gift).contact_id
        donation_id = donations.record(
            session,
            DonationInput(
                amount="2400",
                currency="MAD",
                donated_on=date(2026, 3, 5),
                contact_id=donor_id,
                method=DonationMethod.IN_KIND,
                in_kind_description="50 قفة غذائية",
            ),
        ).id
    pdf = receipt(db, donation_id, language="fr")
    assert pdfcheck.has_words(pdf, "50 قفة غذائية")
    content = pdfcheck.plain(pdf)
    assert translate_in("fr", "Estimated value") in content


def test_anonymous_receipt(db: Database, gift: int) -> None:
    with db.transaction() as session:
        donation_id = donations.record(
            session,
            DonationInput(
                amount="100", currency="MAD", donated_on=date(2026, 3, 5), anonymous=True
            ),
        ).id
    assert translate_in("en", "Anonymous donor") in pdfcheck.plain(
        receipt(db, donation_id, language="en")
    )


def test_a5_paper_from_settings(db: Database, gift: int) -> None:
    import io

    import pypdf

    with db.transaction() as session:
        data = association.ProfileInput.from_profile(association.get(session))
        data.receipt_paper = "A5"
        association.save(session, data)
    page = pypdf.PdfReader(io.BytesIO(receipt(db, gift))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == tuple(
        round(v) for v in A5
    )
    assert tuple(round(v) for v in A5) != tuple(round(v) for v in A4)


def test_font_without_arabic_is_refused_clearly() -> None:
    latin_only = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
    with pytest.raises(FontError, match="cannot draw"):
        document_fonts(latin_only)
    with pytest.raises(FontError, match="does not exist"):
        document_fonts("/nowhere/font.ttf")


def test_default_font_has_arabic_and_latin() -> None:
    assert document_fonts().path.name == "Amiri-Regular.ttf"


def _png(path, width: int = 64, height: int = 40) -> None:
    """A small solid PNG, written by hand (no image library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1f\x4e\x79" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_long_name_never_runs_under_the_logo(
    db: Database, gift: int, tmp_path, language: str
) -> None:
    """Regression: a long French name was drawn across the logo, its end hidden under it."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from assocdesk.reports.layout import LogoAndName, Setup

    logo = tmp_path / "logo.png"
    _png(logo)
    with db.transaction() as session:
        profile = association.ProfileInput.from_profile(association.get(session))
        profile.name_fr = (
            "Association Al Amal pour le développement et la solidarité de Hay Mohammadi"
        )
        profile.name_ar = "جمعية الأمل للتنمية والتضامن والعمل الاجتماعي بحي المحمدي الدار البيضاء"
        profile.logo_path = str(logo)
        saved = association.save(session, profile)
        setup = Setup.for_language(language, saved)
    head = LogoAndName(setup)
    _width, height = head.wrap(setup.frame_width, 200)
    room = setup.frame_width - head.logo_width - 4 * mm
    assert head.lines and height >= head.logo_height
    for line in head.lines:
        assert stringWidth(line, setup.fonts.bold, head.size) <= room
    assert pdfcheck.has_words(
        receipt(db, gift, language=language), "Al Amal" if language == "fr" else "الأمل"
    )
