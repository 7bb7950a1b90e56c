"""Digits typed where a date box shows its month by name choose the month.

French and English date boxes show "7 déc. 2026" and "Dec 7, 2026", as the lists do. Qt's date
box takes only the name in such a field: a secretary typing a date of birth as "15032010" got
the 15th of *this* month, saved without a word. This filter reads one or two digits typed in the
month field as the month's number, then moves on to the next field, as a numeric box would.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateTimeEdit

_MONTH = QDateTimeEdit.Section.MonthSection
_KEY_PRESS = QEvent.Type.KeyPress
_SEPARATORS = frozenset(" /.-,")


class MonthDigits(QObject):
    """Installed on a date box whose month field is a name ("MMM"/"MMMM")."""

    def __init__(self, edit: QDateTimeEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        self.typed = ""  # the digits typed so far in the month field
        self.moved_on = False  # this filter has just gone to the next field
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is not _KEY_PRESS:
            return False
        assert isinstance(event, QKeyEvent)
        digit = event.text()
        moved_on, self.moved_on = self.moved_on, False
        if digit in _SEPARATORS and (moved_on or self._month_not_begun()):
            # "15 03 2010": the separator after a field the box already left (the day, full
            # at two digits, or the month this filter finished) is the one the person meant.
            return True
        if self.edit.currentSection() != _MONTH or not (digit.isdigit() and digit.isascii()):
            self.typed = ""
            return False
        self.typed += digit
        month = int(self.typed)
        if not 1 <= month <= 12:  # "13": the 1 was a month of its own, the 3 starts another
            self.typed, month = digit, int(digit)
        if month:
            self._set_month(month)
        if len(self.typed) == 2 or month > 1:  # "0" waits for its second digit, "1" may too
            self.typed = ""
            self._next_field()
            self.moved_on = True
        return True

    def _month_not_begun(self) -> bool:
        return self.edit.currentSection() == _MONTH and not self.typed

    def _set_month(self, month: int) -> None:
        current = self.edit.date()
        last_day = QDate(current.year(), month, 1).daysInMonth()
        self.edit.setDate(QDate(current.year(), month, min(current.day(), last_day)))

    def _next_field(self) -> None:
        index = self.edit.currentSectionIndex() + 1
        if index < self.edit.sectionCount():
            self.edit.setCurrentSectionIndex(index)
            self.edit.setSelectedSection(self.edit.currentSection())


def accept_month_digits(edit: QDateTimeEdit) -> None:
    """Let ``edit`` take the month as digits when its format names the month."""
    if "MMM" in edit.displayFormat():
        MonthDigits(edit)
