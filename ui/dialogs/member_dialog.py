"""New / edit a member: the person, and their membership number, category and dates."""

from __future__ import annotations

from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.services import members
from ui import commands
from ui.context import AppContext
from ui.dialogs.contact_fields import ContactFields
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.fields import OptionalDateEdit, date_edit, from_qdate, to_qdate


class MemberDialog(RecordDialog):
    def __init__(
        self, context: AppContext, membership_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("New member") if membership_id is None else _("Edit member")
        super().__init__(context, title, parent)
        self.membership_id = membership_id
        self.add_section(_("Membership"))
        self.number = self.add_field("number", _("Membership no."), QLineEdit())
        self.category = self.add_field("category", _("Category"), QLineEdit())
        self.joined_on = self.add_field("joined_on", _("Joined on"), date_edit())
        self.left_on = self.add_field(
            "left_on", _("Left on"), OptionalDateEdit(_("Has left the association"))
        )
        self.add_section(_("Person"))
        self.contact = ContactFields(self, with_kind=False)
        self.first_field = self.contact.name  # the number is proposed; the name is typed
        self._load(*context.read(self._read))

    def _read(self, session: Session) -> tuple[list[str], str, members.MemberDetails | None]:
        if self.membership_id is None:
            return members.categories(session), members.next_number(session), None
        return members.categories(session), "", members.details(session, self.membership_id)

    def _load(
        self, categories: list[str], next_number: str, membership: members.MemberDetails | None
    ) -> None:
        self.category.setCompleter(QCompleter(categories, self.category))
        if membership is None:
            self.number.setText(next_number)
            return
        self.number.setText(membership.number)
        self.category.setText(membership.category)
        self.joined_on.setDate(to_qdate(membership.joined_on))
        self.left_on.set_value(membership.left_on)
        self.contact.load(membership.contact)

    def value(self) -> members.MemberInput:
        return members.MemberInput(
            contact=self.contact.value(),
            number=self.number.text(),
            category=self.category.text(),
            joined_on=from_qdate(self.joined_on.date()),
            left_on=self.left_on.value(),
        )

    def save(self) -> int:
        data, membership_id = self.value(), self.membership_id
        if membership_id is None:
            record = commands.write(self.context, lambda s: members.create(s, data))
        else:
            record = commands.write(self.context, lambda s: members.update(s, membership_id, data))
        return record.id
