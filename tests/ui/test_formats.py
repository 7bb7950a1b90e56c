"""One format per thing (issue 20, point 6): a date box shows its date as the lists do, and an
amount is never glued to its currency ("MAD300.00"), in a box or in a list, in any language."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from bidi.algorithm import get_display
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QHBoxLayout, QWidget

from assocdesk.services import contacts, dues, members
from assocdesk.text.locales import format_date, format_datetime
from assocdesk.text.money import format_money
from tests.ui.donors import give
from ui import commands
from ui.dialogs.activity_dialog import ActivityDialog
from ui.dialogs.donation_dialog import DonationDialog
from ui.dialogs.member_dialog import MemberDialog
from ui.widgets.fee_schedule import FeeSchedule
from ui.widgets.fields import date_edit, datetime_edit, datetime_format, qt_display_format

LANGUAGES = ["ar", "fr", "en"]
# A currency written in letters touching a digit, the bug seen: "MAD300.00", "300,00MAD".
GLUED = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")
EXPECTED_DATE = {"en": "Dec 7, 2025", "fr": "7 déc. 2025", "ar": "07\u200f/12\u200f/2025"}


def seen(text: str, right_to_left: bool) -> str:
    """A list cell's text in the order the eye reads it on screen, left to right."""
    return get_display(text, base_dir="R").replace("\u200f", "") if right_to_left else text


def box_text(box: QAbstractSpinBox) -> str:
    """A date box's text, already in screen order: Qt mirrors it in a right-to-left box."""
    return box.text()


def cells(model) -> list[str]:
    return [
        str(model.data(model.index(row, column)) or "")
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]


def add_member(desk, joined_on: date) -> int:
    data = members.MemberInput(
        contact=contacts.ContactInput(name="Karim Benali"), number="0001", joined_on=joined_on
    )
    return commands.write(desk.context, lambda s: members.create(s, data)).id


@pytest.mark.parametrize(
    ("pattern", "qt"),
    [
        ("MMM d, y", "MMM d, yyyy"),
        ("d MMM y", "d MMM yyyy"),
        ("dd\u200f/MM\u200f/y", "dd\u200f/MM\u200f/yyyy"),
        ("h:mm\u202fa", "h:mm\u202fAP"),
        ("EEEE d 'de' MMMM y", "dddd d 'de' MMMM yyyy"),
        ("d.M.yy G", "d.M.yy 'G'"),  # a field Qt has not (the era) stays literal
    ],
)
def test_cldr_patterns_become_qt_display_formats(pattern: str, qt: str) -> None:
    assert qt_display_format(pattern) == qt


@pytest.mark.parametrize("desk", LANGUAGES, indirect=True)
def test_date_box_shows_the_lists_format(desk, qtbot, tmp_path: Path) -> None:
    """Regression: English date boxes said "07/12/2025" beside the lists' "Dec 7, 2025"."""
    language, locale = desk.context.language, desk.context.locale
    rtl = language == "ar"
    joined = date(2025, 12, 7)
    listed = format_date(joined, locale)
    assert listed == EXPECTED_DATE[language]
    membership_id = add_member(desk, joined)
    form = MemberDialog(desk.context, membership_id)
    assert form.joined_on.layoutDirection() == (
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    assert box_text(form.joined_on) == seen(listed, rtl)  # «2025/12/07» on screen in Arabic
    form.grab().save(str(tmp_path / f"member-{language}.png"))
    page = desk.window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert listed in cells(page.model)  # the list's cell, character for character
    # The boxes made without a form's locale (report periods, the journal) agree too.
    assert box_text(date_edit(joined)) == seen(listed, rtl)


@pytest.mark.parametrize("desk", LANGUAGES, indirect=True)
def test_date_and_time_box_shows_the_lists_format(desk) -> None:
    """Regression too: an Arabic box showed 15:30 as "30:15" (Qt mirrors every field)."""
    moment = datetime(2025, 12, 7, 15, 30)
    locale, rtl = desk.context.locale, desk.context.language == "ar"
    listed = format_datetime(moment, locale)
    form = ActivityDialog(desk.context)
    form.starts_at.setDateTime(datetime_edit(moment).dateTime())
    assert box_text(form.starts_at) == seen(listed, rtl)
    assert "15:30" in box_text(form.starts_at) or "3:30" in box_text(form.starts_at)
    assert "٢" not in box_text(form.starts_at)  # Latin digits, as Babel writes them


def row_order(row: QWidget) -> list[str]:
    layout = row.layout()
    assert isinstance(layout, QHBoxLayout)
    return [type(layout.itemAt(i).widget()).__name__ for i in range(layout.count())]


@pytest.mark.parametrize(
    ("desk", "order", "example"),
    [
        ("en", ["QComboBox", "QLineEdit"], "1500.00"),  # "MAD 300.00"
        ("fr", ["QLineEdit", "QComboBox"], "1500,00"),  # "300,00 MAD"
        ("ar", ["QLineEdit", "QComboBox"], "1500,00"),  # «300,00 د.م.» (ar_MA)
    ],
    indirect=["desk"],
)
def test_amount_box_stands_where_the_language_writes_it(desk, order, example) -> None:
    form = DonationDialog(desk.context)
    assert row_order(form.amount.parentWidget()) == order
    assert form.amount.placeholderText() == example  # the decimal mark of the language


@pytest.mark.parametrize("desk", LANGUAGES, indirect=True)
def test_no_amount_glued_to_its_currency(desk, qtbot) -> None:
    """Regression: "MAD300.00" (no space between the code and the number)."""
    locale = desk.context.locale
    commands.write(
        desk.context,
        lambda s: dues.set_fee(s, category="Actif", year=2025, amount="300", currency="MAD"),
    )
    schedule = FeeSchedule(desk.context)
    shown = schedule.table.item(0, 2).text()
    assert shown == format_money(30000, "MAD", locale)
    assert "300" in shown and not GLUED.search(shown)
    give(desk, None, "1500", date(2025, 3, 1))
    page = desk.window.show_page("donations")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    amounts = [text for text in cells(page.model) if "500" in text]
    assert amounts == [format_money(150000, "MAD", locale)]
    assert not GLUED.search(amounts[0])


@pytest.mark.parametrize("currency", ["MAD", "DZD", "TND", "EGP", "SAR", "EUR", "USD", "XOF"])
@pytest.mark.parametrize("locale", ["en", "fr", "fr_MA", "ar", "ar_MA", "ar_DZ", "ar_EG"])
def test_format_money_spaces_every_currency(locale: str, currency: str) -> None:
    text = format_money(123456, currency, locale)
    assert not GLUED.search(text), text


@pytest.mark.parametrize(
    ("locale", "right_to_left", "expected"),
    [
        ("ar_MA", True, "dd/MM/yyyy mm:HH"),  # Qt mirrors it back to «15:30 2025/12/07»
        # «م» is a letter: the box's line runs right to left of itself and Qt does not mirror
        # it; given reversed, it shows «م 3:30 2025/12/07» as the list does (looked at).
        ("ar_EG", True, "AP mm:h dd/MM/yyyy"),
        ("ar_MA", False, "dd\u200f/MM\u200f/yyyy HH:mm"),
        ("en", False, "MMM d, yyyy h:mm\u202fAP"),
        ("fr_MA", False, "d MMM yyyy HH:mm"),
    ],
)
def test_date_and_time_formats(locale: str, right_to_left: bool, expected: str) -> None:
    assert datetime_format(locale, right_to_left) == expected
