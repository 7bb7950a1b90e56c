"""The donation form offers the correction when the service raises ReceiptNeedsCorrection, told
by its class and not by its message: in French, for a date moved to another year (the receipt
not yet issued), and never for a plain mistake beside a field."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from assocdesk.models import DonationStatus
from assocdesk.services import donations
from tests.ui.donors import add_donor, donation, give
from ui import commands
from ui.widgets.fields import to_qdate


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


@pytest.mark.parametrize("desk", ["fr"], indirect=True)
def test_another_year_is_offered_as_a_correction(desk, monkeypatch) -> None:
    this_year = date.today().year
    gift = give(desk, add_donor(desk, "Karim Ouazzani"), "150", on=date(this_year, 1, 2))
    old_number = donation(desk, gift).receipt_number
    page = desk.window.show_page("donations")
    page.select_id(gift)
    dialog = page.open_selected()
    asked: list[str] = []
    monkeypatch.setattr(dialog, "confirm_correction", lambda number: asked.append(number) or True)
    monkeypatch.setattr(dialog, "ask_correction_reason", lambda number: "Année erronée")
    dialog.donated_on.setDate(to_qdate(date(this_year - 1, 12, 30)))
    save(dialog)
    assert asked == [old_number]  # the number comes with the error, not from the form
    assert not dialog.isVisible()
    assert donation(desk, gift).status == DonationStatus.VOID
    corrected = donation(desk, page.selected_id())
    assert corrected.replaces_id == gift and corrected.donated_on.year == this_year - 1


@pytest.mark.parametrize("desk", ["fr"], indirect=True)
def test_a_plain_mistake_is_shown_beside_its_field(desk, monkeypatch) -> None:
    gift = give(desk, add_donor(desk, "Karim Ouazzani"), "150")
    commands.write(desk.context, lambda s: donations.mark_printed(s, gift))
    page = desk.window.show_page("donations")
    page.select_id(gift)
    dialog = page.open_selected()
    monkeypatch.setattr(
        dialog, "confirm_correction", lambda number: pytest.fail("no correction to offer")
    )
    dialog.amount.clear()
    save(dialog)
    assert dialog.isVisible() and dialog.error_text("amount")
    assert donation(desk, gift).status == DonationStatus.RECORDED
    dialog.reject()


def test_told_by_its_class_whatever_its_words(desk, monkeypatch) -> None:
    """Any wording of the refusal offers the correction (the form once compared the texts)."""
    from assocdesk.services.errors import ReceiptNeedsCorrection

    gift = give(desk, add_donor(desk, "Karim Ouazzani"), "150")
    number = donation(desk, gift).receipt_number

    def refuse(session, donation_id, data):
        raise ReceiptNeedsCorrection(["amount"], "Worded some other way.", number=number)

    monkeypatch.setattr(donations, "update", refuse)
    page = desk.window.show_page("donations")
    page.select_id(gift)
    dialog = page.open_selected()
    asked: list[str] = []
    monkeypatch.setattr(dialog, "confirm_correction", lambda n: asked.append(n) or False)
    save(dialog)
    assert asked == [number]
    assert dialog.error_text("amount") == "Worded some other way."  # declined: shown, kept open
    dialog.reject()
