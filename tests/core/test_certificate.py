"""The volunteering certificate in Arabic, French and English: who, which year, each activity
attended with its hours, the total, the president's signature; an empty year is refused."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from assocdesk.reports.certificate import certificate_data, render_certificate
from assocdesk.services import activities, association, hours, matching
from assocdesk.services.association import ProfileInput
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.services.hours import Attendance
from assocdesk.storage.engine import Database
from tests import pdfcheck
from tests.core.pdf_helpers import all_text, has_arabic_drawn, save_png
from tests.core.test_matching import add_activity, add_volunteer

ISSUED = date(2026, 1, 10)


@pytest.fixture
def volunteer(db: Database) -> int:
    """An Arabic-named volunteer who came to two 2025 activities, missed one, and came in 2026."""
    with db.transaction() as session:
        association.save(
            session,
            ProfileInput(
                name_ar="جمعية الأمل",
                name_fr="Association Al Amal",
                name_en="Al Amal Association",
                city="Casablanca",
                country="MA",
                default_language="fr",
                president_name="Fatima Zahra Alaoui",
            ),
        )
    contact_id = add_volunteer(db, "أمينة العلوي", ["Cuisine"], set())
    came = [
        (add_activity(db, "Paniers du Ramadan", datetime(2025, 3, 15, 9)), 150),
        (add_activity(db, "قافلة طبية", datetime(2025, 6, 7, 9)), 240),
    ]
    missed = add_activity(db, "Nettoyage de la plage", datetime(2025, 7, 5, 9))
    next_year = add_activity(db, "Kits scolaires", datetime(2026, 9, 5, 9))
    with db.transaction() as session:
        for activity_id, minutes in [*came, (next_year, 60)]:
            matching.assign_suggested(session, activity_id, contact_id, None)
            hours.record_attendance(session, activity_id, [Attendance(contact_id, True, minutes)])
        matching.assign_suggested(session, missed, contact_id, None)
        activities.assign(session, came[0][0], contact_id, "Cuisine", 150, attended=True)
    return contact_id


def render(db: Database, contact_id: int, language: str | None) -> bytes:
    with db.reading() as session:
        return render_certificate(session, contact_id, 2025, language=language, issued_on=ISSUED)


def test_data_counts_only_attended_activities_of_the_year(db: Database, volunteer: int) -> None:
    with db.reading() as session:
        data = certificate_data(session, volunteer, 2025)
    assert [line.title for line in data.lines] == ["Paniers du Ramadan", "قافلة طبية"]
    assert data.minutes == 390


def test_french(db: Database, volunteer: int, tmp_path: Path) -> None:
    pdf = render(db, volunteer, "fr")
    save_png(pdf, tmp_path / "certificate_fr.png")
    text = all_text(pdf)
    assert "Attestation de bénévolat 2025" in text
    assert "en participant à 2 activités pour un total de 6,5 heures" in text
    assert "Paniers du Ramadan" in text and "Nettoyage" not in text and "Kits" not in text
    assert "2,5" in text and "Le/La président(e)" in text and "Fatima Zahra Alaoui" in text
    assert has_arabic_drawn(text, "أمينة العلوي")
    assert has_arabic_drawn(text, "قافلة طبية")


def test_english(db: Database, volunteer: int) -> None:
    text = all_text(render(db, volunteer, "en"))
    assert "Volunteering certificate 2025" in text
    assert "taking part in 2 activities for a total of 6.5 hours" in text
    assert "President" in text and "Casablanca" in text


def test_arabic_is_the_volunteers_language_by_default(db: Database, volunteer: int) -> None:
    from assocdesk.models import Contact

    with db.transaction() as session:
        session.get(Contact, volunteer).preferred_language = "ar"
    pdf = render(db, volunteer, None)
    text = all_text(pdf)
    assert has_arabic_drawn(text, "شهادة تطوع")
    assert has_arabic_drawn(text, "الرئيس")
    assert has_arabic_drawn(text, "أمينة العلوي")
    assert "Fatima Zahra Alaoui" in text
    assert "6,5" in pdfcheck.plain(pdf)  # ar_MA writes a decimal comma
    # Without a preferred language: the association's (French here)
    with db.transaction() as session:
        session.get(Contact, volunteer).preferred_language = None
    assert "Attestation de bénévolat" in all_text(render(db, volunteer, None))


def test_empty_year_and_unknown_person_are_refused(db: Database, volunteer: int) -> None:
    with (
        pytest.raises(ValidationError, match="no volunteering recorded in 2024"),
        db.reading() as session,
    ):
        render_certificate(session, volunteer, 2024)
    with pytest.raises(NotFound), db.reading() as session:
        render_certificate(session, 9999, 2025)


@pytest.mark.parametrize(
    ("gender", "arabic", "not_arabic", "french"),
    [
        ("female", ["السيدة", "تطوّعت", "وشاركت"], ["تطوّع في", "وشارك في"], "Mme Amina"),
        ("male", ["السيد", "تطوّع", "وشارك"], ["تطوّعت", "وشاركت"], "M. Amina"),
        (None, ["بتطوّع", "بالمشاركة"], ["تطوّعت", "وشاركت", "وشارك", "السيد"], "Amina"),
    ],
)
def test_words_agree_with_the_volunteer(
    db: Database,
    volunteer: int,
    gender: str | None,
    arabic: list[str],
    not_arabic: list[str],
    french: str,
) -> None:
    """«تطوّعت … وشاركت» for a woman, «تطوّع … وشارك» for a man, verbal nouns when unknown;
    the president signs as «الرئيسة» / "La présidente"; the French names "L'Association"."""
    from assocdesk.models import AssociationProfile, Contact

    with db.transaction() as session:
        contact = session.get(Contact, volunteer)
        contact.gender, contact.name = gender, "Amina Alaoui"
        session.query(AssociationProfile).one().president_gender = "female"
    arabic_pdf, french_pdf = render(db, volunteer, "ar"), render(db, volunteer, "fr")
    folder = os.environ.get("DOCS_PNG")  # a folder to keep the PNGs in, to look at them
    if folder:
        for language, pdf in (("ar", arabic_pdf), ("fr", french_pdf)):
            save_png(pdf, Path(folder) / f"certificate_{gender}_{language}.png")
    arabic_text = all_text(arabic_pdf)
    for word in arabic:
        assert has_arabic_drawn(arabic_text, word), word
    for word in not_arabic:
        assert not has_arabic_drawn(arabic_text, word), word
    assert has_arabic_drawn(arabic_text, "الرئيسة")
    french_text = all_text(french_pdf)
    assert f"atteste que {french}" in french_text.replace("\u200e", "")
    assert "L'Association Al Amal atteste" in french_text
    assert "La présidente" in french_text
    if gender is None:
        assert "M. Amina" not in french_text and "Mme Amina" not in french_text
