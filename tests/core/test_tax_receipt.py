"""France's reçu fiscal: every field of Cerfa 11580*05 (a person) and 16216*03 (a company),
and the yearly count and total of article 222 bis."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.cli import main
from assocdesk.models import ContactKind, Donation, DonationMethod
from assocdesk.reports.receipt import render_receipt
from assocdesk.reports.tax_declaration import declaration, render_declaration
from assocdesk.services import donations
from assocdesk.storage.engine import Database
from tests.core.donor_documents import FRANCE, add_contact, add_gift, set_profile
from tests.core.pdf_helpers import all_text, save_png
from tests.core.test_check import where

SNAPSHOTS = os.environ.get("DOCS_PNG")

BENEFICIARY = [
    "Cerfa N° 11580*05",
    "Reçu au titre des dons à certains organismes d'intérêt général",
    "Numéro d'ordre du reçu : AQ-2025-0001",
    "Bénéficiaire des versements",
    "Nom ou dénomination : Association Les Amis du Quartier",
    "SIREN ou RNA : RNA W751234567 · SIREN 123 456 789",
    "Adresse (n°, rue) : 12 rue des Lilas",
    "Code postal : 75011 Commune : Paris",
    "Objet : Aide alimentaire et soutien scolaire aux familles du quartier",
    "Association ou fondation reconnue d'utilité publique par décret en date du 3 mars 1998 "
    "publié au Journal officiel du 10 mars 1998",
    "Œuvre ou organisme d'intérêt général",
    "Donateur",
    "Nom : DUBOIS Prénoms : Marie",
    "Adresse (n°, rue) : 4 avenue Foch",
    "Code postal : 69006 Commune : Lyon",
    "Le bénéficiaire reconnaît avoir reçu au titre des dons et versements ouvrant droit à "
    "réduction d'impôt, la somme de : ***250,00*** euros",
    "Somme en toutes lettres : Deux cent cinquante euros",
    "Date du versement ou du don : 1er mars 2025",
    "ouvrent droit à la réduction d'impôt prévue à l'article :",
    "X 200 du CGI 238 bis du CGI 978 du CGI",
    "Forme du don :",
    "Acte authentique Acte sous seing privé X Déclaration de don manuel Autres",
    "Nature du don :",
    "X Numéraire Titres de sociétés cotés Autres",
    "mode de versement du don :",
    "Remise d'espèces X Chèque Virement, prélèvement, carte bancaire",
    "Date et signature",
    "La trésorière (qualité du signataire)",
    "Claire DUBOIS",
]


def text_of(db: Database, donation_id: int, tmp_path: Path, name: str) -> str:
    with db.reading() as session:
        pdf = render_receipt(session, donation_id, language="fr")
    save_png(pdf, Path(SNAPSHOTS or tmp_path) / f"{name}.png")
    return all_text(pdf).replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def french_gift(db: Database) -> int:
    set_profile(db, FRANCE)
    donor = add_contact(
        db, "Marie DUBOIS", gender="female", address="4 avenue Foch", city="69006 Lyon"
    )
    return add_gift(
        db, donor, "250", "EUR", method=DonationMethod.CHEQUE, donated_on=date(2025, 3, 1)
    )


def test_individual_reçu_fiscal_has_every_field(
    db: Database, french_gift: int, tmp_path: Path
) -> None:
    text = text_of(db, french_gift, tmp_path, "tax_receipt_individual_fr")
    missing = [field for field in BENEFICIARY if field not in text]
    assert "Page 1 sur 1" in text
    assert not missing, text
    assert "X Œuvre" not in text  # only the association's own category is ticked


def test_company_reçu_fiscal(db: Database, tmp_path: Path) -> None:
    set_profile(db, FRANCE)
    company = add_contact(
        db,
        "SARL Boulangerie Martin",
        kind=ContactKind.ORGANIZATION,
        address="8 rue du Four",
        city="75006 Paris",
        id_kind="SIREN",
        id_number="552 100 554",
    )
    gift = add_gift(
        db,
        company,
        "1200",
        "EUR",
        method=DonationMethod.IN_KIND,
        in_kind_description="300 baguettes",
        valued_by="coût de revient, comptabilité analytique",
        gift_form="private_deed",
    )
    text = text_of(db, gift, tmp_path, "tax_receipt_company_fr")
    assert "Page 1 sur 1" in text
    for field in (
        "Cerfa N° 16216*03",
        "Reçu des dons et versements effectués par les entreprises au titre de l'article "
        "238 bis du code général des impôts",
        "Dénomination sociale : SARL Boulangerie Martin Forme juridique : SARL "
        "N° SIREN : 552 100 554",
        "200 du CGI X 238 bis du CGI 978 du CGI",
        "Acte authentique X Acte sous seing privé",
        "Numéraire Titres de sociétés cotés X Autres",
        "Dons en nature : description, valorisation (méthode) : 300 baguettes — 1 200,00 euros "
        "— coût de revient, comptabilité analytique",
        "***1 200,00*** euros",
    ):
        assert field in text, field
    assert "X Remise" not in text and "X Chèque" not in text  # no payment mode in kind


def test_other_currencies_and_anonymous_gifts_get_the_ordinary_receipt(
    db: Database, tmp_path: Path
) -> None:
    set_profile(db, FRANCE)
    donor = add_contact(db, "Ahmed Benali")
    in_dirhams = add_gift(db, donor, "100", "MAD")
    anonymous = add_gift(db, None, "20", "EUR")
    text = text_of(db, in_dirhams, tmp_path, "tax_receipt_refused_mad")
    assert "Reçu de don" in text and "Cerfa" not in text
    assert "seuls les dons en euros" in text
    assert "un don anonyme" in text_of(db, anonymous, tmp_path, "tax_receipt_refused_anon")


def test_article_222_bis_count_and_total(db: Database, tmp_path: Path) -> None:
    set_profile(db, FRANCE)
    person = add_contact(db, "Marie DUBOIS")
    company = add_contact(db, "SAS Nova", kind=ContactKind.ORGANIZATION)
    add_gift(db, person, "250", "EUR", donated_on=date(2025, 3, 1))
    add_gift(db, person, "100,50", "EUR", donated_on=date(2025, 6, 1))
    add_gift(db, company, "1000", "EUR", donated_on=date(2025, 9, 1))
    voided = add_gift(db, person, "999", "EUR", donated_on=date(2025, 10, 1))
    add_gift(db, person, "40", "MAD", donated_on=date(2025, 10, 2))  # no reçu fiscal
    add_gift(db, None, "30", "EUR", donated_on=date(2025, 10, 3))  # anonymous: none
    add_gift(db, person, "70", "EUR", donated_on=date(2024, 12, 31))  # another year
    with db.transaction() as session:
        for donation in session.scalars(select(Donation)):
            # issued in the year of the gift (the year an issued receipt counts in)
            donation.receipt_issued_at = datetime.combine(donation.donated_on, time(10))
        donations.void(session, voided, "Saisie en double")
        # a gift of 2024 whose receipt was issued in 2025 counts in 2025
        late = add_gift_in(session, person, 2024)
        late.receipt_issued_at = datetime(2025, 1, 15, 9)
    with db.reading() as session:
        figures = declaration(session, 2025)
        pdf = render_declaration(session, 2025)
    assert (figures.count, figures.total_minor) == (4, 136050)
    assert (figures.individuals.count, figures.individuals.total_minor) == (3, 36050)
    assert (figures.companies.count, figures.companies.total_minor) == (1, 100000)
    save_png(pdf, Path(SNAPSHOTS or tmp_path) / "tax_declaration_fr.png")
    text = all_text(pdf).replace("\u202f", " ").replace("\xa0", " ")
    assert "1 360,50" in text and "2025" in text


def test_cli_tax_declaration(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    set_profile(db, FRANCE)
    person = add_contact(db, "Marie DUBOIS")
    gift = add_gift(db, person, "250", "EUR", donated_on=date(2025, 3, 1))
    with db.transaction() as session:
        donations.get(session, gift).receipt_issued_at = datetime(2025, 3, 1, 10)
    db_file = where(db)  # the file, or the server's address
    db.close()
    assert main(["--db", db_file, "tax-declaration", "--year", "2025", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 1 and data["total"] == "250.00" and data["year"] == 2025


def add_gift_in(session: Session, contact_id: int, year: int) -> Donation:
    """A 10 € gift of ``year`` recorded in an open transaction."""
    donation = donations.record(
        session,
        donations.DonationInput(
            amount="10", currency="EUR", donated_on=date(year, 12, 30), contact_id=contact_id
        ),
    )
    session.flush()
    return donation
