"""The yearly statement: what it counts, its period, and its text in Arabic, French, English."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from sqlalchemy import select

from assocdesk import demo
from assocdesk.models import Donation
from assocdesk.reports.bidi_text import isolate, keep_ltr, visual
from assocdesk.reports.statement import render_statement, statement_rows
from assocdesk.reports.statement_data import AuditLine, PeriodReader, fiscal_period
from assocdesk.services import contacts, donations
from assocdesk.services.donations import DonationInput
from assocdesk.services.errors import NotFound
from assocdesk.storage.engine import Database
from assocdesk.text.locales import babel_locale
from assocdesk.text.money import format_money, from_minor
from tests.core.pdf_helpers import (
    PRESENTATION_FORMS,
    all_text,
    fill_scenario,
    fold,
    has_arabic_drawn,
    pages_text,
    save_png,
)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 10, 1))


def money(minor: int, currency: str, language: str) -> str:
    return fold(format_money(minor, currency, babel_locale(language, "MA")))


@pytest.mark.parametrize(
    ("year", "month", "start", "end"),
    [
        (2025, 1, date(2025, 1, 1), date(2025, 12, 31)),
        (2025, 7, date(2025, 7, 1), date(2026, 6, 30)),
        (2025, 12, date(2025, 12, 1), date(2026, 11, 30)),
        (2023, 3, date(2023, 3, 1), date(2024, 2, 29)),
    ],
)
def test_fiscal_period(year: int, month: int, start: date, end: date) -> None:
    assert fiscal_period(year, month) == (start, end)


def test_voided_gifts_are_not_counted_and_a_correction_counts_once(db: Database) -> None:
    scenario = fill_scenario(db)
    n = scenario.numbers
    with db.reading() as session:
        data = statement_rows(session, scenario.donor_id, 2025)
    listed = [g.receipt_number for g in data.donations]
    assert listed == [n["march"], n["euros"], n["in_kind"], n["correction"]]
    assert data.totals == {"EUR": 20_000, "MAD": 150_000 + 75_000 + 45_000}
    assert AuditLine(n["correction"], "Montant mal saisi", replaces=n["to_correct"]) in data.audit
    assert AuditLine(n["to_void"], "Saisie en double") in data.audit
    assert len(data.audit) == 2
    assert [a.title for a in data.activities] == ["Food baskets in Hay Mohammadi"]


def test_a_gift_moved_to_another_donor_is_explained_to_both(db: Database) -> None:
    scenario = fill_scenario(db)
    march = scenario.numbers["march"]
    with db.transaction() as session:
        old = session.scalar(select(Donation.id).where(Donation.receipt_number == march))
        moved = donations.correct(
            session,
            old,
            DonationInput(
                amount="1500",
                currency="MAD",
                donated_on=date(2025, 3, 10),
                contact_id=scenario.arabic_donor_id,
            ),
            "Mauvais donateur",
        )
        session.flush()
        new = moved.receipt_number
    with db.reading() as session:
        first = statement_rows(session, scenario.donor_id, 2025)
        second = statement_rows(session, scenario.arabic_donor_id, 2025)
    assert AuditLine(march, "Mauvais donateur", replaced_by=new) in first.audit
    assert march not in [g.receipt_number for g in first.donations]
    assert AuditLine(new, "Mauvais donateur", replaces=march) in second.audit
    assert second.totals == {"MAD": 30_000 + 150_000}


def test_french_statement_text(db: Database, tmp_path: Path) -> None:
    scenario = fill_scenario(db)
    n = scenario.numbers
    with db.reading() as session:
        pdf = render_statement(session, scenario.donor_id, 2025, language="fr")
    save_png(pdf, tmp_path / "statement_fr.png")
    text = all_text(pdf)
    assert "Attestation annuelle 2025" in text
    # Legal documents write dates in full, and the first of the month as "1er".
    assert "Du 1er janvier 2025 au 31 décembre 2025" in text
    assert "Ahmed BENALI" in text and "12, rue des Orangers" in text and "Rabat" in text
    for role in ("march", "euros", "in_kind", "correction"):
        assert n[role] in text
    # Money and gifts in kind are totalled apart, and the statement says so.
    assert f"Total des dons en numéraire : {money(195_000, 'MAD', 'fr')}" in text
    assert f"Total des dons en numéraire : {money(20_000, 'EUR', 'fr')}" in text
    assert f"Dons en nature, valeur estimée : {money(75_000, 'MAD', 'fr')}" in text
    assert "ne comprennent pas les dons en nature" in text
    assert money(270_000, "MAD", "fr") not in text
    assert "20 couvertures" in text
    assert f"Le reçu {n['correction']} remplace le reçu {n['to_correct']}" in text
    assert "Montant mal saisi" in text and n["next_year"] not in text
    assert "Food baskets in Hay Mohammadi" in text and "Planned drive" not in text


def test_english_statement_says_totals_per_currency(db: Database) -> None:
    scenario = fill_scenario(db)
    with db.reading() as session:
        text = all_text(render_statement(session, scenario.donor_id, 2025, language="en"))
    assert "Yearly statement 2025" in text
    assert f"Total in money: {money(195_000, 'MAD', 'en')}" in text
    assert f"Total in money: {money(20_000, 'EUR', 'en')}" in text
    assert "MAD 1,950.00" in text  # a space between the code and the number
    assert f"Gifts in kind, estimated value: {money(75_000, 'MAD', 'en')}" in text
    assert money(270_000 + 99_900, "MAD", "en") not in text  # the voided gift is not added
    assert "What your gifts made possible" in text


def test_arabic_statement_is_shaped_and_right_to_left(db: Database, tmp_path: Path) -> None:
    scenario = fill_scenario(db)
    with db.reading() as session:
        # No language asked: the donor's preferred one (Arabic) wins over the association's.
        pdf = render_statement(session, scenario.arabic_donor_id, 2025)
        latin = render_statement(session, scenario.donor_id, 2025, language="ar")
    save_png(pdf, tmp_path / "statement_ar.png")
    save_png(latin, tmp_path / "statement_ar_latin_donor.png")
    text = all_text(pdf)
    assert PRESENTATION_FORMS.search(text)
    assert has_arabic_drawn(text, "كشف سنوي")
    assert has_arabic_drawn(text, "أحمد بنعلي")
    assert scenario.numbers["arabic"] in text and "300,00" in text
    latin_text = all_text(latin)
    assert "Ahmed BENALI" in latin_text and scenario.numbers["correction"] in latin_text
    assert has_arabic_drawn(latin_text, "سجل التصحيحات")


def test_a_latin_reason_in_brackets_stays_inside_them_in_arabic() -> None:
    """Regression: the older bidi algorithm pulled the brackets into the Latin run."""
    line = f"أُلغي الوصل {isolate(keep_ltr('AML-2025-0001'), True)} ({isolate('Saisie', True)})."
    assert re.match(r"^\.\(Saisie\) AML-2025-0001 ", visual(line))
    french = f"Don en nature : {isolate('10 أكياس', False)}"
    assert visual(french).endswith(visual("10 أكياس"))  # the digits stay with their words


def test_fiscal_year_from_july(db: Database) -> None:
    scenario = fill_scenario(db, start_month=7)
    n = scenario.numbers
    with db.transaction() as session:
        donations.record(
            session,
            DonationInput(
                amount="80",
                currency="MAD",
                donated_on=date(2025, 6, 30),
                contact_id=scenario.arabic_donor_id,
            ),
        )
    with db.reading() as session:
        before = statement_rows(session, scenario.donor_id, 2024)
        during = statement_rows(session, scenario.donor_id, 2025)
        arabic_before = statement_rows(session, scenario.arabic_donor_id, 2024)
        arabic_during = statement_rows(session, scenario.arabic_donor_id, 2025)
        pdf = render_statement(session, scenario.donor_id, 2025, language="fr")
    assert (during.start, during.end) == (date(2025, 7, 1), date(2026, 6, 30))
    assert [g.receipt_number for g in before.donations] == [n["march"], n["euros"], n["in_kind"]]
    assert [g.receipt_number for g in during.donations] == [n["correction"], n["next_year"]]
    assert [g.donated_on for g in arabic_before.donations] == [date(2025, 6, 30)]
    assert [g.donated_on for g in arabic_during.donations] == [date(2025, 7, 1)]
    text = all_text(pdf)
    assert "Attestation annuelle 2025–2026" in text
    assert "Du 1er juillet 2025 au 30 juin 2026" in text


def test_sixty_gifts_make_a_multi_page_statement(db: Database, tmp_path: Path) -> None:
    scenario = fill_scenario(db)
    with db.transaction() as session:
        for i in range(60):
            donations.record(
                session,
                DonationInput(
                    amount=str(10 + i),
                    currency="MAD",
                    donated_on=date(2025, 1 + i % 12, 1 + i % 28),
                    contact_id=scenario.arabic_donor_id,
                ),
            )
    with db.reading() as session:
        data = statement_rows(session, scenario.arabic_donor_id, 2025)
        pdf = render_statement(session, scenario.arabic_donor_id, 2025, language="en")
        arabic = render_statement(session, scenario.arabic_donor_id, 2025, language="ar")
    save_png(arabic, tmp_path / "statement_ar_page2.png", page=1)
    pages = pages_text(pdf)
    assert len(pages) >= 2
    assert f"Page 1 of {len(pages)}" in pages[0] and f"Page 2 of {len(pages)}" in pages[1]
    assert "Receipt" in pages[1] and "Amount" in pages[1]  # the header row is repeated
    text = " ".join(pages)
    assert all(g.receipt_number in text for g in data.donations)
    assert len(data.donations) == 61
    assert len(pages_text(arabic)) >= 2


def test_unknown_donor_and_a_year_without_gifts(db: Database) -> None:
    scenario = fill_scenario(db)
    with db.reading() as session:
        with pytest.raises(NotFound):
            statement_rows(session, 9999, 2025)
        empty = statement_rows(session, scenario.donor_id, 2019)
        pdf = render_statement(session, scenario.donor_id, 2019, language="en")
    assert empty.donations == () and empty.totals == {}
    assert "No gift from you was recorded during this period." in all_text(pdf)


def test_statements_of_demo_data_in_three_languages(db: Database, tmp_path: Path) -> None:
    demo.fill(db, "small")
    with db.reading() as session:
        found = list(PeriodReader(session, 2025).statements())
        assert found, "the demo has donors in 2025"
        busiest = max(found, key=lambda d: (len(d.donations), -d.contact_id))
        named = contacts.get(session, busiest.contact_id).name
        for language in ("ar", "fr", "en"):
            pdf = render_statement(session, busiest.contact_id, 2025, language=language)
            save_png(pdf, tmp_path / f"demo_statement_{language}.png")
            text = all_text(pdf)
            assert all(g.receipt_number in text for g in busiest.donations)
            if PRESENTATION_FORMS.search(named):
                assert has_arabic_drawn(text, named)
            else:
                assert fold(named) in text
            shown = [*busiest.money_totals.items(), *busiest.in_kind_totals.items()]
            for currency, total in shown:
                # pypdf puts the runs of an Arabic amount in its own order: check the number.
                plain = format_decimal(
                    from_minor(total, currency),
                    format="#,##0.00",
                    locale=babel_locale(language, "MA"),
                )
                assert (
                    fold(plain) if language == "ar" else money(total, currency, language)
                ) in text
            if language == "ar":
                assert PRESENTATION_FORMS.search(text)
                assert has_arabic_drawn(text, "كشف سنوي")


def test_gaps_become_the_space_before_what_follows() -> None:
    from reportlab.platypus import Paragraph, Spacer

    from assocdesk.reports.layout import fold_gaps, gap

    first, second = Paragraph("a"), Paragraph("b")
    folded = fold_gaps([first, gap(5), gap(2), second, gap(3)])
    assert folded[:2] == [first, second]
    assert second.getSpaceBefore() == 7 and first.getSpaceBefore() == 0
    assert type(folded[2]) is Spacer and folded[2].height == 3  # a trailing gap is kept
