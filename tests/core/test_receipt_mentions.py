"""What a receipt must state for a donor, an auditor and a tax office (issue 16, point 4), in
Arabic, French and English; Mashreq words and Arabic-Indic digits; titles that agree."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from assocdesk.models import Contact, DonationMethod
from assocdesk.reports.dues_receipt import render_dues_receipt
from assocdesk.reports.receipt import render_receipt
from assocdesk.reports.statement import render_statement
from assocdesk.storage.engine import Database
from tests import pdfcheck
from tests.core.donor_documents import EGYPT, MOROCCO, add_contact, add_gift, set_profile
from tests.core.dues_helpers import add_member, pay, set_fee
from tests.core.pdf_helpers import all_text, fold, has_arabic_drawn, save_png


def indic_runs(text: str) -> str:
    """pypdf gives runs of Arabic-Indic digits back to front (it takes them for Arabic
    letters drawn in visual order): turned round, they read as written."""
    return re.sub("[\u0660-\u0669\u066b\u066c]+", lambda m: m.group()[::-1], text)


SNAPSHOTS = os.environ.get("DOCS_PNG")  # a folder to keep the PNGs in, to look at them


def snapshot(pdf: bytes, tmp_path: Path, name: str) -> None:
    save_png(pdf, Path(SNAPSHOTS or tmp_path) / f"{name}.png")


def receipt(db: Database, donation_id: int, language: str) -> str:
    with db.reading() as session:
        return render_receipt(session, donation_id, language=language)


@pytest.fixture
def morocco_cheque(db: Database) -> int:
    set_profile(db, MOROCCO)
    donor = add_contact(
        db,
        "Bouchra Belkacem",
        gender="female",
        address="زنقة 33 رقم 22, حي السلام",
        city="المحمدية",
        country="MA",
        id_kind="CIN",
        id_number="BK123456",
    )
    return add_gift(
        db,
        donor,
        "1200",
        "MAD",
        method=DonationMethod.CHEQUE,
        cheque_number="0004512",
        bank="Banque Populaire",
    )


MENTIONS = {
    "fr": [
        "Association reconnue d'utilité publique",
        "Décret n° 2-13-456 du 12 juin 2013",
        "ICE 001234567000089",
        "IF 12345678",
        "Mme Bouchra Belkacem",
        "CIN : BK123456",
        "Don sans contrepartie",
        "0004512",
        "Banque Populaire",
        "Mille deux cents dirhams",
        "19 janvier 2025",
        "La trésorière",
        "Karima SAIDI",
        "Cachet de l'association",
    ],
    "en": [
        "Association recognized as being of public utility",
        "ICE 001234567000089",
        "Mrs Bouchra Belkacem",
        "CIN: BK123456",
        "Gift without consideration",
        "0004512",
        "Banque Populaire",
        "One thousand two hundred dirhams",
        "January 19, 2025",
        "Treasurer",
        "Stamp of the association",
    ],
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_donation_receipt_mentions(
    db: Database, morocco_cheque: int, language: str, tmp_path: Path
) -> None:
    pdf = receipt(db, morocco_cheque, language)
    snapshot(pdf, tmp_path, f"receipt_cheque_{language}")
    text = fold(all_text(pdf)).replace("\u202f", " ").replace("\xa0", " ")
    missing = [m for m in MENTIONS[language] if m not in text]
    assert not missing, text


def test_arabic_receipt_mentions(db: Database, morocco_cheque: int, tmp_path: Path) -> None:
    pdf = receipt(db, morocco_cheque, "ar")
    snapshot(pdf, tmp_path, "receipt_cheque_ar")
    text = all_text(pdf)
    for phrase in (
        "جمعية ذات منفعة عامة",
        "السيدة",
        "تبرع بدون مقابل",
        "رقم الشيك",
        "أمينة المال",
        "ألف ومائتا درهم",
        "وصل تبرع",
        "ختم الجمعية",
    ):
        assert has_arabic_drawn(text, phrase) or phrase in text, phrase
    assert pdfcheck.has_words(pdf, "19 يناير 2025")  # the long date
    for latin in ("ICE 001234567000089", "BK123456", "0004512", "Banque Populaire"):
        assert latin in text
    # «،» in the donor's and the association's addresses, never a Latin comma after Arabic.
    assert "\u060c" in text and "22," not in text


def test_in_kind_gift_says_who_valued_it(db: Database, tmp_path: Path) -> None:
    set_profile(db, MOROCCO)
    donor = add_contact(db, "Hassan Amrani", gender="male")
    gift = add_gift(
        db,
        donor,
        "800",
        "MAD",
        method=DonationMethod.IN_KIND,
        in_kind_description="20 couvertures",
        valued_by="Karima SAIDI, prix d'achat sur facture",
    )
    pdf = receipt(db, gift, "fr")
    snapshot(pdf, tmp_path, "receipt_in_kind_fr")
    text = fold(all_text(pdf))
    assert "Évalué par" in text and "prix d'achat sur facture" in text
    assert "M. Hassan Amrani" in text and "20 couvertures" in text


def test_unknown_genders_take_the_neutral_titles(db: Database) -> None:
    profile = MOROCCO.__class__(**{**MOROCCO.__dict__, "treasurer_gender": None})
    set_profile(db, profile)
    donor = add_contact(db, "Sam Benali")
    gift = add_gift(db, donor, "100", "MAD")
    text = fold(all_text(receipt(db, gift, "fr")))
    assert "Le/La trésorier(ère)" in text
    assert "M. Sam" not in text and "Mme Sam" not in text and "Sam Benali" in text


def test_dues_receipt_has_the_mentions_but_is_no_gift(db: Database, tmp_path: Path) -> None:
    set_profile(db, MOROCCO)
    membership = add_member(db, "Nadia Tazi", "M-014")
    with db.transaction() as session:
        contact = session.get(Contact, 1)
        assert contact is not None and contact.name == "Nadia Tazi"
        contact.gender, contact.id_kind, contact.id_number = "female", "CIN", "AB998877"
    set_fee(db, "", 2025, "200")
    payment = pay(db, membership, 2025, "200")
    for language in ("ar", "fr", "en"):
        with db.reading() as session:
            pdf = render_dues_receipt(session, payment, language=language)
        snapshot(pdf, tmp_path, f"dues_receipt_{language}")
        text = fold(all_text(pdf))
        assert "ICE 001234567000089" in text and "AB998877" in text
        if language == "fr":
            assert "Mme Nadia Tazi" in text and "La trésorière" in text
            assert "Don sans contrepartie" not in text
        if language == "ar":
            assert has_arabic_drawn(text, "أمينة المال")
            assert not has_arabic_drawn(text, "تبرع بدون مقابل")


@pytest.fixture
def egypt_gift(db: Database) -> int:
    set_profile(db, EGYPT)  # Arabic-Indic digits by default in Egypt
    donor = add_contact(db, "أحمد فؤاد", gender="male", address="12 شارع النيل", city="الجيزة")
    return add_gift(db, donor, "1500.50", "EGP")


def test_egyptian_receipt_speaks_mashreq_with_arabic_indic_digits(
    db: Database, egypt_gift: int, tmp_path: Path
) -> None:
    pdf = receipt(db, egypt_gift, "ar")
    snapshot(pdf, tmp_path, "receipt_eg_ar")
    text = indic_runs(all_text(pdf))
    assert has_arabic_drawn(text, "إيصال تبرع") and not has_arabic_drawn(text, "وصل تبرع")
    assert "١٬٥٠٠٫٥٠" in text  # the amount, with the Arabic marks
    assert "٢٠٢٥" in text  # the year of the dates
    assert "NUR-2025-0001" in text  # an identifier keeps its Latin digits
    assert "1,500.50" not in text and "19 يناير 2025" not in text
    # In French the same receipt keeps Latin digits and its own words.
    french = fold(all_text(receipt(db, egypt_gift, "fr")))
    assert "Reçu de don" in french or "Reçu" in french
    assert "٢" not in french


def test_latin_digits_when_the_setting_says_so(db: Database) -> None:
    set_profile(db, EGYPT.__class__(**{**EGYPT.__dict__, "arabic_digits": "latin"}))
    donor = add_contact(db, "أحمد فؤاد")
    gift = add_gift(db, donor, "1500.50", "EGP")
    text = all_text(receipt(db, gift, "ar"))
    assert "1,500.50" in text and "١" not in text


def test_statement_signer_agrees_with_the_treasurer(db: Database, morocco_cheque: int) -> None:
    with db.reading() as session:
        pdf = render_statement(session, 1, 2025, language="fr")
    assert "La trésorière" in fold(all_text(pdf))
