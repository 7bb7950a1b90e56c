"""New / edit a member: the person, and their membership number, category and dates.

The category is chosen from the fee schedule, never typed: a typo would make a category that
owes no dues. "New category…" adds one to the schedule with its dues. A new member starts in
the category of the member entered last (members are often entered in batches of one kind).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.services import dues, members, recent_choices
from assocdesk.services.errors import EditConflict
from ui import commands
from ui.context import AppContext
from ui.dialogs.contact_fields import ContactFields
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.fields import OptionalDateEdit, date_edit, from_qdate, select_data, to_qdate

NEW_CATEGORY = "\x00new-category"  # the data of the "New category…" entry, never saved


@dataclass(frozen=True)
class Loaded:
    categories: list[str]  # the fee schedule's, every year
    next_number: str
    last_category: str | None  # the category of the member entered last
    membership: members.MemberDetails | None


def schedule_categories(session: Session) -> list[str]:
    """The categories of the fee schedule (any year), alphabetical; "" (none) left out."""
    return sorted({fee.category for fee in dues.fees(session) if fee.category})


class MemberDialog(RecordDialog):
    def __init__(
        self, context: AppContext, membership_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("New member") if membership_id is None else _("Edit member")
        super().__init__(context, title, parent)
        self.membership_id = membership_id
        locale = context.locale
        self.add_section(_("Membership"))
        self.number = QLineEdit()
        self.category = QComboBox()
        self.joined_on = date_edit(locale=locale)
        self.left_on = OptionalDateEdit(_("Has left the association"), locale=locale)
        self.add_field("number", _("Membership no."), self.number)
        self.add_field("category", _("Category"), self.category)
        self.add_field("joined_on", _("Joined on"), self.joined_on)
        self.add_field("left_on", _("Left on"), self.left_on)
        self.category.activated.connect(self._category_activated)
        self.add_section(_("Person"))
        self.contact = ContactFields(self, with_kind=False)
        self.first_field = self.contact.name  # the number is proposed; the name is typed
        self._chosen_index = 0  # the category shown before "New category…" was picked
        self._load(context.read(self._read))

    def _read(self, session: Session) -> Loaded:
        categories = schedule_categories(session)
        if self.membership_id is None:
            return Loaded(
                categories,
                members.next_number(session),
                recent_choices.member_category(session),
                None,
            )
        return Loaded(categories, "", None, members.details(session, self.membership_id))

    def _load(self, loaded: Loaded) -> None:
        self.category.addItem("—", "")
        for name in loaded.categories:
            self.category.addItem(name, name)
        self.category.addItem(_("New category…"), NEW_CATEGORY)
        membership = loaded.membership
        if membership is None:
            self.number.setText(loaded.next_number)
            self.set_category(loaded.last_category or "", add_unknown=False)
            return
        self.number.setText(membership.number)
        self.set_category(membership.category)
        self.joined_on.setDate(to_qdate(membership.joined_on))
        self.left_on.set_value(membership.left_on)
        self.contact.load(membership.contact)
        self.version = membership.version

    def categories(self) -> list[str]:
        """The categories offered, "" (none) and "New category…" left out."""
        values = (self.category.itemData(i) for i in range(self.category.count()))
        return [value for value in values if value and value != NEW_CATEGORY]

    def set_category(self, name: str, add_unknown: bool = True) -> None:
        """Show ``name``; one the schedule does not list (entered before, or since removed)
        is added to the list, so the member's category shows and saves back unchanged."""
        if self.category.findData(name) < 0:
            if not add_unknown:
                return
            self.category.insertItem(self.category.count() - 1, name, name)
        select_data(self.category, name)
        self._chosen_index = self.category.currentIndex()

    def _category_activated(self, index: int) -> None:
        if self.category.itemData(index) != NEW_CATEGORY:
            self._chosen_index = index
            return
        name = self.ask_new_category()
        if name:
            self.set_category(name)
        else:
            self.category.setCurrentIndex(self._chosen_index)

    def ask_new_category(self) -> str | None:
        """Ask the new category's name and dues and add it to the schedule; its name, or None
        if cancelled (tests replace this method)."""
        from ui.dialogs.category_dialog import NewCategoryDialog

        dialog = NewCategoryDialog(self.context, self.categories(), self)
        accepted = dialog.exec() == NewCategoryDialog.DialogCode.Accepted
        return dialog.category if accepted else None

    def value(self) -> members.MemberInput:
        category = self.category.currentData()
        return members.MemberInput(
            contact=self.contact.value(),
            number=self.number.text(),
            category=category if category != NEW_CATEGORY else "",
            joined_on=from_qdate(self.joined_on.date()),
            left_on=self.left_on.value(),
            version=self.version,
        )

    def take_versions(self, conflict: EditConflict) -> None:
        """Two records: the membership's version and the person's (in the contact fields)."""
        self.version = conflict.versions.get("memberships")
        self.contact.take_version(conflict)

    def save(self) -> int:
        data, membership_id = self.value(), self.membership_id
        if membership_id is None:
            record = commands.write(self.context, lambda s: members.create(s, data))
        else:
            record = commands.write(self.context, lambda s: members.update(s, membership_id, data))
        return record.id
