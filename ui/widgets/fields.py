"""Small input widgets the forms share: dates, amounts with their currency, choice boxes.

Dates and amounts look the same in a box as in a list or a document: a date box follows the
CLDR pattern Babel formats list dates with ("7 déc. 2026", "Dec 7, 2026", «07‏/12‏/2026»), and
an amount box stands on the side of its currency that the language writes ("MAD 300.00",
"300,00 MAD").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from PySide6.QtCore import QCollator, QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from assocdesk.i18n import _, current_language
from assocdesk.text.locales import (
    babel_locale,
    country_names,
    date_locale,
    date_pattern,
    time_pattern,
)
from assocdesk.text.money import amount_parts, format_plain_amount
from assocdesk.text.normalize import normalize_for_search
from ui.widgets.month_digits import accept_month_digits

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

# CLDR date and time fields → Qt's display format (which pads years and has no "a" nor "E").
_QT_FIELDS = {"y": "yyyy", "yy": "yy", "a": "AP", "E": "ddd", "EE": "ddd", "EEE": "ddd"}
_QT_FIELDS |= {"EEEE": "dddd", "L": "M", "LL": "MM", "LLL": "MMM", "LLLL": "MMMM"}
_QT_SAME = frozenset("dMhHms")
_CLDR_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|.", re.DOTALL)


def qt_display_format(pattern: str) -> str:
    """A CLDR date or time pattern ("MMM d, y", "h:mm a") as QDateTimeEdit's display format
    ("MMM d, yyyy", "h:mm AP"); letters with no Qt meaning stay literal, quoted."""
    out = []
    for match in _CLDR_TOKEN.finditer(pattern):
        token = match.group()
        if match.group(1) is None:  # a literal: quoted text or a single non-letter
            out.append(token)
        elif token in _QT_FIELDS:
            out.append(_QT_FIELDS[token])
        elif token[0] == "y":
            out.append("yyyy")
        elif token[0] in _QT_SAME:
            out.append(token[:4] if token[0] == "M" else token[:2])
        else:
            out.append(f"'{token}'")
    return "".join(out)


def display_locale() -> str:
    """The Babel locale of the window: the chosen language and the country of Qt's default
    locale, which the application sets from the association's country."""
    territory = QLocale.territoryToCode(QLocale().territory())
    return babel_locale(current_language(), territory)


def qt_locale_for(locale: str) -> QLocale:
    """Qt's locale with the month names Babel uses for ``locale`` and Latin digits, as Babel
    writes them in every language (Qt's plain "ar" would write ٠٧)."""
    language = locale.split("_")[0]
    for name in (date_locale(locale), f"{language}_MA"):
        candidate = QLocale(name)
        if candidate.language() == QLocale(language).language() and candidate.zeroDigit() == "0":
            return candidate
    return QLocale(QLocale.Language.English)


_RLM = "\u200f"
_BIDI_MARKS = re.compile("[\u200e\u200f\u061c]")
_QT_FIELD = re.compile(r"'(?:[^']|'')*'|AP|ap|([dMyhHms])\1*|.", re.DOTALL)


def _as_shown_right_to_left(qt_format: str) -> str:
    """``qt_format`` arranged so a right-to-left date box shows what the lists show.

    Qt reverses the order of a date box's fields in a right-to-left window. That is what the
    bidi marks of an Arabic pattern («dd‏/MM‏/y») do in a list, so those are dropped; but an
    hour ("15:30") is a number, which Arabic reads left to right: its fields are given to Qt
    already reversed, so Qt's reversal puts them back ("30:15" otherwise).
    """
    words = []
    for word in qt_format.split(" "):
        if _RLM in word or word.count("'") or len(re.findall(r"[dMyhHms]+", word)) < 2:
            words.append(_BIDI_MARKS.sub("", word))
        else:
            words.append("".join(reversed([m.group() for m in _QT_FIELD.finditer(word)])))
    if re.search(r"\b(AP|ap)\b", qt_format):
        # «م»/«ص» (a 12-hour clock) is an Arabic letter: the box's line then runs right to left
        # of itself, and its words must be given in the list's reading order reversed.
        words.reverse()
    return " ".join(words)


def date_format(locale: str | None = None, right_to_left: bool = False) -> str:
    """The display format of a date box: the pattern of the dates in lists, shown as the eye
    reads them in the lists (and mirrored as the lists are, in a right-to-left box)."""
    qt_format = qt_display_format(date_pattern(locale or display_locale()))
    return _as_shown_right_to_left(qt_format) if right_to_left else qt_format


