"""The receipts register: statuses, corrections, gaps, who is left out of the statements, JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from assocdesk import demo
from assocdesk.models import Donation
from assocdesk.reports.register import Gap, register_data, render_register
from assocdesk.services import contacts, donations
from assocdesk.services.donations import DonationInput
from assocdesk.storage.engine import Database
from assocdesk.text.locales import babel_locale
from assocdesk.text.money import format_money
from tests.core.pdf_helpers import (
    PRESENTATION_FORMS,
    Scenario,
    all_text,
    fill_scenario,
    fold,
    has_arabic_drawn,
    save_png,
)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: date(2026, 10, 1))


def donation_id(db: Database, number: str) -> int:
    with db.reading() as session:
        return session.scalar(select(Donation.id).where(Donation.receipt_number == number))


@pytest.fixture
def scenario(db: Database) -> Scenario:
    """The shared scenario, with prints, a donor without address and one whose gift was voided."""
    made = fill_scenario(db)
    n = made.numbers
    with db.transaction() as session:
        for _ in range(2):
            donations.mark_printed(session, donation_id(db, n["march"]))
        donations.mark_printed(session, donation_id(db, n["euros"]))
        homeless = contacts.create(session, contacts.ContactInput(name="Sans Adresse"))
        voided = contacts.create(session, contacts.ContactInput(name="Tout Annulé", city="Fès"))
        session.flush()
        for who, role in ((homeless.id, "homeless"), (voided.id, "all_voided")):
            gift = donations.record(
                session,
                DonationInput(
                    amount="60", currency="MAD", donated_on=date(2025, 10, 1), contact_id=who
                ),
            )
            session.flush()
            n[role] = gift.receipt_number
        donations.void(session, gift.id, "Chèque sans provision")
    return made


def test_statuses_and_corrections(db: Database, scenario: Scenario) -> None:
    n = scenario.numbers
    with db.reading() as session:
        data = register_data(session, 2025)
    by_number = {r.number: r for r in data.receipts}
    assert [r.seq for r in data.receipts] == list(range(1, len(data.receipts) + 1))
    assert n["next_year"] not in by_number  # numbers are per calendar year
    assert (by_number[n["march"]].status, by_number[n["march"]].prints) == ("duplicate", 2)
    assert by_number[n["euros"]].status == "issued"
    assert by_number[n["in_kind"]].status == "not_printed"
    voided = by_number[n["to_void"]]
    assert (voided.status, voided.void_reason, voided.replaced_by) == (
        "voided",
        "Saisie en double",
        None,
    )
    corrected = by_number[n["to_correct"]]
    assert corrected.status == "voided" and corrected.replaced_by == n["correction"]
    assert by_number[n["correction"]].replaces == n["to_correct"]
    assert by_number[n["anonymous"]].donor is None
    assert data.gaps == []
    # Recorded gifts in money only: 1500 + 300 + 50 + 450 + 60 MAD and 200 EUR; the blankets
    # given in kind (750 MAD estimated) are totalled apart, as the summary does.
    assert data.totals == {"EUR": (1, 20_000), "MAD": (5, 236_000)}
    assert data.in_kind_totals == {"MAD": (1, 75_000)}
    assert by_number[n["in_kind"]].in_kind and not by_number[n["march"]].in_kind


def test_left_out_of_the_statements(db: Database, scenario: Scenario) -> None:
    with db.reading() as session:
        data = register_data(session, 2025)
    reasons = {(item.name, item.reason) for item in data.left_out}
    assert reasons == {
        ("", "anonymous"),
        ("Sans Adresse", "no_address"),
        ("Tout Annulé", "all_voided"),
    }
    anonymous = next(item for item in data.left_out if item.reason == "anonymous")
    assert (anonymous.contact_id, anonymous.count, anonymous.totals) == (None, 1, {"MAD": 5_000})


def test_json_round_trip(db: Database, scenario: Scenario) -> None:
    with db.reading() as session:
        data = register_data(session, 2025).to_json()
    again = json.loads(json.dumps(data, ensure_ascii=False))
    assert again == data
    assert set(data) >= {"year", "receipts", "gaps", "left_out", "totals"}
    first = data["receipts"][0]
    assert set(first) == {
        "number",
        "date",
        "donor",
        "amount_minor",
        "currency",
        "status",
        "prints",
        "void_reason",
        "replaces",
        "replaced_by",
        "in_kind",
    }
    assert first["date"] == "2025-03-10" and first["status"] == "duplicate"
    assert data["totals"]["EUR"] == {"count": 1, "amount_minor": 20_000}
    assert data["in_kind_totals"] == {"MAD": {"count": 1, "amount_minor": 75_000}}
    assert {"contact_id", "name", "reason"} <= set(data["left_out"][0])


def test_a_gap_is_found_and_shown_loudly(db: Database, scenario: Scenario) -> None:
    n = scenario.numbers
    with db.transaction() as session:  # what no service may do: a number disappears
        session.execute(
            text("DELETE FROM donations WHERE receipt_number = :n"), {"n": n["in_kind"]}
        )
        session.execute(
            text("UPDATE receipt_counters SET last_number = last_number + 2 WHERE year = 2025")
        )
    with db.reading() as session:
        data = register_data(session, 2025)
        pdf = render_register(session, 2025, language="en")
    last = data.receipts[-1].seq
    assert data.gaps == [
        Gap(n["in_kind"], n["in_kind"], 1),
        Gap(f"AML-2025-{last + 1:04d}", f"AML-2025-{last + 2:04d}", 2),
    ]
    assert data.to_json()["gaps"][0] == {"first": n["in_kind"], "last": n["in_kind"], "count": 1}
    text_ = all_text(pdf)
    assert "WARNING: 3 receipt numbers are missing from the register." in text_
    assert n["in_kind"] in text_ and f"AML-2025-{last + 2:04d}" in text_


def test_register_pdf_in_three_languages(db: Database, scenario: Scenario, tmp_path: Path) -> None:
    n = scenario.numbers
    with db.reading() as session:
        pdfs = {lang: render_register(session, 2025, language=lang) for lang in ("ar", "fr", "en")}
    for language, pdf in pdfs.items():
        save_png(pdf, tmp_path / f"register_{language}.png")
    english = all_text(pdfs["en"])
    assert "Receipts register 2025" in english
    assert "Duplicate printed (2 prints)" in english and "Not printed yet" in english
    assert "Voided: Saisie en double" in english and f"Replaced by {n['correction']}" in english
    assert f"Replaces {n['to_correct']}" in english and "Anonymous donor" in english
    assert "Sans Adresse" in english and "No address" in english
    assert "no number is missing" in english
    assert fold(format_money(20_000, "EUR", babel_locale("en", "MA"))) in english
    french = all_text(pdfs["fr"])
    assert "Registre des reçus 2025" in french and "Duplicata imprimé" in french
    assert "Annulé : Saisie en double" in french
    arabic = all_text(pdfs["ar"])
    assert PRESENTATION_FORMS.search(arabic)
    assert has_arabic_drawn(arabic, "سجل الوصولات")
    assert all(number in arabic for number in n.values() if number.startswith("AML-2025"))
    assert "Ahmed BENALI" in arabic


def test_register_of_demo_data(db: Database, tmp_path: Path) -> None:
    demo.fill(db, "small")
    with db.reading() as session:
        data = register_data(session, 2025)
        pdf = render_register(session, 2025, language="ar")
    save_png(pdf, tmp_path / "demo_register_ar.png")
    assert data.gaps == [] and len(data.receipts) > 100
    assert {r.status for r in data.receipts} <= {"not_printed", "voided"}
    assert any(item.reason == "anonymous" for item in data.left_out)
    json.dumps(data.to_json())


def test_register_and_summary_agree_on_money_and_gifts_in_kind(
    db: Database, scenario: Scenario
) -> None:
    """Regression: the register's total counted gifts in kind, the summary's did not, and
    neither said so. Both now total money apart from gifts in kind and print the same note."""
    from assocdesk.reports.summary import render_summary, summary_data

    with db.reading() as session:
        register = register_data(session, 2025)
        summary = summary_data(session, date(2025, 1, 1), date(2025, 12, 31))
        pdfs = {
            "register": render_register(session, 2025, language="fr"),
            "summary": render_summary(session, date(2025, 1, 1), date(2025, 12, 31), language="fr"),
        }
    assert {c: total for c, (_n, total) in register.totals.items()} == summary.totals
    assert {c: total for c, (_n, total) in register.in_kind_totals.items()} == (
        summary.in_kind_totals
    )
    note = "Les totaux en numéraire ne comprennent pas les dons en nature"
    for document in map(all_text, pdfs.values()):
        assert note in document
    register_text = all_text(pdfs["register"])
    money = fold(format_money(register.totals["MAD"][1], "MAD", babel_locale("fr", "MA")))
    assert f"Dons en numéraire (nombre de reçus : 5) : {money}" in register_text
    assert "Dons en nature (nombre de reçus : 1), valeur estimée : 750,00 MAD" in fold(
        register_text
    )
