"""A date typed as digits in a box that names its month ("7 déc. 2026") is the date typed.

Qt takes only a month's name in such a field: "15032010" used to give the 15th of the current
month and year, saved without a word (found in review of issue 20, point 6).
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDateTimeEdit

from ui.widgets.fields import date_edit, datetime_edit, from_qdate


def typed(edit: QDateTimeEdit, text: str) -> date:
    """Type ``text`` from the box's first field, as a person does after clicking into it."""
    edit.show()
    edit.setFocus()
    edit.setCurrentSectionIndex(0)
    edit.setSelectedSection(edit.currentSection())
    for character in text:
        key = Qt.Key.Key_Space if character == " " else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                edit, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, character)
            )
    edit.interpretText()
    return from_qdate(edit.date())


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("fr_MA", "15032010", date(2010, 3, 15)),
        ("fr_MA", "15 03 2010", date(2010, 3, 15)),
        ("fr_MA", "15/03/2010", date(2010, 3, 15)),
        ("fr_MA", "1 3 2010", date(2010, 3, 1)),
        ("fr_MA", "01112001", date(2001, 11, 1)),
        ("fr_MA", "15 mars 2010", date(2010, 3, 15)),  # the name still works
        ("en", "03152010", date(2010, 3, 15)),
        ("en", "3 15 2010", date(2010, 3, 15)),
        ("en", "12 1 1999", date(1999, 12, 1)),
    ],
)
def test_a_month_typed_as_digits_is_the_month(qtbot, locale, text, expected) -> None:
    edit = date_edit(date(2026, 12, 7), locale)
    qtbot.addWidget(edit)
    assert "MMM" in edit.displayFormat()  # the box names its month
    assert typed(edit, text) == expected


def test_a_date_and_time_box_takes_the_month_as_digits(qtbot) -> None:
    edit = datetime_edit(None, "fr_MA")
    qtbot.addWidget(edit)
    assert typed(edit, "15032010").replace(day=15) == date(2010, 3, 15)


def test_a_numeric_box_is_left_to_qt(qtbot) -> None:
    """Arabic boxes show the month as a number: the filter is not even installed."""
    edit = date_edit(date(2026, 12, 7), "ar_MA")
    qtbot.addWidget(edit)
    assert "MMM" not in edit.displayFormat()
    from ui.widgets.month_digits import MonthDigits

    assert edit.findChild(MonthDigits) is None