def datetime_format(locale: str | None = None, right_to_left: bool = False) -> str:
    """The display format of a date-and-time box, as format_datetime writes them."""
    locale = locale or display_locale()
    qt_format = (
        f"{qt_display_format(date_pattern(locale))} {qt_display_format(time_pattern(locale))}"
    )
    return _as_shown_right_to_left(qt_format) if right_to_left else qt_format


def _right_to_left(widget: QWidget) -> bool:
    return widget.layoutDirection() == Qt.LayoutDirection.RightToLeft


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(value: date | None = None, locale: str | None = None) -> QDateEdit:
    """A date box showing its date as the lists do (``locale`` defaults to the window's)."""
    locale = locale or display_locale()
    edit = QDateEdit()
    edit.setLocale(qt_locale_for(locale))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_format(locale, _right_to_left(edit)))
    accept_month_digits(edit)
    edit.setDate(to_qdate(value or date.today()))
    return edit


def datetime_edit(value: datetime | None = None, locale: str | None = None) -> QDateTimeEdit:
    locale = locale or display_locale()
    edit = QDateTimeEdit()
    edit.setLocale(qt_locale_for(locale))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(datetime_format(locale, _right_to_left(edit)))
    accept_month_digits(edit)
    value = value or datetime.now().replace(minute=0, second=0, microsecond=0)
    edit.setDateTime(QDateTime(to_qdate(value.date()), QTime(value.hour, value.minute)))
    return edit


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class OptionalDateEdit(QWidget):
    """A date that may be left empty (a member who has not left, a campaign with no end)."""

    def __init__(
        self,
        label: str,
        value: date | None = None,
        parent: QWidget | None = None,
        locale: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(label)
        self.edit = date_edit(value, locale)
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
        self,
        label: str,
        value: datetime | None = None,
        parent: QWidget | None = None,
        locale: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(label)
        self.edit = datetime_edit(value, locale)
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


def amount_row(amount: QLineEdit, currency: QComboBox, locale: str) -> QWidget:
    """The amount box and its currency side by side, in the order the language writes an
    amount ("MAD 300.00" in English, "300,00 MAD" in French, «300,00 د.م.» in Arabic), with
    an example amount in the locale's own decimal mark."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    code = currency.currentText() or "MAD"
    if not amount.placeholderText():
        amount.setPlaceholderText(amount_example(code, locale))
    if amount_parts(100, "MAD", locale).symbol_first:
        layout.addWidget(currency)
        layout.addWidget(amount, 1)
    else:
        layout.addWidget(amount, 1)
        layout.addWidget(currency)
    return row


def amount_example(currency: str, locale: str) -> str:
    """ "1500.00" in English, "1500,00" in French: what an amount box reads back as typed."""
    return format_plain_amount(150000, currency, locale)  # an unknown code: 2 decimals


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


class SearchableChoice(QComboBox):
    """A choice among many (the countries): typing part of a name narrows the list.

    ``value()`` is the chosen item's data. What was typed without choosing is matched against
    the names (any case) and the data (a code such as "ma"); text that matches neither is
    returned as typed, so the service reports it rather than the form dropping it.
    """

    def __init__(self, choices: Iterable[tuple[str, str]], current: str = "") -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Sized for a usual name, not the longest of 250 ("Territoire britannique de l'océan
        # Indien" would widen the whole form); the list drops down wider when needed.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.addItem("—", "")
        for value, text in choices:
            self.addItem(text, value)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.set_value(current)

    def value(self) -> str:
        text = self.currentText().strip()
        index = self.currentIndex()
        if index >= 0 and self.itemText(index) == text:
            return str(self.itemData(index))
        if not text:
            return ""
        wanted = normalize_for_search(text)  # "algerie" is Algérie, whatever the accents
        for index in range(self.count()):
            if normalize_for_search(self.itemText(index)) == wanted:
                return str(self.itemData(index))
        found = self.findData(text.upper())
        return str(self.itemData(found)) if found >= 0 else text

    def set_value(self, value: str) -> None:
        """Select ``value``; a stored value the list does not know is added, so it shows
        and saves back unchanged."""
        index = self.findData(value or "")
        if index < 0:
            self.addItem(value, value)
            index = self.count() - 1
        self.setCurrentIndex(index)


def country_box(current: str = "", language: str | None = None) -> SearchableChoice:
    """Every country by its name in the window's language, in that language's alphabetical
    order; ``value()`` is the ISO code ("MA") the contact stores."""
    language = language or current_language()
    collator = QCollator(QLocale(language))
    names = sorted(country_names(language).items(), key=lambda item: collator.sortKey(item[1]))
    return SearchableChoice(names, current)
