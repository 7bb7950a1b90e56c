"""Record a member's dues payment; see their past payments, reprint or void one.

The year and amount start at what the member still owes (the oldest year they owe in the page's
year, else the page's year); the service refuses a payment for a year without a fee, in another
currency than the fee's, or above what is still due, and the message shows under the field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from assocdesk import labels
from assocdesk.i18n import _
from assocdesk.services import dues, dues_status, members
from assocdesk.services.errors import ValidationError
from assocdesk.text.locales import format_date
from assocdesk.text.money import format_money, format_plain_amount
from ui import commands
from ui.context import AppContext
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.fields import choice_box, currency_box, date_edit, from_qdate


class DuesPaymentDialog(RecordDialog):
    def __init__(
        self, context: AppContext, membership_id: int, year: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("Record dues payment"), parent)
        self.membership_id = membership_id
        self.setMinimumWidth(620)
        self.resize(640, 620)
        membership = context.read(lambda s: members.details(s, membership_id))
        self.member_label = QLabel(f"<b>{membership.contact.name}</b> — {membership.number}")
        self.add_field("membership_id", _("Member"), self.member_label)
        self.period_year = QSpinBox()
        self.period_year.setRange(dues.EARLIEST_YEAR, dues.LATEST_YEAR)
        self.period_year.setValue(year)
        self.add_field("period_year", _("Dues for the year"), self.period_year)
        self.owed = QLabel()
        self.owed.setObjectName("owed")
        self.add_field("owed", _("Still due"), self.owed)
        self.amount = self.add_field("amount", _("Amount"), QLineEdit())
        self.first_field = self.amount  # member and year are given by the list
        self.currency = self.add_field(
            "currency", _("Currency"), currency_box(context.default_currency)
        )
        self.paid_on = self.add_field("paid_on", _("Date of payment"), date_edit(date.today()))
        self.paid_on.setMaximumDate(QDate.currentDate())
        self.method = self.add_field(
            "method",
            _("Payment method"),
            choice_box(
                [(m.value, labels.label("donation_method", m)) for m in dues.PAYMENT_METHODS]
            ),
        )
        self.notes = self.add_field("notes", _("Notes"), QLineEdit())
        self.add_section(_("Payments of this member"))
        self.history = QTableWidget(0, 5)
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels(
            [_("Receipt no."), _("Year"), _("Date"), _("Amount"), _("Status")]
        )
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setMinimumHeight(120)
        self.form.addRow(self.history)
        buttons = QHBoxLayout()
        self.reprint_button = QPushButton(_("Print receipt…"))
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.void_button = QPushButton(_("Void payment…"))
        self.void_button.clicked.connect(self.void_selected)
        buttons.addStretch(1)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.void_button)
        holder = QWidget()
        holder.setLayout(buttons)
        self.form.addRow(holder)
        self.preview: QWidget | None = None
        self.period_year.valueChanged.connect(lambda _year: self.show_owed(fill_amount=True))
        self.show_owed(fill_amount=True)
        self.load_history()

    def show_owed(self, fill_amount: bool = False) -> None:
        year = self.period_year.value()
        state = self.context.read(lambda s: dues_status.status_of(s, self.membership_id, year))
        locale = self.context.locale
        if state.fee_minor is None or state.currency is None:
            self.owed.setText(_("No dues"))
            return
        self.currency.setCurrentText(state.currency)
        status = dues_status.status_label(state.status)
        if state.due_minor > 0:
            self.owed.setText(f"{format_money(state.due_minor, state.currency, locale)} ({status})")
        else:
            self.owed.setText(status)
        if fill_amount:
            due = state.due_minor if state.due_minor > 0 else 0
            self.amount.setText(format_plain_amount(due, state.currency, locale) if due else "")

    def load_history(self) -> None:
        rows = self.context.read(lambda s: dues.payments_of(s, self.membership_id))
        locale = self.context.locale
        self.history.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (
                row.receipt_number,
                str(row.period_year),
                format_date(row.paid_on, locale),
                format_money(row.amount_minor, row.currency, locale),
                labels.label("donation_status", row.status),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.history.setItem(index, column, item)
        self.history.resizeColumnsToContents()

    def selected_payment(self) -> int | None:
        items = self.history.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def save(self) -> int:
        data = dues.PaymentInput(
            membership_id=self.membership_id,
            period_year=self.period_year.value(),
            amount=self.amount.text(),
            currency=self.currency.currentText(),
            paid_on=from_qdate(self.paid_on.date()),
            method=self.method.currentData(),
            notes=self.notes.text(),
        )
        payment = commands.write(self.context, lambda s: dues.record(s, data))
        return payment.id

    def reprint_selected(self) -> QWidget | None:
        payment_id = self.selected_payment()
        if payment_id is None:
            return None
        from ui.dues_documents import preview_dues_receipt

        self.preview = preview_dues_receipt(self, self.context, payment_id)
        if self.preview is not None:  # the history changes when the receipt is issued, not shown
            self.preview.issued.connect(lambda _issued: self.load_history())
        self.load_history()
        return self.preview

    def ask_void_reason(self) -> str | None:
        """The reason typed, or None if cancelled (tests replace it)."""
        reason, ok = QInputDialog.getText(self, _("Void payment"), _("Reason for voiding"))
        return reason if ok else None

    def void_selected(self) -> bool:
        payment_id = self.selected_payment()
        if payment_id is None:
            return False
        reason = self.ask_void_reason()
        if reason is None:
            return False
        try:
            commands.write(self.context, lambda s: dues.void(s, payment_id, reason))
        except ValidationError as exc:
            QMessageBox.warning(self, _("Void payment"), exc.message)
            return False
        self.load_history()
        self.show_owed()
        return True
