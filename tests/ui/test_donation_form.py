"""The donation form's receipt mentions: a cheque's number and bank, who valued a gift in kind,
and (France's reçus fiscaux only) the form of the gift; each shown only where it applies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from assocdesk.i18n import translate_in
from assocdesk.services import association
from tests.ui.conftest import type_text
from tests.ui.donors import add_donor, donation, give
from ui import commands
from ui.widgets.fields import select_data

SHOTS = os.environ.get("ASSOCDESK_SHOTS", "")


def set_tax_receipts(desk, on: bool) -> None:
    def change(session) -> None:
        association.get(session).tax_receipts = on

    commands.write(desk.context, change)


def shown(dialog, name: str) -> bool:
    return dialog.fields[name].isVisibleTo(dialog)


def test_cheque_fields_follow_the_method_and_are_stored(desk) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani"), "1500")
    page = desk.window.show_page("donations")
    page.select_id(gift)
    dialog = page.open_selected()
    assert not shown(dialog, "cheque_number") and not shown(dialog, "valued_by")
    assert not shown(dialog, "gift_form")  # not a French association

    select_data(dialog.method, "cheque")
    assert shown(dialog, "cheque_number") and shown(dialog, "bank")
    assert dialog.cheque_number.placeholderText()  # recommended, not required
    type_text(dialog.cheque_number, "0012345")
    type_text(dialog.bank, "البنك الشعبي")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible()
    stored = donation(desk, gift)
    assert (stored.method, stored.cheque_number, stored.bank) == (
        "cheque",
        "0012345",
        "البنك الشعبي",
    )

    dialog = page.open_selected()  # shown again as stored
    assert dialog.cheque_number.text() == "0012345" and shown(dialog, "bank")
    dialog.reject()


def test_a_cheque_without_its_number_is_saved(desk) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani"), "100")
    page = desk.window.show_page("donations")
    page.select_id(gift)
    dialog = page.open_selected()
    select_data(dialog.method, "cheque")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible()
    assert donation(desk, gift).method == "cheque"


def test_valued_by_for_a_gift_in_kind(desk) -> None:
    page = desk.window.show_page("donations")
    add_donor(desk, "Karim Ouazzani")
    dialog = page.open_new()
    dialog.anonymous.setChecked(True)
    type_text(dialog.amount, "800")
    select_data(dialog.method, "in_kind")
    assert shown(dialog, "valued_by") and not shown(dialog, "cheque_number")
    type_text(dialog.description, "Dix couvertures")
    type_text(dialog.valued_by, "Prix du marché, facture n° 12")
    dialog.accept()
    assert not dialog.isVisible()
    stored = donation(desk, page.selected_id())
    assert stored.valued_by == "Prix du marché, facture n° 12"
    assert stored.cheque_number == ""


def test_too_long_a_cheque_number_is_said_beside_it(desk) -> None:
    page = desk.window.show_page("donations")
    dialog = page.open_new()
    dialog.anonymous.setChecked(True)
    type_text(dialog.amount, "100")
    select_data(dialog.method, "cheque")
    dialog.cheque_number.setMaxLength(100)  # pasted past the box's own limit
    dialog.cheque_number.setText("9" * 41)
    dialog.accept()
    assert dialog.isVisible() and dialog.error_text("cheque_number")


@pytest.mark.parametrize("desk", ["fr", "ar"], indirect=True)
def test_form_of_the_gift_only_for_tax_receipts(desk, tmp_path: Path) -> None:
    language = desk.context.language
    gift = give(desk, add_donor(desk, "Karim Ouazzani"), "1500")
    page = desk.window.show_page("donations")
    page.select_id(gift)
    set_tax_receipts(desk, True)
    dialog = page.open_selected()
    assert shown(dialog, "gift_form")
    assert dialog.gift_form.currentText() == translate_in(language, "Declaration of a manual gift")
    select_data(dialog.gift_form, "notarial")
    select_data(dialog.method, "cheque")
    type_text(dialog.cheque_number, "0012345")
    type_text(dialog.bank, "Crédit Agricole" if language == "fr" else "البنك الشعبي")
    dialog.grab().save(str(tmp_path / f"donation-{language}.png"))
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / f"donation-cheque-{language}.png"))
        select_data(dialog.method, "in_kind")
        type_text(dialog.valued_by, "Prix du marché, facture n° 12")
        QApplication.processEvents()  # the amount's label, now "Estimated value", laid out
        dialog.grab().save(str(Path(SHOTS) / f"donation-in-kind-{language}.png"))
        select_data(dialog.method, "cheque")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible()
    assert donation(desk, gift).gift_form == "notarial"
