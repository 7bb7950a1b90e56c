"""A new membership category, from the member form: its name and its yearly dues.

A category exists through the fee schedule, so a new one is added there with its dues for the
current year (as Settings' fee schedule would); the member form then offers it. A name already
in the schedule is refused rather than changing that category's dues behind the person's back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from assocdesk.i18n import _
from assocdesk.services import dues
from assocdesk.services.errors import ValidationError
from assocdesk.text.bidi import isolate
from assocdesk.text.normalize import normalize_for_search
from ui import commands
from ui.context import AppContext
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.fields import amount_row, currency_box


class NewCategoryDialog(RecordDialog):
    def __init__(
        self, context: AppContext, known: Iterable[str] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("New category"), parent)
        self.known = {normalize_for_search(name): name for name in known}
        self.year = date.today().year
        self.category = ""  # the name saved, once accepted
        self.name = QLineEdit()
        self.name.setMaxLength(60)
        self.add_field("category", _("Name"), self.name)
        self.amount = QLineEdit()
        self.currency = currency_box(context.default_currency)
        self.add_field(
            "amount",
            _("Yearly dues ({year})").format(year=self.year),
            amount_row(self.amount, self.currency, context.locale),
        )
        self.error_aliases["currency"] = "amount"
        self.error_aliases["year"] = "amount"

    def save(self) -> int:
        name = " ".join(self.name.text().split())
        if not name:
            raise ValidationError("category", _("Enter a name."))
        existing = self.known.get(normalize_for_search(name))
        if existing is not None:
            raise ValidationError(
                "category",
                _("The category “{name}” already exists.").format(name=isolate(existing)),
            )
        amount, currency, year = self.amount.text(), self.currency.currentText(), self.year
        fee = commands.write(
            self.context,
            lambda s: dues.set_fee(s, category=name, year=year, amount=amount, currency=currency),
        )
        self.category = name
        return fee.id
