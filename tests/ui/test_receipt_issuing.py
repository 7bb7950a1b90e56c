"""A receipt is issued when it leaves, not when it is looked at (issue 16: Ctrl+P then Esc
counted a print, so the donor never got an original).

Each test drives the real preview: the print dialog is replaced by one that is accepted (a PDF
file stands for the printer) or cancelled, and what is painted on the printer is recorded, so
the tests see that what leaves is what was counted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from assocdesk.i18n import translate_in
from assocdesk.services import donations, dues
from assocdesk.text.bidi import isolate
from tests.core.dues_helpers import add_member, pay, set_fee
from tests.pdfcheck import has_words, page_count, text
from tests.ui.donors import add_donor, donation, give
from tests.ui.printing import pdf_printer

SHOTS = os.environ.get("ASSOCDESK_SHOTS", "")


def accepted_print_dialog(preview, path: Path) -> Callable[[], QPrinter]:
    return lambda: pdf_printer(preview, path)


def open_preview(qtbot, page, donation_id: int):
    """Ctrl+P on the selected donation, as a person does."""
    page.select_id(donation_id)
    page.preview = None
    page.window().activateWindow()
    qtbot.waitUntil(page.window().isActiveWindow)
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = page.preview
    assert preview is not None and preview.isVisible()
    qtbot.waitUntil(preview.isActiveWindow)
    return preview


def prints_shown(page, donation_id: int) -> str:
    column = [c.key for c in page.model.columns].index("receipt_prints")
    return page.model.data(page.model.index(page.model.row_of(donation_id), column))


def test_preview_then_escape_issues_nothing_print_issues_the_original(
    qtbot, desk, tmp_path: Path, no_dialogs, painted
) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani", language="fr"), "1500")
    page = desk.window.show_page("donations")
    duplicate = translate_in("fr", "Duplicate")

    # The reported bug: Ctrl+P, then Esc without printing.
    preview = open_preview(qtbot, page, gift)
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()
    stored = donation(desk, gift)
    assert stored.receipt_prints == 0 and stored.receipt_issued_at is None
    assert page.message.text() == ""  # nothing said to be issued
    assert prints_shown(page, gift) == "—"

    # Cancelling the print dialog counts nothing either.
    preview = open_preview(qtbot, page, gift)
    assert duplicate not in text(preview.pdf)
    assert preview.issue_button.isVisibleTo(preview)
    preview.ask_printer = lambda: None
    qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert donation(desk, gift).receipt_prints == 0 and painted == []

    # The first real print is the original, and it is what was painted.
    first = tmp_path / "first.pdf"
    preview.ask_printer = accepted_print_dialog(preview, first)
    qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    stored = donation(desk, gift)
    assert stored.receipt_prints == 1 and stored.receipt_issued_at is not None
    assert len(painted) == 1 and duplicate not in text(painted[0])
    assert has_words(painted[0], "Karim Ouazzani")
    assert page_count(first.read_bytes()) == 1
    assert page.message.text() == (  # the number kept whole in an Arabic sentence too
        f"Receipt {isolate(stored.receipt_number)} issued: this first print is the original."
    )
    assert prints_shown(page, gift) == "Original"
    # The preview now shows what printing again makes, and says so.
    assert duplicate in text(preview.pdf)
    assert "duplicate" in preview.issue_note.text()
    assert not preview.issue_button.isVisibleTo(preview)

    # The next print is a duplicate, painted with its mark.
    preview.ask_printer = accepted_print_dialog(preview, tmp_path / "second.pdf")
    assert preview.print_()
    assert donation(desk, gift).receipt_prints == 2
    assert len(painted) == 2 and duplicate in text(painted[1])
    assert prints_shown(page, gift) == "Original + 1 duplicate"

    # A cancelled print dialog after that counts nothing.
    preview.ask_printer = lambda: None
    assert not preview.print_()
    assert donation(desk, gift).receipt_prints == 2 and len(painted) == 2
    assert no_dialogs == []


def test_a_printer_that_fails_counts_nothing(qtbot, desk, tmp_path: Path, no_dialogs) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani", language="en"), "100")
    page = desk.window.show_page("donations")
    preview = open_preview(qtbot, page, gift)
    preview.ask_printer = accepted_print_dialog(preview, tmp_path / "no such folder" / "x.pdf")
    assert not preview.print_()
    assert donation(desk, gift).receipt_prints == 0
    assert no_dialogs == [translate_in("en", "The printer could not be opened.")]
    assert preview.issue_button.isVisibleTo(preview)  # still not issued


def test_saving_as_pdf_issues_and_a_cancelled_save_does_not(
    qtbot, desk, tmp_path: Path, no_dialogs
) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani", language="en"), "100")
    page = desk.window.show_page("donations")
    preview = open_preview(qtbot, page, gift)
    preview.ask_save_path = lambda: ""
    assert not preview.save()
    assert donation(desk, gift).receipt_prints == 0

    target = tmp_path / "original"
    preview.ask_save_path = lambda: str(target)
    assert preview.save()
    written = (tmp_path / "original.pdf").read_bytes()
    assert "Duplicate" not in text(written) and has_words(written, "Karim Ouazzani")
    assert donation(desk, gift).receipt_prints == 1
    assert preview.save_to(tmp_path / "copy.pdf")
    assert "Duplicate" in text((tmp_path / "copy.pdf").read_bytes())
    assert donation(desk, gift).receipt_prints == 2
    assert no_dialogs == []


def test_printed_elsewhere_meanwhile_prints_a_duplicate(
    qtbot, desk, tmp_path: Path, no_dialogs, painted
) -> None:
    """The preview showed the original; someone issued it meanwhile (the CLI, another
    computer): the print follows the count, not the screen."""
    gift = give(desk, add_donor(desk, "Karim Ouazzani", language="en"), "100")
    page = desk.window.show_page("donations")
    preview = open_preview(qtbot, page, gift)
    assert "Duplicate" not in text(preview.pdf)
    with desk.context.db.transaction() as session:
        donations.mark_printed(session, gift)
    preview.ask_printer = accepted_print_dialog(preview, tmp_path / "p.pdf")
    assert preview.print_()
    assert donation(desk, gift).receipt_prints == 2
    assert "Duplicate" in text(painted[0])


def test_issue_without_printing_asks_first(qtbot, desk, no_dialogs) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani", language="en"), "100")
    page = desk.window.show_page("donations")
    preview = open_preview(qtbot, page, gift)
    asked: list[bool] = []
    preview.confirm_issue = lambda: asked.append(False) or False
    preview.issue_button.click()
    assert asked == [False] and donation(desk, gift).receipt_prints == 0

    preview.confirm_issue = lambda: True
    preview.issue_button.click()
    stored = donation(desk, gift)
    assert stored.receipt_prints == 1 and stored.receipt_issued_at is not None
    assert not preview.issue_button.isVisibleTo(preview)
    assert "Duplicate" in text(preview.pdf)
    assert stored.receipt_number in page.message.text()
    assert prints_shown(page, gift) == "Original"
    assert no_dialogs == []


def test_dues_receipt_is_issued_when_printed(qtbot, desk, tmp_path: Path, no_dialogs) -> None:
    db = desk.context.db
    membership = add_member(db, "Karim Benali", "0001", category="Actif")
    set_fee(db, "Actif", 2025, "100")
    payment = pay(db, membership, 2025, "100", date(2025, 3, 1))
    from ui.dues_documents import preview_dues_receipt

    def prints() -> int:
        with desk.context.db.reading() as s:
            return dues.get(s, payment).receipt_prints

    preview = preview_dues_receipt(desk.window, desk.context, payment)
    assert preview is not None
    preview.close()
    assert prints() == 0
    preview = preview_dues_receipt(desk.window, desk.context, payment)
    issued: list[object] = []
    preview.issued.connect(issued.append)
    preview.ask_printer = accepted_print_dialog(preview, tmp_path / "dues.pdf")
    assert preview.print_()
    assert prints() == 1 and issued[0].duplicate is False
    assert preview.print_()
    assert prints() == 2 and issued[1].duplicate is True
    assert no_dialogs == []


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_preview_reads_in_arabic_and_french(qtbot, desk, tmp_path: Path, no_dialogs) -> None:
    language = desk.context.language
    name = "أحمد بنعلي" if language == "ar" else "Karim Ouazzani"
    gift = give(desk, add_donor(desk, name, language=language), "1500")
    page = desk.window.show_page("donations")
    preview = open_preview(qtbot, page, gift)
    note = translate_in(
        language,
        "Not issued yet: printing this receipt or saving it as PDF issues the original. "
        "Closing the preview issues nothing.",
    )
    assert preview.issue_note.text() == note and note.startswith(("لم", "Pas"))
    preview.grab().save(str(tmp_path / f"preview-{language}.png"))
    if SHOTS:
        preview.grab().save(str(Path(SHOTS) / f"receipt-preview-{language}.png"))
    preview.ask_save_path = lambda: str(tmp_path / "r.pdf")
    assert preview.save()
    qtbot.waitUntil(preview.page_labels[0].isVisible)  # the duplicate drawn in its place
    assert preview.issue_note.text() != note
    assert not preview.issue_button.isVisibleTo(preview)
    if SHOTS:
        preview.grab().save(str(Path(SHOTS) / f"receipt-preview-issued-{language}.png"))
        desk.window.grab().save(str(Path(SHOTS) / f"donations-list-{language}.png"))
    assert prints_shown(page, gift) == translate_in(language, "Original")
