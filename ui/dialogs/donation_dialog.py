"""Record or correct a donation. The receipt number is given by the service on save."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy.orm import Session

from assocdesk import labels
from assocdesk.i18n import _
from assocdesk.models import DonationMethod
from assocdesk.services import campaigns, donations
from assocdesk.services.common import Changes
from assocdesk.text.money import format_plain_amount
from ui.context import AppContext
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.contact_picker import ContactPicker
from ui.widgets.fields import choice_box, currency_box, date_edit, from_qdate, select_data, to_qdate


class DonationDialog(RecordDialog):
    def __init__(
        self, context: AppContext, donation_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("Record a donation") if donation_id is None else _("Edit donation")
        super().__init__(context, title, parent)
        self.donation_id = donation_id
        self.receipt_number = ""

        donor_row = QWidget()
        donor_layout = QHBoxLayout(donor_row)
        donor_layout.setContentsMargins(0, 0, 0, 0)
        self.donor = ContactPicker(context)
        self.anonymous = QCheckBox(_("Anonymous donor"))
        self.anonymous.toggled.connect(self.donor.setDisabled)
        donor_layout.addWidget(self.donor, 1)
        donor_layout.addWidget(self.anonymous)
        self.add_field("contact_id", _("Donor"), donor_row)

        self.donated_on = self.add_field("donated_on", _("Date"), date_edit())
        self.donated_on.setMaximumDate(QDate.currentDate())
        amount_row = QWidget()
        amount_layout = QHBoxLayout(amount_row)
        amount_layout.setContentsMargins(0, 0, 0, 0)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("1500,00")
        self.currency = currency_box(context.default_currency)
        amount_layout.addWidget(self.amount, 1)
        amount_layout.addWidget(self.currency)
        self.add_field("amount", _("Amount"), amount_row)
        self.error_aliases["currency"] = "amount"  # the currency box sits in the amount row

        self.method = self.add_field(
            "method", _("Method"), choice_box(labels.choices("donation_method"))
        )
        self.description = self.add_field(
            "in_kind_description", _("What was given"), QPlainTextEdit()
        )
        self.description.setFixedHeight(60)
        self.method.currentIndexChanged.connect(self._method_changed)
        self.campaign = self.add_field("campaign_id", _("Campaign"), choice_box([]))
        self.notes = self.add_field("notes", _("Notes"), QPlainTextEdit())
        self.notes.setFixedHeight(50)
        context.read(self._load)
        self._method_changed()

    def _load(self, session: Session) -> None:
        self.campaign.addItem("—", None)
        for campaign_id, name in campaigns.choices(session):
            self.campaign.addItem(name, campaign_id)
        if self.donation_id is None:
            return
        donation = donations.get(session, self.donation_id)
        self.receipt_number = donation.receipt_number
        self.setWindowTitle(
            _("Edit donation — receipt {number}").format(number=donation.receipt_number)
        )
        if donation.contact is None:
            self.anonymous.setChecked(True)
        else:
            self.donor.set_contact(donation.contact_id, donation.contact.name)
        self.donated_on.setDate(to_qdate(donation.donated_on))
        self.amount.setText(
            format_plain_amount(donation.amount_minor, donation.currency, self.context.locale)
        )
        self.currency.setCurrentText(donation.currency)
        select_data(self.method, donation.method)
        self.description.setPlainText(donation.in_kind_description)
        if donation.campaign_id is not None and self.campaign.findData(donation.campaign_id) < 0:
            self.campaign.addItem(donation.campaign.name, donation.campaign_id)
        select_data(self.campaign, donation.campaign_id)
        self.notes.setPlainText(donation.notes)

    def _method_changed(self) -> None:
        in_kind = self.method.currentData() == DonationMethod.IN_KIND
        self.set_field_visible("in_kind_description", in_kind)
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
        )

    def save(self) -> int:
        data = self.value()
        donation_id = self.donation_id
        changes = Changes.of("donations", "campaigns")
        if donation_id is None:
            record = self.context.run(lambda s: donations.record(s, data), changes)
        else:
            record = self.context.run(lambda s: donations.update(s, donation_id, data), changes)
        self.receipt_number = record.receipt_number
        return record.id
