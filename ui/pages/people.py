"""List pages for people: all contacts, members, volunteers (what they share, from archiving
to erasing a person, is in ui.pages.person_actions)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QWidget,
)
from sqlalchemy.orm import Session

from assocdesk import labels
from assocdesk.i18n import N_, _
from assocdesk.models import Membership, VolunteerProfile
from assocdesk.services import contacts, dues_status, members, volunteers
from assocdesk.services.changes import ChangeKind
from assocdesk.services.common import ListQuery
from assocdesk.services.dues_status import DuesStatus
from assocdesk.text.bidi import isolate, isolate_ltr
from assocdesk.text.locales import format_date, format_number
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.member_dialog import MemberDialog
from ui.dialogs.preview_dialog import PreviewDialog
from ui.dialogs.record_dialog import RecordDialog
from ui.dialogs.volunteer_dialog import VolunteerDialog
from ui.models.minors import minor_column, with_protection
from ui.models.record_table import Column, Marker
from ui.pages.person_actions import ArchivingPage, safe_file_name
from ui.permission_guard import guard
from ui.widgets.fields import choice_box

PHONE_SAMPLE = "+213 6 12 34 56 78"  # the longest usual number: shown whole


class ContactsPage(ArchivingPage):
    title = N_("Contacts")
    new_label = N_("New contact")
    edit_tip = N_("Open the selected contact")
    archive_tip = N_("Archive the selected contact")
    empty_title = N_("No contacts yet")
    empty_text = N_(
        "Contacts are everyone the association deals with: members, volunteers, donors, "
        "partners. Add one, or import them from a spreadsheet."
    )
    no_match = N_("No contact matches «{search}»")
    import_kind = "contacts"
    kind = ChangeKind.CONTACTS
    changes_shown = (ChangeKind.CONTACTS,)
    permission = "edit_contacts"
    offers_statement = True

    def columns(self) -> Sequence[Column]:
        return [
            Column("name", N_("Name"), lambda r: r.name, stretch=True),
            Column(
                "kind", N_("Person or organization"), lambda r: labels.label("contact_kind", r.kind)
            ),
            Column("phone", N_("Phone"), lambda r: isolate_ltr(r.phone), fits=PHONE_SAMPLE),
            Column("email", N_("E-mail"), lambda r: isolate_ltr(r.email)),
            Column("city", N_("City"), lambda r: r.city),
            minor_column(),
        ]

    def ids_for(self, session: Session, query: ListQuery) -> Sequence[int]:
        return self.only_minors(session, contacts.ids(session, query))

    def rows_for(self, session: Session, ids: Sequence[int]) -> list[Any]:
        return contacts.rows(session, ids)

    def any_record(self, session: Session) -> bool:
        return bool(contacts.ids(session, ListQuery(include_archived=True)))

    def make_dialog(self, record_id: int | None) -> RecordDialog:
        return ContactDialog(self.context, record_id, self)


STANDINGS = (
    (members.CURRENT, N_("Current members")),
    (members.FORMER, N_("Former members")),
    (members.ALL, N_("All members")),
)

DUES_FILTERS = (
    ("", N_("All")),
    (DuesStatus.UP_TO_DATE, N_("Up to date")),
    (DuesStatus.LATE, N_("Late")),
    (DuesStatus.NEVER_PAID, N_("Never paid")),
)


class MembersPage(ArchivingPage):
    """Members with their dues status for one year, filterable by it (in SQL, see
    services.dues_status), and the dues actions: record a payment, late dues, member cards."""

    title = N_("Members")
    new_label = N_("New member")
    edit_tip = N_("Open the selected member")
    archive_tip = N_("Archive the selected member")
    empty_title = N_("No members yet")
    empty_text = N_(
        "Members are the people who joined the association and pay its dues. "
        "Add them one by one, or import your member list from a spreadsheet."
    )
    no_match = N_("No member matches «{search}»")
    import_kind = "members"
    kind = ChangeKind.MEMBERS
    changes_shown = (ChangeKind.MEMBERS, ChangeKind.CONTACTS, ChangeKind.DUES)
    permission = "record_dues"
    offers_statement = True
    default_sort = 1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dues_dialog: QWidget | None = None
        self.standing_box = choice_box([(code, _(text)) for code, text in STANDINGS])
        self.standing_box.setObjectName("standing")
        self.standing_box.setToolTip(
            _("Current members are counted on Home; former members left the association.")
        )
        self.standing_box.currentIndexChanged.connect(lambda _i: self.model.refresh())
        self.dues_year_box = QSpinBox()
        self.dues_year_box.setObjectName("dues_year")
        self.dues_year_box.setRange(1900, 2199)
        self.dues_year_box.setValue(date.today().year)  # not self.dues_year: the box is empty yet
        self.dues_filter_box = choice_box([(code, _(text)) for code, text in DUES_FILTERS])
        self.dues_filter_box.setObjectName("dues_filter")
        self.dues_year_box.valueChanged.connect(lambda _value: self._dues_view_changed())
        self.dues_filter_box.currentIndexChanged.connect(lambda _i: self._dues_view_changed())
        dues_menu = QMenu(self)
        dues_menu.setToolTipsVisible(True)  # a payment the role may not record says why
        role = self.context.role
        guard(dues_menu.addAction(_("Record dues payment…"), self.record_dues), role, "record_dues")
        dues_menu.addAction(_("Late dues…"), self.late_dues)
        dues_menu.addSeparator()
        dues_menu.addAction(_("Member card…"), self.member_card)
        dues_menu.addAction(_("Cards of all members of the year…"), self.cards_of_year)
        self.dues_button = QPushButton(_("Dues"))
        self.dues_button.setObjectName("dues_menu")
        self.dues_button.setToolTip(_("Record a dues payment, late dues, member cards"))
        self.dues_button.setMenu(dues_menu)
        self.add_tool(self.dues_button)
        dues_label = QLabel(_("Dues of the year"))
        self.dues_filter_box.setToolTip(_("Members by the state of their dues for that year"))
        # Before "Minors only" and "Show archived": who, then their dues.
        for position, widget in enumerate(
            (self.standing_box, dues_label, self.dues_year_box, self.dues_filter_box)
        ):
            self.filter_bar.insertWidget(position, widget)

    @property
    def standing(self) -> str:
        box = getattr(self, "standing_box", None)  # None while the page is being built
        return (box.currentData() or members.ALL) if box is not None else members.CURRENT

    def show_everything(self) -> None:
        self.standing_box.setCurrentIndex(self.standing_box.findData(members.ALL))
        self.dues_filter_box.setCurrentIndex(0)
        super().show_everything()

    def marker(self, row: Any) -> Marker | None:
        """Archived, or not a member today (left, or joining later): the same rule as the
        count of members on Home (services.members.current_on)."""
        today = members.today()
        if row.left_on is not None and row.left_on < today:
            return Marker(
                _("Former"),
                _("Left the association on {date}.").format(
                    date=format_date(row.left_on, self.context.locale)
                ),
            )
        if row.joined_on > today:
            return Marker(
                _("Joins later"),
                _("Membership starts on {date}.").format(
                    date=format_date(row.joined_on, self.context.locale)
                ),
            )
        return super().marker(row)

    @property
    def dues_year(self) -> int:
        box = getattr(self, "dues_year_box", None)
        return box.value() if box is not None else date.today().year

    @property
    def dues_filter(self) -> str:
        box = getattr(self, "dues_filter_box", None)
        return (box.currentData() or "") if box is not None else ""

    def _dues_view_changed(self) -> None:
        self.model.refresh()

    def columns(self) -> Sequence[Column]:
        locale = self.context.locale
        return [
            Column("number", N_("Membership no."), lambda r: r.number),
            Column("name", N_("Name"), lambda r: r.name, stretch=True),
            Column("category", N_("Category"), lambda r: r.category),
            Column(
                "dues",
                N_("Dues"),
                lambda r: dues_status.status_label(r.dues_status) if r.dues_status else "",
            ),
            Column("phone", N_("Phone"), lambda r: isolate_ltr(r.phone), fits=PHONE_SAMPLE),
            Column("city", N_("City"), lambda r: r.city),
            Column("joined_on", N_("Joined on"), lambda r: format_date(r.joined_on, locale)),
            minor_column(),
        ]

    def ids_for(self, session: Session, query: ListQuery) -> Sequence[int]:
        view = members.DuesView(self.dues_year, self.dues_filter)
        return self.only_minors(session, members.ids(session, query, view, self.standing))

    def any_record(self, session: Session) -> bool:
        return bool(members.ids(session, ListQuery(include_archived=True)))

    def minor_record_ids(self, session: Session, today: date) -> set[int]:
        return contacts.minor_ids(session, today, Membership.id, Membership.contact_id)

    def rows_for(self, session: Session, ids: Sequence[int]) -> list[Any]:
        return with_protection(session, members.rows(session, ids, self.dues_year))

    def context_menu(self) -> QMenu:
        menu = super().context_menu()
        first = menu.actions()[0]
        record = QAction(_("Record dues payment…"), menu)
        record.triggered.connect(self.record_dues)
        card = QAction(_("Member card…"), menu)
        card.triggered.connect(self.member_card)
        menu.insertActions(first, [record, card])
        menu.insertSeparator(first)
        return menu

    # -- dues ------------------------------------------------------------------------------
    def record_dues(self) -> QWidget | None:
        """The payment dialog for the selected member; its receipt is shown once saved."""
        from ui.dialogs.dues_dialog import DuesPaymentDialog
        from ui.dues_documents import preview_dues_receipt

        record_id = self.selected_id()
        if record_id is None:
            self.show_message(_("Select a member first."))
            return None
        dialog = DuesPaymentDialog(self.context, record_id, self.dues_year, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(
            lambda payment_id: setattr(
                self, "preview", preview_dues_receipt(self, self.context, payment_id)
            )
        )
        self.dues_dialog = dialog
        dialog.open()
        return dialog

    def late_dues(self) -> QWidget:
        from ui.dialogs.late_dues_dialog import LateDuesDialog

        dialog = LateDuesDialog(self.context, self.dues_year, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dues_dialog = dialog
        dialog.open()
        return dialog

    def member_card(self) -> PreviewDialog | None:
        from ui.dues_documents import preview_cards

        record_id = self.selected_id()
        if record_id is None:
            self.show_message(_("Select a member first."))
            return None
        self.preview = preview_cards(self, self.context, [record_id], self.dues_year)
        return self.preview

    def cards_of_year(self) -> PreviewDialog | None:
        from ui.dues_documents import preview_cards

        self.preview = preview_cards(self, self.context, None, self.dues_year)
        return self.preview

    def contact_id_of(self, record_id: int) -> int:
        return self.context.read(lambda s: members.contact_id_of(s, record_id))

    def make_dialog(self, record_id: int | None) -> RecordDialog:
        return MemberDialog(self.context, record_id, self)


class VolunteersPage(ArchivingPage):
    title = N_("Volunteers")
    new_label = N_("New volunteer")
    edit_tip = N_("Open the selected volunteer")
    archive_tip = N_("Archive the selected volunteer")
    empty_title = N_("No volunteers yet")
    empty_text = N_(
        "Volunteers give their time to the association's activities; their skills and hours "
        "are kept here. Add one, or import them from a spreadsheet."
    )
    no_match = N_("No volunteer matches «{search}»")
    import_kind = "volunteers"
    kind = ChangeKind.VOLUNTEERS
    changes_shown = (ChangeKind.VOLUNTEERS, ChangeKind.CONTACTS, ChangeKind.ACTIVITIES)
    permission = "edit_volunteers"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.hours_year = date.today().year  # the year of the "Hours this year" column
        super().__init__(*args, **kwargs)
        self.skills_dialog: QWidget | None = None
        self.certificate_button = self.add_more_action(
            _("Certificate…"),
            self.certificate,
            _("The selected volunteer's certificate of a year's activities and hours"),
        )
        self.certificate_button.setObjectName("certificate")
        self.skills_button = self.add_more_action(
            _("Skills…"), self.manage_skills, _("Rename, merge or delete the skills")
        )
        self.skills_button.setObjectName("manage_skills")
        guard(self.skills_button, self.context.role, "edit_volunteers")

    def context_menu(self) -> QMenu:
        menu = super().context_menu()
        menu.insertAction(menu.actions()[2], menu.addAction(_("Certificate…"), self.certificate))
        return menu

    def manage_skills(self) -> QWidget:
        """The shared skill list: rename, merge, delete (window-modal, returns at once)."""
        from ui.dialogs.skills_dialog import SkillsDialog

        dialog = SkillsDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.skills_dialog = dialog
        dialog.open()
        return dialog

    def ask_certificate_options(self) -> tuple[int, str | None] | None:
        """(year, language) of the certificate, or None if cancelled (tests replace this)."""
        from ui.dialogs.year_dialog import ask_certificate_options

        return ask_certificate_options(self, self.context.locale)

    def certificate(self) -> PreviewDialog | None:
        """The selected volunteer's certificate of a year's activities and hours, previewed."""
        from ui import documents  # with what it renders, when first asked (not at page build)

        return self.preview_for_selected(
            _("Select a volunteer first."),
            self.ask_certificate_options,
            documents.certificate_renderer,
            lambda year, name: (
                _("Volunteering certificate {year} — {name}").format(year=year, name=isolate(name)),
                f"{year} — {safe_file_name(name, 'certificate')}.pdf",
            ),
        )

    def columns(self) -> Sequence[Column]:
        locale = self.context.locale
        return [
            Column("name", N_("Name"), lambda r: r.name, stretch=True),
            Column("phone", N_("Phone"), lambda r: isolate_ltr(r.phone), fits=PHONE_SAMPLE),
            Column("skills", N_("Skills"), lambda r: r.skills, sortable=False),
            Column("availability", N_("Available on"), lambda r: r.availability, sortable=False),
            Column(
                "hours",
                N_("Hours this year"),
                lambda r: format_number(r.hours, locale),
                numeric=True,
                sortable=False,
            ),
            Column("since", N_("Volunteer since"), lambda r: format_date(r.since, locale)),
            minor_column(),
        ]

    def ids_for(self, session: Session, query: ListQuery) -> Sequence[int]:
        return self.only_minors(session, volunteers.ids(session, query))

    def any_record(self, session: Session) -> bool:
        return bool(volunteers.ids(session, ListQuery(include_archived=True)))

    def minor_record_ids(self, session: Session, today: date) -> set[int]:
        return contacts.minor_ids(session, today, VolunteerProfile.id, VolunteerProfile.contact_id)

    def rows_for(self, session: Session, ids: Sequence[int]) -> list[Any]:
        return with_protection(session, volunteers.rows(session, ids, self.hours_year))

    def contact_id_of(self, record_id: int) -> int:
        return self.context.read(lambda s: volunteers.contact_id_of(s, record_id))

    def make_dialog(self, record_id: int | None) -> RecordDialog:
        return VolunteerDialog(self.context, record_id, self)
