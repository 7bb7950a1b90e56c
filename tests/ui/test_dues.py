"""Dues in the app: the fee schedule in Settings, recording a payment from the Members page
(the member's status changes), the late dues list with its reminders, cards."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from assocdesk.services import dues
from tests.core.dues_helpers import add_member
from tests.ui.conftest import type_text
from ui import commands
from ui.app import Application

SHOTS = Path(os.environ.get("ASSOCDESK_SHOTS", ""))


def _shoot(widget, name: str, language: str) -> None:
    """Screenshots for a person to look at, when ASSOCDESK_SHOTS names a folder."""
    if os.environ.get("ASSOCDESK_SHOTS"):
        widget.grab().save(str(SHOTS / f"dues-{name}-{language}.png"))


def _members_with_fee(desk: Application) -> tuple[int, int]:
    db = desk.context.db
    late = add_member(db, "Karim Benali", "0001", category="Actif", phone="0612345678",
                      consent_contact=True, preferred_language="fr")  # fmt: skip
    silent = add_member(db, "يوسف العلوي", "0002", category="Actif", consent_contact=False)
    commands.write(
        desk.context,
        lambda s: dues.set_fee(s, category="Actif", year=2025, amount="100", currency="MAD"),
    )
    return late, silent


@pytest.mark.parametrize("desk", ["en", "ar", "fr"], indirect=True)
def test_recording_a_payment_changes_the_members_status(
    desk: Application, qtbot, tmp_path: Path
) -> None:
    karim, _silent = _members_with_fee(desk)
    language = desk.context.language
    page = desk.window.show_page("members")
    page.dues_year_box.setValue(2025)
    row = page.model.row_of(karim)
    status_column = [c.key for c in page.model.columns].index("dues")
    never = page.model.data(page.model.index(row, status_column))
    assert never == {"en": "Never paid", "fr": "Jamais payé", "ar": "لم يؤدِّ قط"}[language]

    # Only those who owe: both members; only up to date: nobody yet.
    page.dues_filter_box.setCurrentIndex(page.dues_filter_box.findData("up_to_date"))
    assert page.model.rowCount() == 0
    page.dues_filter_box.setCurrentIndex(page.dues_filter_box.findData("never_paid"))
    assert page.model.rowCount() == 2
    page.dues_filter_box.setCurrentIndex(0)
    _shoot(desk.window, "members", language)

    page.select_id(karim)
    dialog = page.record_dues()
    assert dialog is not None
    assert dialog.amount.text() == "100.00" if language == "en" else "100,00"
    dialog.amount.clear()
    type_text(dialog.amount, "250")
    dialog.accept()  # more than is due: refused beside the field, nothing recorded
    assert dialog.error_text("amount")
    assert dialog.isVisible() and dialog.amount.text() == "250"
    dialog.amount.clear()
    type_text(dialog.amount, "100")
    dialog.paid_on.setDate(date(2025, 3, 1))
    _shoot(dialog, "payment-dialog", language)
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    preview = page.preview
    assert preview is not None  # the receipt, shown: not issued until it leaves
    _shoot(preview, "receipt-preview", language)
    with desk.context.db.reading() as s:
        assert dues.payments_of(s, karim)[0].prints == 0
    preview.ask_save_path = lambda: str(tmp_path / "dues-receipt.pdf")
    assert preview.save()  # saved as PDF: issued
    preview.close()

    row = page.model.row_of(karim)
    after = page.model.data(page.model.index(row, status_column))
    assert after == {"en": "Up to date", "fr": "À jour", "ar": "مؤدٍّ لواجبه"}[language]
    page.dues_filter_box.setCurrentIndex(page.dues_filter_box.findData("up_to_date"))
    assert [page.model.id_at(i) for i in range(page.model.rowCount())] == [karim]
    with desk.context.db.reading() as s:
        (payment,) = dues.payments_of(s, karim)
    assert payment.prints == 1 and payment.receipt_number == "R-C-2025-0001"


@pytest.mark.parametrize("desk", ["en", "ar", "fr"], indirect=True)
def test_late_dues_list_copies_reminders_only_for_those_who_agreed(
    desk: Application, qtbot
) -> None:
    karim, silent = _members_with_fee(desk)
    language = desk.context.language
    page = desk.window.show_page("members")
    page.dues_year_box.setValue(2025)
    dialog = page.late_dues()
    assert dialog.table.rowCount() == 2
    text = dialog.copy_reminder(karim)
    assert text is not None and QGuiApplication.clipboard().text() == text
    assert text.startswith("Bonjour Karim Benali") and "100\xa0MAD" in text  # his language: fr
    assert "\u200f" not in text and "\u202f" not in text
    assert dialog.copy_reminder(silent) is None
    assert dialog.table.cellWidget(1, 4) is None  # no Copy button for him: the reason instead
    assert (
        dialog.table.item(1, 4).text()
        == {
            "en": "Has not agreed to be contacted",
            "fr": "N'a pas accepté d'être contacté",
            "ar": "لم يوافق على التواصل معه",
        }[language]
    )
    dialog.select_row(0)
    assert dialog.text.toPlainText().startswith("Bonjour Karim Benali")
    _shoot(dialog, "late-dialog", language)
    preview = dialog.export_pdf()
    assert preview is not None
    _shoot(preview, "late-preview", language)
    preview.close()
    cards = page.cards_of_year()
    assert cards is not None
    _shoot(cards, "cards-preview", language)
    cards.close()
    dialog.close()


@pytest.mark.parametrize("desk", ["en", "ar", "fr"], indirect=True)
def test_fee_schedule_in_settings(desk: Application) -> None:
    language = desk.context.language
    settings = desk.window.show_page("settings")
    schedule = settings.form.fee_schedule
    schedule.year.setValue(2025)
    schedule.category.setCurrentText("Actif")
    type_text(schedule.amount, "abc")
    assert not schedule.save_fee()
    assert schedule.error.isVisible() and schedule.amount.text() == "abc"
    schedule.amount.setText("120")
    assert schedule.save_fee()
    assert schedule.table.rowCount() == 1
    assert schedule.copy_to_next_year() == 1
    assert schedule.table.rowCount() == 2
    schedule.select_row(0)  # newest first: 2026
    assert schedule.year.value() == 2026
    _shoot(schedule, "fee-schedule", language)
    assert schedule.remove_selected()
    with desk.context.db.reading() as s:
        assert [(f.category, f.year, f.amount_minor) for f in dues.fees(s)] == [
            ("Actif", 2025, 12000)
        ]


def test_the_members_page_shows_this_years_dues_at_first(qtbot, desk) -> None:
    """Regression: the year box started at 1900, so every member read "No dues"."""
    from datetime import date

    page = desk.window.show_page("members")
    assert page.dues_year_box.value() == date.today().year == page.dues_year
