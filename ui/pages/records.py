"""List pages for the association's records: donations, activities, campaigns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QInputDialog, QLineEdit, QWidget
from sqlalchemy.orm import Session

from assocdesk import labels
from assocdesk.i18n import N_, _
from assocdesk.models import DonationStatus
from assocdesk.services import activities, campaigns, donations
from assocdesk.services.changes import ChangeKind
from assocdesk.services.common import ListQuery
from assocdesk.text.bidi import isolate
from assocdesk.text.locales import format_date, format_datetime
from assocdesk.text.money import format_money
from ui import commands, undo
from ui.dialogs.activity_dialog import ActivityDialog
from ui.dialogs.campaign_dialog import CampaignDialog
from ui.dialogs.donation_dialog import DonationDialog
from ui.dialogs.record_dialog import RecordDialog
from ui.issuing import prints_label
from ui.models.record_table import Column, Marker
from ui.pages.list_page import ListPage
from ui.pages.person_card_action import PersonCardAction
from ui.permission_guard import guard

if TYPE_CHECKING:  # the documents' machinery is imported when a receipt is printed
    from ui.context import AppContext
    from ui.dialogs.preview_dialog import PreviewDialog


def archive_with_undo(
    context: AppContext, command: Callable[[Session], object], message: str, name: str
) -> str | undo.Offer:
    """Archive or restore a record; the offer to undo it (its message), or the message."""
    _record, offer = undo.write(
        context, command, message, lambda kind: undo.undone_message(kind, name)
    )
    return offer or message


class DonationsPage(PersonCardAction, ListPage):
    title = N_("Donations")
    new_label = N_("Record a donation")
    edit_tip = N_("Open the selected donation")
    archive_tip = N_("Void the selected donation's receipt")
    empty_title = N_("No donations yet")
    empty_text = N_(
        "Each gift recorded here gets its receipt, numbered in order. "
        "Record the first one, or import past donations from a spreadsheet."
    )
    no_match = N_("No donation matches «{search}»")
    import_kind = "donations"
    archive_label = N_("Void")
    restores = False  # a voided receipt stays void
    permission, archive_permission = "record_donation", "void_receipt"
    kind = ChangeKind.DONATIONS
    changes_shown = (ChangeKind.DONATIONS, ChangeKind.CONTACTS, ChangeKind.CAMPAIGNS)
    default_sort = 1
    default_order = Qt.SortOrder.DescendingOrder

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_archived.hide()  # donations are voided, never archived
        self.install_person_card()  # the donor's
        self.show_voided = QCheckBox(_("Show voided"))
        self.show_voided.setObjectName("show_voided")
        self.show_voided.setToolTip(_("List voided receipts too, marked “Voided”."))
        self.show_voided.setChecked(True)  # they stay in the register: listed unless hidden
        self.show_voided.toggled.connect(lambda _on: self.model.refresh())
        self.add_filter(self.show_voided)
        self.preview: PreviewDialog | None = None
        self.print_button = self.add_button(_("Print receipt"), self.print_receipt, "Ctrl+P")
        self.print_button.setObjectName("print_receipt")
        guard(self.print_button, self.context.role, "print_receipt")

    def print_receipt(self) -> PreviewDialog | None:
        """Preview the selected donation's receipt as its next print would be.

        Opening and closing the preview issues nothing: printing or saving it there does (the
        original the first time, a duplicate after), and the status bar then says which.
        """
        from ui import documents
        from ui.issuing import issued_message

        donation_id = self.selected_id()
        if donation_id is None:
            self.show_message(_("Select a donation first."))
            return None
        self.preview = documents.preview_receipt(self, self.context, donation_id)
        if self.preview is not None:
            self.preview.issued.connect(lambda issued: self.show_message(issued_message(issued)))
        return self.preview

    def columns(self) -> Sequence[Column]:
        locale = self.context.locale
        return [
            Column("receipt_number", N_("Receipt"), lambda r: r.receipt_number),
            Column("donated_on", N_("Date"), lambda r: format_date(r.donated_on, locale)),
            Column("donor", N_("Donor"), lambda r: r.donor or _("Anonymous donor"), stretch=True),
            Column(
                "amount",
                N_("Amount"),
                lambda r: format_money(r.amount_minor, r.currency, locale),
                numeric=True,
            ),
            Column("method", N_("Method"), lambda r: labels.label("donation_method", r.method)),
            Column("campaign", N_("Campaign"), lambda r: r.campaign or "", sortable=False),
            Column("status", N_("Status"), lambda r: labels.label("donation_status", r.status)),
            Column("receipt_prints", N_("Printed"), lambda r: prints_label(r.receipt_prints)),
        ]

    def ids_for(self, session: Session, query: ListQuery) -> Sequence[int]:
        box = getattr(self, "show_voided", None)  # None while the page is being built
        return donations.ids(session, query, include_void=box is None or box.isChecked())

    def rows_for(self, session: Session, ids: Sequence[int]) -> list[Any]:
        return donations.rows(session, ids)

    def any_record(self, session: Session) -> bool:
        return bool(donations.ids(session, ListQuery()))

    def show_everything(self) -> None:
        self.show_voided.setChecked(True)

    def marker(self, row: Any) -> Marker | None:
        if row.status == DonationStatus.VOID:
            return Marker(_("Voided"), _("This receipt was voided; it stays in the register."))
        return None

    def make_dialog(self, record_id: int | None) -> RecordDialog:
        dialog = DonationDialog(
            self.context, record_id, self, receipt_printer=self.print_saved_receipt
        )
        dialog.corrected.connect(self._corrected)
        return dialog

    def person_of(self, record_id: int) -> int | None:
        return self.context.read(lambda s: donations.details(s, record_id).values.contact_id)

    def print_saved_receipt(self, donation_id: int) -> PreviewDialog | None:
        """ "Save and print receipt": the saved donation's receipt, then its print dialog."""
        from ui import documents
        from ui.issuing import issued_message

        printer = documents.receipt_printer(
            self, self.context, lambda issued: self.show_message(issued_message(issued))
        )
        self.preview = printer(donation_id)
        return self.preview

    def _corrected(self, old_number: str, new_number: str) -> None:
        self.show_message(
            _("Receipt {old} voided; corrected donation recorded as receipt {new}.").format(
                old=old_number, new=new_number
            )
        )

    def saved(self, record_id: int) -> None:
        super().saved(record_id)
        number = self.context.read(lambda s: donations.details(s, record_id).receipt_number)
        self.show_message(_("Donation saved — receipt {number}.").format(number=number))

    def ask_reason(self, number: str) -> str | None:
        reason, ok = QInputDialog.getText(
            self,
            _("Void"),
            _(
                "Why are you voiding receipt {number}? (It stays in the register with this reason.)"
            ).format(number=number),
            QLineEdit.EchoMode.Normal,
        )
        return reason if ok else None

    def archive(self, record_id: int) -> str | undo.Offer | None:
        row = self.model.record_at(self.model.row_of(record_id))
        reason = self.ask_reason(row.receipt_number)
        if reason is None:
            return None
        commands.write(self.context, lambda s: donations.void(s, record_id, reason))
        return _("Receipt {number} is void.").format(number=row.receipt_number)


