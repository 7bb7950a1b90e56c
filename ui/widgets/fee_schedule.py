"""The dues fee schedule in Settings: one line per category and year, edited in place.

Choose a line to load it into the fields below, change the amount and press "Save fee"; a new
category or year is typed the same way. "Copy to next year" starts a year from the last one.
Each change is saved at once (its own unit of work), so it does not wait for "Save settings".
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from assocdesk.services import dues, members
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.text.money import amount_parts, format_money, format_plain_amount
from ui import commands, theme
from ui.context import AppContext
from ui.permission_guard import guard
from ui.widgets.fields import amount_example, currency_box
from ui.widgets.tables import select_whole_row, table_item


class FeeSchedule(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[dues.FeeRow] = []
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("fees")
        self.table.setHorizontalHeaderLabels([_("Year"), _("Category"), _("Yearly dues")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(140)
        self.table.itemSelectionChanged.connect(self._load_selected)

        self.year = QSpinBox()
        self.year.setObjectName("fee_year")
        self.year.setRange(dues.EARLIEST_YEAR, dues.LATEST_YEAR)
        self.year.setValue(date.today().year)
        self.category = QComboBox()
        self.category.setObjectName("fee_category")
        self.category.setEditable(True)
        self.amount = QLineEdit()
        self.amount.setObjectName("fee_amount")
        self.currency = currency_box(context.default_currency)
        self.currency.setObjectName("fee_currency")
        self.amount.setPlaceholderText(amount_example(context.default_currency, context.locale))
        self.error = QLabel()
        self.error.setObjectName("fee_error")
        theme.style(self.error, theme.Style.ERROR)
        self.error.setWordWrap(True)
        self.error.hide()
        self.save_button = QPushButton(_("Save fee"))
        self.save_button.setObjectName("save_fee")
        self.save_button.clicked.connect(self.save_fee)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName("remove_fee")
        self.remove_button.clicked.connect(self.remove_selected)
        self.copy_button = QPushButton(_("Copy to next year"))
        self.copy_button.setObjectName("copy_fees")
        self.copy_button.clicked.connect(self.copy_to_next_year)
        for button in (self.save_button, self.remove_button, self.copy_button):
            guard(button, context.role, "record_dues")  # the fees: the money roles' (board reads)

        # The amount and its currency in the order the language writes them ("MAD 300.00").
        money = [(_("Amount"), self.amount), (_("Currency"), self.currency)]
        if amount_parts(100, "MAD", context.locale).symbol_first:
            money.reverse()
        fields = QGridLayout()
        columns = [(_("Year"), self.year), (_("Category"), self.category), *money]
        for column, (label, widget) in enumerate(columns):
            fields.addWidget(QLabel(label), 0, column)
            fields.addWidget(widget, 1, column)
        fields.setColumnStretch(1, 2)
        fields.setColumnStretch(columns.index((_("Amount"), self.amount)), 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        hint = QLabel(
            _(
                "Members of a category without dues for a year owe nothing that year. "
                "Leave the category empty for members who have none."
            )
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addLayout(fields)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        self.rows = self.context.read(dues.fees)
        locale = self.context.locale
        self.table.setRowCount(len(self.rows))
        for index, fee in enumerate(self.rows):
            values = (
                str(fee.year),
                fee.category or _("(no category)"),
                format_money(fee.amount_minor, fee.currency, locale),
            )
            for column, value in enumerate(values):
                self.table.setItem(index, column, table_item(value, numeric=column == 2))
        self.table.resizeColumnsToContents()
        current = self.category.currentText()
        used = self.context.read(members.categories)
        known = sorted(set(used) | {fee.category for fee in self.rows if fee.category})
        self.category.clear()
        self.category.addItems(known)
        self.category.setCurrentText(current)

    def select_row(self, row: int) -> None:
        select_whole_row(self.table, row)

    def _selected(self) -> dues.FeeRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _load_selected(self) -> None:
        fee = self._selected()
        if fee is None:
            return
        self.year.setValue(fee.year)
        self.category.setCurrentText(fee.category)
        self.amount.setText(
            format_plain_amount(fee.amount_minor, fee.currency, self.context.locale)
        )
        self.currency.setCurrentText(fee.currency)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def save_fee(self) -> bool:
        category, year = self.category.currentText(), self.year.value()
        amount, currency = self.amount.text(), self.currency.currentText()
        try:
            commands.write(
                self.context,
                lambda s: dues.set_fee(
                    s, category=category, year=year, amount=amount, currency=currency
                ),
            )
        except ValidationError as exc:
            self._show_error(exc.message)
            return False
        self._show_error("")
        self.load()
        return True

    def remove_selected(self) -> bool:
        fee = self._selected()
        if fee is None:
            return False
        try:
            commands.write(self.context, lambda s: dues.remove_fee(s, fee.id))
        except NotFound as exc:
            self._show_error(str(exc))
        self.load()
        return True

    def copy_to_next_year(self) -> int:
        """Copy the fees of the year shown in the fields to the year after it."""
        year = self.year.value()
        added = commands.write(self.context, lambda s: dues.copy_fees(s, year, year + 1))
        self.load()
        self.year.setValue(year + 1)
        return added
