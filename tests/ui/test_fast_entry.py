"""A gift from someone new, its receipt printed, without leaving the donation form (issue 21,
point 1): "New donor…" in the donor picker, "Save and print receipt", recent donors first.

Before, the secretary cancelled the form, went to Contacts, created the person, came back and
typed it all again; then found the donation in the list to print its receipt.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox

from assocdesk.i18n import translate_in
from assocdesk.services import contacts, donations
from assocdesk.text.bidi import isolate
from tests.ui.conftest import type_text
from tests.ui.donors import add_donor, donation, give
from tests.ui.printing import pdf_printer
from ui import documents
from ui.dialogs.donation_dialog import DonationDialog
from ui.dialogs.preview_dialog import PreviewDialog
from ui.dialogs.quick_contact import QuickContactDialog, split_typed
from ui.issuing import issued_message

SHOTS = os.environ.get("ASSOCDESK_SHOTS", "")


def contact_names(desk) -> list[str]:
    return [row.name for row in desk.context.read(lambda s: contacts.list_contacts(s).rows)]


def all_donations(desk) -> list:
    def read(session):
        query = donations.ListQuery()
        return donations.rows(session, donations.ids(session, query))

    return desk.context.read(read)


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def open_form(qtbot, desk):
    page = desk.window.show_page("donations")
    dialog = page.open_new()
    dialog.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(dialog.isActiveWindow)
    return page, dialog


def printing_form(qtbot, desk):
    """The donation form as the Donations page opens it, with its receipt printer."""
    page = desk.window.show_page("donations")
    printer = documents.receipt_printer(
        page, desk.context, lambda issued: page.show_message(issued_message(issued))
    )
    dialog = DonationDialog(desk.context, None, page, receipt_printer=printer)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return page, dialog


def quick_form(qtbot, picker) -> QuickContactDialog:
    qtbot.waitUntil(lambda: picker.quick is not None and picker.quick.isVisible())
    assert isinstance(picker.quick, QuickContactDialog)
    return picker.quick


def test_split_typed_sends_phone_and_email_to_their_fields() -> None:
    assert split_typed("Fatima Zahra 06 12 34 56 78") == ("Fatima Zahra", "06 12 34 56 78", "")
    assert split_typed("كريم k.ouazzani@example.ma") == ("كريم", "", "k.ouazzani@example.ma")
    assert split_typed("+212612345678") == ("", "+212612345678", "")
    assert split_typed("Ahmed 2") == ("Ahmed 2", "", "")  # too few digits for a phone


def test_new_donor_from_the_picker_prefilled_and_selected(qtbot, desk) -> None:
    add_donor(desk, "Karim Ouazzani")
    _page, dialog = open_form(qtbot, desk)
    picker = dialog.donor
    assert picker.new_action.text() == "New donor…"
    assert "Ctrl+N" in picker.new_action.toolTip()
    type_text(picker, "Fatima Zahra 0612345678")
    # Nobody matches: the list offers to record her, and Enter does.
    assert picker.suggestions() == ["New donor… «Fatima Zahra 0612345678»"]
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    quick = quick_form(qtbot, picker)
    assert dialog.isVisible()  # the donation form stays, under the short one
    assert quick.windowTitle() == "New donor"
    assert quick.contact.name.text() == "Fatima Zahra"
    assert quick.contact.phone.text() == "0612345678"
    assert not quick.fields["notes"].isVisibleTo(quick)  # the short form: details folded
    if SHOTS:
        quick.grab().save(str(Path(SHOTS) / "quick_contact.png"))
    save(quick)
    assert not quick.isVisible()
    new_id = picker.contact_id
    assert new_id is not None and picker.text() == "Fatima Zahra"
    assert sorted(contact_names(desk)) == ["Fatima Zahra", "Karim Ouazzani"]

    type_text(dialog.amount, "200")
    save(dialog)
    assert not dialog.isVisible()
    (gift,) = all_donations(desk)
    assert donation(desk, gift.id).contact_id == new_id


def test_arabic_name_with_the_shortcut_and_the_list_entry(qtbot, desk) -> None:
    _page, dialog = open_form(qtbot, desk)
    picker = dialog.donor
    type_text(picker, "فاطمة الزهراء")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    quick = quick_form(qtbot, picker)
    assert quick.contact.name.text() == "فاطمة الزهراء"
    assert quick.first_field is quick.contact.phone  # the name is there: next, the phone
    quick.reject()  # nothing saved: the picker keeps what was typed
    qtbot.waitUntil(lambda: picker.quick is None)
    assert picker.contact_id is None and picker.text() == "فاطمة الزهراء"
    assert contact_names(desk) == []

    # The list's last entry records her too.
    picker.completer().activated.emit(picker.suggestions()[-1])
    quick = quick_form(qtbot, picker)
    assert quick.contact.name.text() == "فاطمة الزهراء"
    save(quick)
    assert picker.text() == "فاطمة الزهراء" and picker.contact_id is not None


def test_a_near_name_is_warned_and_can_be_chosen_instead(qtbot, desk) -> None:
    fatima = add_donor(desk, "Fatima Benali")
    _page, dialog = open_form(qtbot, desk)
    picker = dialog.donor
    type_text(picker, "BENALI fatima")
    picker.new_action.trigger()
    quick = quick_form(qtbot, picker)
    hint = quick.contact.hint
    assert hint.isVisibleTo(quick), "the duplicate warning is shown at once"
    assert "Fatima Benali" in hint.text() and "Already recorded?" in hint.text()
    assert "choose that person" in hint.text()
    hint.linkActivated.emit(str(fatima))  # the name in the warning: use her instead
    assert not quick.isVisible()
    assert picker.contact_id == fatima and picker.text() == "Fatima Benali"
    assert contact_names(desk) == ["Fatima Benali"]  # nobody recorded twice


def test_recent_donors_listed_first(qtbot, desk) -> None:
    karim = add_donor(desk, "Karim Ouazzani")
    khadija = add_donor(desk, "Khadija Karimi")
    omar = add_donor(desk, "Omar Karam")
    add_donor(desk, "Kamal Karouani")  # never gave
    give(desk, karim, "100")
    give(desk, omar, "50")
    give(desk, None, "20")  # anonymous: no one to offer
    _page, dialog = open_form(qtbot, desk)
    picker = dialog.donor
    # Entering the empty field lists the last donors, the latest first.
    qtbot.waitUntil(lambda: picker.completer().popup().isVisible())
    assert [s.split(" · ")[0] for s in picker.suggestions()] == ["Omar Karam", "Karim Ouazzani"]
    picker.completer().activated.emit(picker.suggestions()[1])
    assert picker.contact_id == karim

    # Typing: the recent donors among the matches come first, then the others.
    picker.clear()
    type_text(picker, "kar")
    names = [s.split(" · ")[0] for s in picker.suggestions()]
    assert names[:2] == ["Omar Karam", "Karim Ouazzani"]
    assert set(names[2:4]) == {"Khadija Karimi", "Kamal Karouani"}
    assert len(names) == 4 and khadija != picker.contact_id  # the offer comes only for nobody
    picker.clear()
    type_text(picker, "Zineb")
    assert picker.suggestions() == ["New donor… «Zineb»"]


def printer_to(path: Path, asked: list[int]):
    """The print dialog, accepted: a PDF file stands for the printer."""

    def ask(preview: PreviewDialog) -> QPrinter:
        asked.append(1)
        return pdf_printer(preview, path)

    return ask


def test_save_and_print_issues_one_receipt_when_printed(
    qtbot, desk, tmp_path: Path, monkeypatch, painted
) -> None:
    asked: list[int] = []
    monkeypatch.setattr(PreviewDialog, "ask_printer", printer_to(tmp_path / "r.pdf", asked))
    karim = add_donor(desk, "Karim Ouazzani", language="fr")
    page, dialog = printing_form(qtbot, desk)
    assert dialog.print_button.text() == "Save and print receipt"
    assert "Ctrl+P" in dialog.print_button.toolTip()
    dialog.donor.set_contact(karim, "Karim Ouazzani")
    type_text(dialog.amount, "1500")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()  # saved
    (gift,) = all_donations(desk)
    qtbot.waitUntil(lambda: donation(desk, gift.id).receipt_prints == 1)
    stored = donation(desk, gift.id)
    assert stored.receipt_issued_at is not None and asked == [1]
    assert len(painted) == 1 and translate_in("fr", "Duplicate") not in pdf_text(painted[0])
    preview = dialog.preview
    assert preview is not None and preview.isVisible()
    assert preview.parentWidget() is page  # over the list, the form being closed
    assert page.message.text() == (
        f"Receipt {isolate(stored.receipt_number)} issued: this first print is the original."
    )
    qtbot.wait(50)
    assert donation(desk, gift.id).receipt_prints == 1  # printed once, not twice


def test_save_and_print_cancelled_issues_nothing(qtbot, desk, monkeypatch, painted) -> None:
    monkeypatch.setattr(PreviewDialog, "ask_printer", lambda preview: None)  # print cancelled
    karim = add_donor(desk, "Karim Ouazzani")
    _page, dialog = printing_form(qtbot, desk)
    dialog.donor.set_contact(karim, "Karim Ouazzani")
    type_text(dialog.amount, "300")
    dialog.print_button.click()
    (gift,) = all_donations(desk)  # saved all the same
    preview = dialog.preview
    assert preview is not None
    qtbot.wait(50)  # the print dialog came and was cancelled
    stored = donation(desk, gift.id)
    assert stored.receipt_prints == 0 and stored.receipt_issued_at is None
    assert painted == [] and preview.isVisible()  # the preview stays, free to close


def test_save_and_print_with_an_error_saves_and_prints_nothing(qtbot, desk, monkeypatch) -> None:
    asked: list[int] = []
    monkeypatch.setattr(PreviewDialog, "ask_printer", lambda preview: asked.append(1))
    _page, dialog = printing_form(qtbot, desk)
    dialog.print_button.click()  # no donor, no amount
    assert dialog.isVisible() and dialog.error_text("amount")
    assert dialog.preview is None and all_donations(desk) == []
    qtbot.wait(20)
    assert asked == []


def test_no_save_and_print_without_a_printer(qtbot, desk) -> None:
    dialog = DonationDialog(desk.context)
    assert dialog.print_button.isHidden() and not dialog.print_shortcut.isEnabled()
    dialog.save_and_print()
    assert all_donations(desk) == [] and dialog.preview is None
    dialog.reject()


def pdf_text(pdf: bytes) -> str:
    from tests.pdfcheck import text

    return text(pdf)