class ActivitiesPage(ListPage):
    title = N_("Activities")
    new_label = N_("New activity")
    edit_tip = N_("Open the selected activity")
    archive_tip = N_("Archive the selected activity")
    empty_title = N_("No activities yet")
    empty_text = N_(
        "Activities are what the association does: workshops, outings, distributions, "
        "with their volunteers, beneficiaries and photos. Plan the first one, or import a list."
    )
    no_match = N_("No activity matches «{search}»")
    import_kind = "activities"
    archive_label = N_("Archive")
    kind = ChangeKind.ACTIVITIES
    changes_shown = (ChangeKind.ACTIVITIES, ChangeKind.CAMPAIGNS)
    permission = "edit_activities"
    default_sort = 1
    default_order = Qt.SortOrder.DescendingOrder

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.side_dialog: QWidget | None = None
        self.team_button = self.add_button(_("Volunteers…"), self.open_team)
        self.team_button.setObjectName("open_team")
        self.team_button.setToolTip(_("The selected activity's volunteers and attendance"))
        guard(self.team_button, self.context.role, "edit_volunteers")
        self.beneficiaries_button = self.add_more_action(
            _("Beneficiaries by year…"),
            self.open_beneficiaries,
            _("How many people the activities reached, year by year"),
        )
        self.beneficiaries_button.setObjectName("beneficiaries_by_year")

    def _open_side(self, dialog: QWidget) -> QWidget:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.side_dialog = dialog
        dialog.open()
        return dialog

    def open_team(self) -> QWidget | None:
        """The selected activity's volunteers: suggestions, assignment, attendance."""
        from ui.dialogs.team_dialog import TeamDialog

        activity_id = self.selected_id()
        if activity_id is None:
            self.show_message(_("Select an activity first."))
            return None
        return self._open_side(TeamDialog(self.context, activity_id, self))

    def open_beneficiaries(self) -> QWidget:
        from ui.dialogs.beneficiaries_dialog import BeneficiariesDialog

        return self._open_side(BeneficiariesDialog(self.context, self))

    def columns(self) -> Sequence[Column]:
        locale = self.context.locale
        return [
            Column("title", N_("Title"), lambda r: r.title, stretch=True),
            Column("starts_at", N_("Date"), lambda r: format_datetime(r.starts_at, locale)),
            Column("type", N_("Type"), lambda r: labels.label("activity_type", r.type)),
            Column("place", N_("Place"), lambda r: r.place),
            Column("status", N_("Status"), lambda r: labels.label("activity_status", r.status)),
            Column(
                "beneficiaries_count",
                N_("Beneficiaries"),
                lambda r: str(r.beneficiaries_count),
                numeric=True,
            ),
            Column(
                "photos", N_("Photos"), lambda r: str(r.photos) if r.photos else "", numeric=True
            ),
        ]

    def ids_for(self, session: Session, query: ListQuery) -> Sequence[int]:
        return activities.ids(session, query)

    def rows_for(self, session: Session, ids: Sequence[int]) -> list[Any]:
        return activities.rows(session, ids)

    def make_dialog(self, record_id: int | None) -> RecordDialog:
        return ActivityDialog(self.context, record_id, self)

    def archive(self, record_id: int) -> str | undo.Offer | None:
        row = self.model.record_at(self.model.row_of(record_id))
        archived = not row.archived
        question = _("Archive “{title}”?") if archived else _("Restore “{title}”?")
        if not self.confirm(question.format(title=isolate(row.title))):
            return None
        done = _("“{title}” was archived.") if archived else _("“{title}” was restored.")
        return archive_with_undo(
            self.context,
            lambda s: activities.set_archived(s, record_id, archived),
            done.format(title=isolate(row.title)),
            row.title,
        )


