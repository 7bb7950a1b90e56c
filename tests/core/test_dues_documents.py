"""Dues documents read back: receipt (duplicate, void), late list and member cards in ar/fr/en
(Arabic shaped and right to left), the CLI commands, and the upgrade of existing dues rows."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from assocdesk.cli import main
from assocdesk.models import DuesPayment
from assocdesk.reports.dues_late import render_late_list
from assocdesk.reports.dues_receipt import render_dues_receipt
from assocdesk.reports.member_card import members_of_year, render_cards
from assocdesk.services import dues
from assocdesk.storage import engine as dbmodule
from assocdesk.storage.engine import Database
from assocdesk.storage.migrations import runner
from assocdesk.storage.opening import open_database
from tests import pdfcheck
from tests.core.dues_helpers import fill_club, pay
from tests.core.pdf_helpers import all_text, fold, has_arabic_drawn, save_png
from tests.core.test_check import where

WORDS = {
    "ar": ("وصل أداء واجب الانخراط", "الانخراط", "بطاقة الانخراط"),
    "fr": ("Reçu de cotisation", "Cotisations en retard 2025", "Carte d'adhérent"),
    "en": ("Membership dues receipt", "Late dues 2025", "Membership card"),
}


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_dues_receipt_in_each_language(db: Database, tmp_path: Path, language: str) -> None:
    club = fill_club(db)
    payment_id = pay(db, club.partial, 2025, "300")
    with db.reading() as s:
        original = render_dues_receipt(s, payment_id, language=language)
        duplicate = render_dues_receipt(s, payment_id, language=language, duplicate=True)
    save_png(duplicate, tmp_path / f"dues-receipt-{language}.png")
    text = all_text(original)
    title = WORDS[language][0]
    assert "AML-C-2025-0003" in text and "2025" in text
    if language == "ar":
        assert has_arabic_drawn(text, title) and has_arabic_drawn(text, "سعاد المرابط")
        assert pdfcheck.is_shaped(original)
        assert pdfcheck.drawn_right_to_left(original, "المرابط")
        assert "300,00" in text
        assert has_arabic_drawn(all_text(duplicate), "نسخة")
    else:
        assert title in fold(text)
        assert {"fr": "Duplicata", "en": "Duplicate"}[language] in all_text(duplicate)
        assert "Duplicata" not in text and "Duplicate" not in text


def test_voided_dues_receipt_says_so(db: Database) -> None:
    club = fill_club(db)
    payment_id = pay(db, club.never, 2025, "100")
    with db.transaction() as s:
        dues.void(s, payment_id, "Saisie en double")
    with db.reading() as s:
        text = all_text(render_dues_receipt(s, payment_id, language="fr"))
    assert "ANNUL" in text.upper() and "Saisie en double" in text


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_late_list_pdf(db: Database, tmp_path: Path, language: str) -> None:
    fill_club(db)
    with db.reading() as s:
        pdf = render_late_list(s, 2025, language=language)
    save_png(pdf, tmp_path / f"late-{language}.png")
    text = all_text(pdf)
    for name in ("Nadia Cherkaoui", "Youssef Alaoui", "Emma Martin"):
        assert name in text
    assert "Karim Benali" not in text and "Hajj Driss" not in text  # up to date, no fee
    if language == "ar":
        assert has_arabic_drawn(text, "سعاد المرابط") and has_arabic_drawn(text, "متأخر")
        assert pdfcheck.drawn_right_to_left(pdf, "المتبقي")
        assert "600,00" in text  # the total still due
    else:
        assert WORDS[language][1] in fold(text)
        assert ("600,00" if language == "fr" else "600.00") in text


def test_member_cards_ten_to_a_page_each_in_its_language(db: Database, tmp_path: Path) -> None:
    club = fill_club(db)
    with db.reading() as s:
        ids = members_of_year(s, 2025)
        assert club.later not in ids and club.left_2024 not in ids and club.left_2025 in ids
        pdf = render_cards(s, ids * 2, 2025)  # 14 cards: two pages
    save_png(pdf, tmp_path / "cards.png")
    assert pdfcheck.page_count(pdf) == 2
    text = all_text(pdf)
    assert has_arabic_drawn(text, "بطاقة الانخراط") and has_arabic_drawn(text, "سعاد المرابط")
    assert pdfcheck.drawn_right_to_left(pdf, "المرابط")
    assert "Carte d'adhérent" in text and "Valable pour 2025" in text  # Nadia reads French
    assert "Membership card" in text and "Valid for 2025" in text  # Emma reads English


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_dues_late_and_card(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")
    club = fill_club(db)
    path = where(db)  # the file, or the server's address
    db.close()
    code, out, _err = run(capsys, "--db", path, "dues", "late", "--year", "2025", "--json")
    assert code == 0
    data = json.loads(out)
    by_number = {m["number"]: m for m in data["members"]}
    assert sorted(by_number) == ["0002", "0003", "0004", "0006"]
    assert by_number["0004"]["reminder"] is None
    assert by_number["0004"]["not_contacted_because"] == "Has not agreed to be contacted"
    assert by_number["0003"]["reminder"].startswith("Bonjour Nadia Cherkaoui")
    assert by_number["0002"]["due_minor"] == 30000
    code, out, _err = run(capsys, "--db", path, "dues", "late", "--year", "2025")
    assert code == 0 and "Youssef Alaoui" in out and "Karim Benali" not in out
    target = tmp_path / "card.pdf"
    code, out, _err = run(capsys, "--db", path, "card", str(club.partial), "-o", str(target))
    assert code == 0 and target.is_file() and pdfcheck.is_shaped(target.read_bytes())
    code, out, err = run(capsys, "--db", path, "card", "999", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and err.strip() == "Error: There is no member number 999."
    assert not (tmp_path / "x.pdf").exists()


def test_upgrade_numbers_existing_dues_payments(tmp_path: Path) -> None:
    """Dues rows written before 0006 get receipt numbers in payment order, and the counter."""
    path = tmp_path / "old.sqlite3"
    engine = dbmodule.create_sqlite_engine(path)
    runner.upgrade(engine, "0005")
    now = "2025-03-01 10:00:00.000000"
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO association_profile (id, uuid, created_at, updated_at, name_ar, name_fr,"
            " name_en, address, city, country, registration_number, phone, email, website,"
            " logo_path, default_currency, default_language, fiscal_year_start_month,"
            " receipt_prefix, hashtags) VALUES (1, 'p', ?, ?, 'ج', '', '', '', '', 'MA', '', '',"
            " '', '', '', 'MAD', 'ar', 1, 'AML', '')",
            (now, now),
        )
        conn.exec_driver_sql(
            "INSERT INTO contacts (id, uuid, created_at, updated_at, kind, name, phone, email,"
            " address, city, country, is_minor, consent_publish_name, consent_publish_photo,"
            " consent_contact, notes, search_text) VALUES (1, 'c', ?, ?, 'person', 'Ali', '',"
            " '', '', '', 'MA', 0, 0, 0, 0, '', 'ali')",
            (now, now),
        )
        conn.exec_driver_sql(
            "INSERT INTO memberships (id, uuid, created_at, updated_at, contact_id, number,"
            " category, joined_on) VALUES (1, 'm', ?, ?, 1, '0001', 'Actif', '2023-01-01')",
            (now, now),
        )
        for pid, year, paid_on in ((1, 2025, "2025-02-01"), (2, 2024, "2024-03-01"),
                                   (3, 2023, "2024-01-15")):  # fmt: skip
            conn.exec_driver_sql(
                "INSERT INTO dues_payments (id, uuid, created_at, updated_at, membership_id,"
                " period_year, amount_minor, currency, paid_on) VALUES (?, ?, ?, ?, 1, ?, 10000,"
                " 'MAD', ?)",
                (pid, f"d{pid}", now, now, year, paid_on),
            )
    engine.dispose()
    database = open_database(path)
    try:
        with database.transaction() as s:
            numbers = {p.id: p.receipt_number for p in s.query(DuesPayment)}
            assert numbers == {1: "AML-C-2025-0001", 2: "AML-C-2024-0002", 3: "AML-C-2024-0001"}
            dues.set_fee(s, category="Actif", year=2026, amount="100", currency="MAD")
            assert dues.next_receipt_number(s, 2024) == (3, "AML-C-2024-0003")
    finally:
        database.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
