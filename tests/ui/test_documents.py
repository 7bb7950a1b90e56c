"""Donor documents from the window: print a receipt (original, then duplicate), preview it,
save and print it; correct an issued receipt; a yearly statement from Contacts and Members;
the documents' settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox

from assocdesk.i18n import translate_in
from assocdesk.models import DonationStatus
from assocdesk.services import association, donations
from tests.pdfcheck import has_words, page_count, text
from tests.ui.conftest import type_text
from tests.ui.donors import LAST_YEAR, add_donor, add_member, donation, give
from ui import commands
from ui.dialogs.year_dialog import YearDialog, fiscal_year_of
from ui.widgets.fields import select_data


def print_selected(qtbot, page, donation_id: int):
    page.select_id(donation_id)
    page.preview = None
    # A window manager gives activation back when a dialog closes; the offscreen platform
    # does not, and shortcuts only reach the active window.
    page.window().activateWindow()
    qtbot.waitUntil(page.window().isActiveWindow)
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = page.preview
    assert preview is not None and preview.isVisible()
    qtbot.waitUntil(preview.isActiveWindow)  # its keyboard shortcuts work once it is active
    return preview


def pdf_printer(preview, path: Path):
    """What the print dialog gives once accepted, printing to a PDF file instead of paper."""

    def printer() -> QPrinter:
        device = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        preview.prepare_printer(device)
        device.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        device.setOutputFileName(str(path))
        return device

    return printer


def test_print_receipt_original_then_duplicate(qtbot, desk, tmp_path: Path, no_dialogs) -> None:
    donor = add_donor(desk, "Karim Ouazzani", language="fr")
    gift = give(desk, donor, "1500")
    page = desk.window.show_page("donations")

    preview = print_selected(qtbot, page, gift)
    assert len(preview.page_labels) == 1
    assert preview.page_count.text().endswith("1")
    assert donation(desk, gift).receipt_prints == 0  # previewing issues nothing
    duplicate = translate_in("fr", "Duplicate")
    assert has_words(preview.pdf, "Karim Ouazzani")
    assert duplicate not in text(preview.pdf)
    number = donation(desk, gift).receipt_number

    # Another language in the preview is only another look.
    select_data(preview.language, "en")
    assert has_words(preview.pdf, "Donation receipt")
    preview.ask_printer = pdf_printer(preview, tmp_path / "first.pdf")
    qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert donation(desk, gift).receipt_prints == 1
    assert number in page.message.text() and "original" in page.message.text()
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()

    preview = print_selected(qtbot, page, gift)
    assert duplicate in text(preview.pdf)  # what printing now would make
    preview.ask_printer = pdf_printer(preview, tmp_path / "second.pdf")
    assert preview.print_()
    assert donation(desk, gift).receipt_prints == 2
    assert "2" in page.message.text()
    assert no_dialogs == []


def test_failed_rendering_counts_no_print(qtbot, desk, monkeypatch, no_dialogs) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani"), "100")
    page = desk.window.show_page("donations")
    page.select_id(gift)
    preview = page.print_receipt()
    assert preview is not None

    def broken(*_args, **_kwargs):
        raise RuntimeError("font file vanished")

    monkeypatch.setattr("assocdesk.reports.receipt.render_receipt", broken)
    preview.ask_save_path = lambda: "/tmp/never-written.pdf"
    assert preview.save() is False
    assert donation(desk, gift).receipt_prints == 0  # rolled back with the failed render
    assert "font file vanished" in no_dialogs[0]
    assert page.print_receipt() is None  # nothing to preview either, said once more
    assert len(no_dialogs) == 2


def test_preview_saves_and_prints(qtbot, desk, tmp_path: Path, no_dialogs) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani"), "250")
    page = desk.window.show_page("donations")
    preview = print_selected(qtbot, page, gift)

    target = tmp_path / "receipt.pdf"
    preview.ask_save_path = lambda: str(target)
    qtbot.keyClick(preview, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert has_words(target.read_bytes(), "Karim Ouazzani")
    assert "Duplicate" not in text(target.read_bytes())  # saving issued the original
    assert str(target) in preview.status.text()
    assert donation(desk, gift).receipt_prints == 1

    assert preview.save_to(tmp_path / "no such folder" / "receipt.pdf") is False
    assert "no such folder" in no_dialogs[-1]
    assert donation(desk, gift).receipt_prints == 1  # a file not written is not a print

    printed = tmp_path / "printed.pdf"
    preview.ask_printer = pdf_printer(preview, printed)
    qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert page_count(printed.read_bytes()) == 1
    assert donation(desk, gift).receipt_prints == 2  # the print after the saved original

    zoom = preview.zoom
    width = preview.page_labels[0].pixmap().width()
    qtbot.keyClick(preview, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom > zoom
    assert preview.page_labels[0].pixmap().width() > width
    preview.step_zoom(-2)
    assert preview.zoom < zoom


@pytest.mark.parametrize("desk", ["ar"], indirect=True)
def test_arabic_receipt_preview_screenshot(qtbot, desk, tmp_path: Path) -> None:
    gift = give(desk, add_donor(desk, "أحمد بنعلي", language="ar"), "1500")
    page = desk.window.show_page("donations")
    preview = print_selected(qtbot, page, gift)
    assert preview.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert has_words(preview.pdf, "أحمد بنعلي")
    assert preview.issue_note.isVisibleTo(preview)
    assert preview.grab().save(str(tmp_path / "preview_ar.png"))


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_correcting_an_issued_receipt(qtbot, desk, monkeypatch) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani"), "1500")
    commands.write(desk.context, lambda s: donations.mark_printed(s, gift))
    old_number = donation(desk, gift).receipt_number
    page = desk.window.show_page("donations")
    page.select_id(gift)
    dialog = page.open_selected()
    assert dialog.issued_note.isVisibleTo(dialog)
    assert "1" in dialog.issued_note.text()

    # Declined: nothing changes, the dialog stays open and says why beside the amount.
    monkeypatch.setattr(dialog, "confirm_correction", lambda number: False)
    dialog.amount.clear()
    type_text(dialog.amount, "1600")
    save(dialog)
    assert dialog.isVisible()
    assert old_number in dialog.error_text("amount")
    assert donation(desk, gift).status == DonationStatus.RECORDED

    asked: list[str] = []
    monkeypatch.setattr(dialog, "confirm_correction", lambda number: asked.append(number) or True)
    monkeypatch.setattr(dialog, "ask_correction_reason", lambda number: "Wrong amount typed")
    save(dialog)
    assert not dialog.isVisible()
    assert asked == [old_number]
    old = donation(desk, gift)
    assert old.status == DonationStatus.VOID and old.void_reason == "Wrong amount typed"
    new_id = page.selected_id()
    new = donation(desk, new_id)
    assert new.replaces_id == gift and new.amount_minor == 160000
    assert new.receipt_number != old_number
    assert page.message.text() == (
        f"Receipt {old_number} voided; corrected donation recorded as receipt {new.receipt_number}."
    )


def test_unissued_donation_is_edited_in_place(desk) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani"), "100")
    page = desk.window.show_page("donations")
    page.select_id(gift)
    dialog = page.open_selected()
    assert not dialog.issued_note.isVisibleTo(dialog)
    dialog.amount.clear()
    type_text(dialog.amount, "120")
    save(dialog)
    assert not dialog.isVisible()
    assert donation(desk, gift).amount_minor == 12000


def test_yearly_statement_from_contacts_and_members(qtbot, desk, no_dialogs) -> None:
    donor = add_donor(desk, "Karim Ouazzani", language="fr")
    give(desk, donor, "300", on=donation_day(LAST_YEAR))
    page = desk.window.show_page("contacts")
    page.select_id(donor)
    page.ask_statement_options = lambda: (LAST_YEAR, None)
    page.statement_button.trigger()
    preview = page.preview
    assert preview is not None and preview.isVisible()
    assert len(preview.page_labels) >= 1
    assert has_words(preview.pdf, "Karim Ouazzani")
    preview.close()

    membership, contact = add_member(desk, "Salma Idrissi", language="fr")
    give(desk, contact, "450", on=donation_day(LAST_YEAR))
    members_page = desk.window.show_page("members")
    members_page.select_id(membership)
    members_page.ask_statement_options = lambda: (LAST_YEAR, "en")
    preview = members_page.yearly_statement()
    assert preview is not None and has_words(preview.pdf, "Salma Idrissi")
    assert preview.language.currentData() == "en"
    assert no_dialogs == []


def test_statement_dialog_defaults_to_last_fiscal_year(desk) -> None:
    dialog = YearDialog("Yearly statement", start_month=7, locale="en")
    assert dialog.year.value() == fiscal_year_of(date.today(), 7) - 1
    assert dialog.value()[1] is None
    assert str(dialog.year.value() + 1) in dialog.period.text()


def test_document_settings_saved(desk, tmp_path: Path) -> None:
    page = desk.window.show_page("settings")
    form = page.form
    assert form.receipt_paper.currentData() == "A4"
    select_data(form.receipt_paper, "A5")
    type_text(form.treasurer_name, "Nadia Berrada")
    form.document_font.setText(str(tmp_path / "missing.ttf"))
    assert page.save() is False
    assert form.error_text("document_font")
    form.findChild(type(page.save_button), "default_font").click()
    assert form.document_font.text() == ""
    assert page.save() is True
    profile = desk.context.read(association.details).values
    assert (profile.receipt_paper, profile.treasurer_name, profile.document_font) == (
        "A5",
        "Nadia Berrada",
        "",
    )


def donation_day(year: int) -> date:
    return date(year, 6, 15)