class CampaignsPage(ListPage):
    title = N_("Campaigns")
    new_label = N_("New campaign")
    edit_tip = N_("Open the selected campaign")
    archive_tip = N_("Archive the selected campaign")
    empty_title = N_("No campaigns yet")
    empty_text = N_(
        "A campaign gathers donations for one aim, with a goal and dates: "
        "the list shows how much each one raised."
    )
    no_match = N_("No campaign matches «{search}»")
    archive_label = N_("Archive")
    kind = ChangeKind.CAMPAIGNS
    changes_shown = (ChangeKind.CAMPAIGNS, ChangeKind.DONATIONS)
    permission = "edit_campaigns"

    def columns(self) -> Sequence[Column]:
        locale = self.context.locale

        def goal(r: campaigns.CampaignRow) -> str:
            return format_money(r.goal_minor, r.currency, locale) if r.goal_minor else ""

        return [
            Column("name", N_("Name"), lambda r: r.name, stretch=True),
            Column("goal", N_("Goal"), goal, numeric=True),
            Column(
                "raised",
                N_("Raised"),
                lambda r: format_money(r.raised_minor, r.currency, locale),
                numeric=True,
            ),
            Column("starts_on", N_("Starts on"), lambda r: format_date(r.starts_on, locale)),
            Column("ends_on", N_("Ends on"), lambda r: format_date(r.ends_on, locale)),
        ]

    def ids_for(self, session: Session, query: ListQuery) -> Sequence[int]:
        return campaigns.ids(session, query)

    def rows_for(self, session: Session, ids: Sequence[int]) -> list[Any]:
        return campaigns.rows(session, ids)

    def make_dialog(self, record_id: int | None) -> RecordDialog:
        return CampaignDialog(self.context, record_id, self)

    def archive(self, record_id: int) -> str | undo.Offer | None:
        row = self.model.record_at(self.model.row_of(record_id))
        archived = not row.archived
        question = _("Archive “{title}”?") if archived else _("Restore “{title}”?")
        if not self.confirm(question.format(title=isolate(row.name))):
            return None
        done = _("“{title}” was archived.") if archived else _("“{title}” was restored.")
        return archive_with_undo(
            self.context,
            lambda s: campaigns.set_archived(s, record_id, archived),
            done.format(title=isolate(row.name)),
            row.name,
        )
