"""New / edit a campaign (fund): name, goal, dates."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from assocdesk.i18n import _
from assocdesk.services import campaigns
from assocdesk.text.money import format_plain_amount
from ui import commands
from ui.context import AppContext
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.fields import OptionalDateEdit, amount_row, currency_box


class CampaignDialog(RecordDialog):
    def __init__(
        self, context: AppContext, campaign_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("New campaign") if campaign_id is None else _("Edit campaign")
        super().__init__(context, title, parent)
        self.campaign_id = campaign_id
        self.name = self.add_field("name", _("Name"), QLineEdit())
        locale = context.locale
        self.goal = QLineEdit()
        self.goal.setPlaceholderText(_("optional"))
        self.currency = currency_box(context.default_currency)
        self.add_field("goal", _("Goal"), amount_row(self.goal, self.currency, locale))
        self.error_aliases["currency"] = "goal"
        self.starts_on = self.add_field(
            "starts_on", _("Starts on"), OptionalDateEdit(_("Set a date"), locale=locale)
        )
        self.ends_on = self.add_field(
            "ends_on", _("Ends on"), OptionalDateEdit(_("Set a date"), locale=locale)
        )
        self.description = self.add_field("description", _("Description"), QPlainTextEdit())
        if campaign_id is not None:
            self._load(context.read(lambda s: campaigns.details(s, campaign_id)))

    def _load(self, campaign: campaigns.CampaignDetails) -> None:
        self.name.setText(campaign.name)
        if campaign.goal_minor:
            self.goal.setText(
                format_plain_amount(campaign.goal_minor, campaign.currency, self.context.locale)
            )
        self.currency.setCurrentText(campaign.currency)
        self.starts_on.set_value(campaign.starts_on)
        self.ends_on.set_value(campaign.ends_on)
        self.description.setPlainText(campaign.description)
        self.version = campaign.version

    def save(self) -> int:
        data = campaigns.CampaignInput(
            name=self.name.text(),
            currency=self.currency.currentText(),
            goal=self.goal.text() or None,
            description=self.description.toPlainText(),
            starts_on=self.starts_on.value(),
            ends_on=self.ends_on.value(),
            version=self.version,
        )
        campaign_id = self.campaign_id
        if campaign_id is None:
            record = commands.write(self.context, lambda s: campaigns.create(s, data))
        else:
            record = commands.write(self.context, lambda s: campaigns.update(s, campaign_id, data))
        return record.id
