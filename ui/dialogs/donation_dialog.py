"""Record or edit a donation. The receipt number is given by the service on save.

Once its receipt was issued (printed), what the receipt states (amount, currency, donor, date)
cannot change in place: the service refuses, and the dialog offers the correction instead (void
the receipt with a reason and record the corrected donation under a new number, linked to it),
as an accountant would do in a paper receipt book.

At the counter, a gift from someone new is recorded without leaving the form ("New donor…" in
the donor picker, the donors of the last gifts listed first), and "Save and print receipt"
(Ctrl+P) saves, then opens the receipt's print dialog over its preview. The receipt is issued
by the print, as from the Donations page: a cancelled print issues nothing. The opener hands the
form that printing (ui.documents.receipt_printer), since documents sit above the dialogs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from sqlalchemy.orm import Session

from assocdesk import labels
from assocdesk.i18n import _, ngettext
from assocdesk.models import DonationMethod, DonationStatus
from assocdesk.services import association, campaigns, donations, recent_choices
from assocdesk.services.errors import ReceiptNeedsCorrection, ValidationError
from assocdesk.text.locales import format_date
from assocdesk.text.money import format_plain_amount
from ui import commands, theme
from ui.context import AppContext
from ui.dialogs.quick_contact import new_contact_form
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.contact_picker import ContactPicker
from ui.widgets.fields import (
    amount_row,
    choice_box,
    currency_box,
    date_edit,
    from_qdate,
    select_data,
    to_qdate,
)
from ui.widgets.shortcut_tip import shortcut_tooltip


class DonationDialog(RecordDialog):
    corrected = Signal(str, str)  # voided receipt number, corrected donation's receipt number
    receipt_opened = Signal(object)  # the receipt's PreviewDialog, after "Save and print receipt"

    def __init__(
        self,
        context: AppContext,
        donation_id: int | None = None,
        parent: QWidget | None = None,
        *,
        receipt_printer: Callable[[int], QWidget | None] | None = None,
    ) -> None:
        """``receipt_printer(donation_id)`` opens a saved donation's receipt and its print
        dialog (ui.documents.receipt_printer); without it there is no "Save and print"."""
        title = _("Record a donation") if donation_id is None else _("Edit donation")
        super().__init__(context, title, parent)
        self.donation_id = donation_id
        self.receipt_number = ""
        self.corrected_numbers: tuple[str, str] | None = None
        self.saved_id: int | None = None
        self.receipt_printer = receipt_printer
        self.preview: QWidget | None = None  # the receipt opened by "Save and print receipt"
        self._print_after_save = False
        self.issued_note = QLabel()
        self.issued_note.setObjectName("issued_note")
        self.issued_note.setWordWrap(True)
        theme.style(self.issued_note, theme.Style.NOTE)
        self.issued_note.hide()
        self.layout().insertWidget(0, self.issued_note)

        donor_row = QWidget()
        donor_layout = QHBoxLayout(donor_row)
        donor_layout.setContentsMargins(0, 0, 0, 0)
        self.donor = ContactPicker(
            context,
            new_label=_("New donor…"),
            new_form=new_contact_form(context, _("New donor")),
            likely=recent_choices.recent_donors,
        )
        self.new_donor = self.donor.new_button()
        self.donor_card = self.donor.card_button()
        self.anonymous = QCheckBox(_("Anonymous donor"))
        self.anonymous.toggled.connect(self.donor.setDisabled)
        self.anonymous.toggled.connect(self.donor.new_action.setDisabled)
        self.donor.contact_changed.connect(self._donor_chosen)
        donor_layout.addWidget(self.donor, 1)
        donor_layout.addWidget(self.new_donor)
        donor_layout.addWidget(self.donor_card)
        donor_layout.addWidget(self.anonymous)
        self.add_field("contact_id", _("Donor"), donor_row)

        locale = context.locale
        self.donated_on = self.add_field("donated_on", _("Date"), date_edit(locale=locale))
        self.donated_on.setMaximumDate(QDate.currentDate())
        self.amount = QLineEdit()
        self.currency = currency_box(context.default_currency)
        self.add_field("amount", _("Amount"), amount_row(self.amount, self.currency, locale))
        self.error_aliases["currency"] = "amount"  # the currency box sits in the amount row

        self.method = self.add_field(
            "method", _("Method"), choice_box(labels.choices("donation_method"))
        )
        self.description = self.add_field(
            "in_kind_description", _("What was given"), QPlainTextEdit()
        )
        self.description.setFixedHeight(60)
        self._add_receipt_mentions()
        self.method.currentIndexChanged.connect(self._method_changed)
        self.campaign = self.add_field("campaign_id", _("Campaign"), choice_box([]))
        self.notes = self.add_field("notes", _("Notes"), QPlainTextEdit())
        self.notes.setFixedHeight(50)
        self._add_print_button()
        self._load(*context.read(self._read))
        self._method_changed()

    def _add_print_button(self) -> None:
        what = _("Save, then print the receipt (printing issues it)")
        keys = QKeySequence(QKeySequence.StandardKey.Print)
        self.print_button = self.buttons.addButton(
            _("Save and print receipt"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setObjectName("save_and_print")
        self.print_button.setToolTip(shortcut_tooltip(what, keys))
        self.print_button.setAutoDefault(False)  # Enter saves; printing is asked for
        self.print_button.clicked.connect(self.save_and_print)
        self.print_shortcut = QShortcut(keys, self, self.save_and_print)
        if self.receipt_printer is None:
            self.print_button.hide()
            self.print_shortcut.setEnabled(False)

    def _donor_chosen(self, contact_id: int | None) -> None:
        """A new gift's donor chosen (or just recorded): on to the amount, the next thing
        to type (the date is today's)."""
        if contact_id is not None and self.donation_id is None and not self.amount.text():
            self.amount.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_receipt_mentions(self) -> None:
        """What the receipt states about how the gift was given: the cheque's number and bank,
        who valued a gift in kind and how; in France, the form of the gift (reçu fiscal)."""
        self.cheque_number = self.add_field("cheque_number", _("Cheque number"), QLineEdit())
        self.cheque_number.setMaxLength(40)
        # Recommended, not required: the cheque may be recorded before its number is at hand.
        self.cheque_number.setPlaceholderText(_("Recommended: the receipt states it"))
        self.bank = self.add_field("bank", _("Bank"), QLineEdit())
        self.bank.setMaxLength(100)
        self.valued_by = self.add_field("valued_by", _("Valued by"), QLineEdit())
        self.valued_by.setMaxLength(200)
        self.valued_by.setPlaceholderText(
            _("Who valued it, and how: e.g. market price, invoice 12")
        )
        self.gift_form = self.add_field(
            "gift_form",
            _("Form of the gift"),
            choice_box([(code, _(label)) for code, label in donations.GIFT_FORMS.items()]),
        )
        profile = self.context.read(association.details)
        self.set_field_visible(
            "gift_form", bool(profile is not None and profile.values.tax_receipts)
        )

    def _read(
        self, session: Session
    ) -> tuple[list[tuple[int, str]], donations.DonationDetails | None, int | None]:
        donation_id = self.donation_id
        if donation_id is None:  # a new donation: the campaign of the one entered last
            return campaigns.choices(session), None, recent_choices.donation_campaign(session)
        return campaigns.choices(session), donations.details(session, donation_id), None

    def _load(
        self,
        choices: list[tuple[int, str]],
        donation: donations.DonationDetails | None,
        last_campaign: int | None = None,
    ) -> None:
        self.campaign.addItem("—", None)
        for campaign_id, name in choices:
            self.campaign.addItem(name, campaign_id)
        if donation is None:
            select_data(self.campaign, last_campaign)  # an archived one is not offered
            return
        self.receipt_number = donation.receipt_number
        if donation.status == DonationStatus.VOID:  # a voided receipt is not printed again
            self.print_button.hide()
            self.print_shortcut.setEnabled(False)
        if donation.receipt_issued and donation.receipt_issued_at is not None:
            issued_on = donation.receipt_issued_at.astimezone().date()
            self.issued_note.setText(
                ngettext(
                    "Receipt issued on {date}, printed {count} time: the amount, donor and "
                    "date can only be changed by a correction.",
                    "Receipt issued on {date}, printed {count} times: the amount, donor and "
                    "date can only be changed by a correction.",
                    donation.receipt_prints,
                ).format(
                    date=format_date(issued_on, self.context.locale),
                    count=donation.receipt_prints,
                )
            )
            self.issued_note.show()
        self.setWindowTitle(
            _("Edit donation — receipt {number}").format(number=donation.receipt_number)
        )
        values = donation.values
        if values.contact_id is None:
            self.anonymous.setChecked(True)
        else:
            self.donor.set_contact(values.contact_id, donation.donor_name or "")
        if values.donated_on is not None:  # always, once recorded
            self.donated_on.setDate(to_qdate(values.donated_on))
        self.amount.setText(
            format_plain_amount(donation.amount_minor, values.currency, self.context.locale)
        )
        self.currency.setCurrentText(values.currency)
        select_data(self.method, values.method)
        self.description.setPlainText(values.in_kind_description)
        self.cheque_number.setText(values.cheque_number)
        self.bank.setText(values.bank)
        self.valued_by.setText(values.valued_by)
        select_data(self.gift_form, values.gift_form)
        if values.campaign_id is not None and self.campaign.findData(values.campaign_id) < 0:
            self.campaign.addItem(donation.campaign_name or "", values.campaign_id)
        select_data(self.campaign, values.campaign_id)
        self.notes.setPlainText(values.notes)
        self.version = values.version

    def _method_changed(self) -> None:
        in_kind = self.method.currentData() == DonationMethod.IN_KIND
        self.set_field_visible("in_kind_description", in_kind)
        self.set_field_visible("valued_by", in_kind)
        cheque = self.method.currentData() == DonationMethod.CHEQUE
        self.set_field_visible("cheque_number", cheque)
        self.set_field_visible("bank", cheque)
        label = self.form.labelForField(self.fields["amount"].parentWidget())
        if label is not None:
            label.setText(_("Estimated value") if in_kind else _("Amount"))

    def value(self) -> donations.DonationInput:
        return donations.DonationInput(
            amount=self.amount.text(),
            currency=self.currency.currentText(),
            donated_on=from_qdate(self.donated_on.date()),
            contact_id=self.donor.contact_id,
            anonymous=self.anonymous.isChecked(),
            method=self.method.currentData(),
            in_kind_description=self.description.toPlainText(),
            campaign_id=self.campaign.currentData(),
            notes=self.notes.toPlainText(),
            cheque_number=self.cheque_number.text(),
            bank=self.bank.text(),
            valued_by=self.valued_by.text(),
            gift_form=self.gift_form.currentData(),
            version=self.version,
        )

    def save(self) -> int:
        data = self.value()
        donation_id = self.donation_id
        if donation_id is None:
            record = commands.write(self.context, lambda s: donations.record(s, data))
        else:
            try:
                record = commands.write(
                    self.context, lambda s: donations.update(s, donation_id, data)
                )
            except ReceiptNeedsCorrection as refusal:  # the receipt forbids it: offer to correct
                return self.correct(data, refusal)
        self.receipt_number = record.receipt_number
        self.saved_id = record.id
        return record.id

    # -- the correction of an issued receipt -------------------------------------------------

    def confirm_correction(self, number: str) -> bool:
        """Ask before voiding (tests replace this method)."""
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            _(
                "Void receipt {number} and record a corrected donation? The voided receipt "
                "stays in the register; the corrected donation gets a new receipt number."
            ).format(number=number),
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_correction_reason(self, number: str) -> str | None:
        """The reason written on the voided receipt; None if cancelled (tests replace this)."""
        reason, ok = QInputDialog.getText(
            self,
            self.windowTitle(),
            _(
                "Why is receipt {number} being corrected? (It stays voided with this reason.)"
            ).format(number=number),
            QLineEdit.EchoMode.Normal,
        )
        return reason if ok else None

    def correct(self, data: donations.DonationInput, refusal: ReceiptNeedsCorrection) -> int:
        """Void the receipt and record ``data`` as its correction, if the person agrees;
        otherwise keep the dialog open with the service's explanation under the fields."""
        number = refusal.number
        if not self.confirm_correction(number):
            raise refusal
        reason = self.ask_correction_reason(number)
        if reason is None:
            raise refusal
        if not reason.strip():
            raise ValidationError(
                "", _("A reason is needed to void receipt {number}.").format(number=number)
            )
        donation_id = self.donation_id
        assert donation_id is not None
        record = commands.write(
            self.context, lambda s: donations.correct(s, donation_id, data, reason)
        )
        self.corrected_numbers = (number, record.receipt_number)
        self.receipt_number = record.receipt_number
        self.saved_id = record.id
        return record.id

    def accept(self) -> None:
        self.corrected_numbers = None
        self.saved_id = None
        super().accept()
        if self.saved_id is None or self.result() != self.DialogCode.Accepted:
            return  # not saved: the form stays open with its errors
        if self.corrected_numbers is not None:
            self.corrected.emit(*self.corrected_numbers)
        if self._print_after_save:
            self.print_receipt(self.saved_id)

    # -- save and print ----------------------------------------------------------------------
    def save_and_print(self) -> None:
        """Save as Save does; once saved, the receipt's preview and its print dialog."""
        if self.print_button.isHidden():
            return
        # Kept alive until the receipt is opened: producing it runs an event loop, which would
        # delete a closed form meanwhile.
        delete_on_close = self.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self._print_after_save = True
        try:
            self.accept()
        finally:
            self._print_after_save = False
            self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, delete_on_close)
            if delete_on_close and not self.isVisible():
                self.deleteLater()

    def print_receipt(self, donation_id: int) -> QWidget | None:
        """The saved donation's receipt and its print dialog, through the opener's printer."""
        if self.receipt_printer is None:
            return None
        self.preview = self.receipt_printer(donation_id)
        if self.preview is not None:
            self.receipt_opened.emit(self.preview)
        return self.preview
