"""Small input widgets the forms share: optional dates, currency and choice boxes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from assocdesk.i18n import _

COMMON_CURRENCIES = (
    "MAD",
    "DZD",
    "TND",
    "EGP",
    "SAR",
    "AED",
    "QAR",
    "KWD",
    "JOD",
    "LBP",
    "MRU",
    "XOF",
    "EUR",
    "USD",
    "GBP",
    "CAD",
)


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(value: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setDate(to_qdate(value or date.today()))
    return edit


def datetime_edit(value: datetime | None = None) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy HH:mm")
    value = value or datetime.now().replace(minute=0, second=0, microsecond=0)
    edit.setDateTime(QDateTime(to_qdate(value.date()), QTime(value.hour, value.minute)))
    return edit


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class OptionalDateEdit(QWidget):
    """A date that may be left empty (a member who has not left, a campaign with no end)."""

    def __init__(
        self, label: str, value: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(label)
        self.edit = date_edit(value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)
        self.enabled.toggled.connect(self.edit.setEnabled)
        self.set_value(value)

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.enabled.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))


class OptionalDateTimeEdit(QWidget):
    def __init__(
        self, label: str, value: datetime | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(label)
        self.edit = datetime_edit(value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)
        self.enabled.toggled.connect(self.edit.setEnabled)
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)

    def value(self) -> datetime | None:
        return from_qdatetime(self.edit.dateTime()) if self.enabled.isChecked() else None


def choice_box(choices: Iterable[tuple[object, str]], current: object = None) -> QComboBox:
    """A combo box of (value, shown text); ``currentData()`` gives the value back."""
    box = QComboBox()
    for value, text in choices:
        box.addItem(text, value)
    select_data(box, current)
    return box


def select_data(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)


def currency_box(current: str) -> QComboBox:
    """An editable list of currencies (any ISO code can be typed; the service checks it)."""
    box = QComboBox()
    box.setEditable(True)
    codes = list(COMMON_CURRENCIES)
    if current and current not in codes:
        codes.insert(0, current)
    box.addItems(codes)
    box.setCurrentText(current)
    box.setToolTip(_("Three-letter currency code, e.g. MAD, DZD, EUR."))
    return box


def left_to_right(edit: QLineEdit) -> QLineEdit:
    """Phones, e-mails and web addresses are typed left to right even in an Arabic window
    (otherwise "06 12 34" shows as "34 12 06" while being typed)."""
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return edit


def language_choices() -> list[tuple[str, str]]:
    """Each language named in itself, so anyone finds their own."""
    return [("ar", "العربية"), ("fr", "Français"), ("en", "English")]


def document_language_choices(automatic: str = "") -> list[tuple[str | None, str]]:
    """Languages a document can be printed in; None first: the document's own rule (a receipt
    follows its donor's language, a report the association's)."""
    return [(None, automatic or _("Automatic")), *language_choices()]
