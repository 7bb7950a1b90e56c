"""List pages for people: all contacts, members, volunteers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)
from sqlalchemy.orm import Session

from assocdesk import labels
from assocdesk.i18n import N_, _
from assocdesk.models import Membership, VolunteerProfile
from assocdesk.services import association, contacts, dues_status, members, privacy, volunteers
from assocdesk.services.changes import ChangeKind
from assocdesk.services.common import ListQuery
from assocdesk.services.dues_status import DuesStatus
from assocdesk.storage.files import write_whole
from assocdesk.text.bidi import isolate_ltr
from assocdesk.text.locales import format_date, format_number
from assocdesk.usecases import erasing
from ui import commands, documents, workers
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.erase_dialog import EraseDialog
from ui.dialogs.member_dialog import MemberDialog
from ui.dialogs.preview_dialog import PreviewDialog
from ui.dialogs.record_dialog import RecordDialog
from ui.dialogs.volunteer_dialog import VolunteerDialog
from ui.dialogs.year_dialog import ask_year
from ui.models.minors import minor_column, with_protection
from ui.models.record_table import Column
from ui.pages.list_page import ListPage
from ui.widgets import file_chooser
from ui.widgets.fields import choice_box


def safe_file_name(name: str, fallback: str) -> str:
    """A file name that any file system takes, the person's name kept (Arabic included)."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name).strip() or fallback


def statement_file_name(name: str, year: int) -> str:
    return f"{year} — {safe_file_name(name, 'statement')}.pdf"


PHONE_SAMPLE = "+213 6 12 34 56 78"  # the longest usual number: shown whole


class ArchivingPage(ListPage):
    """People are archived (hidden, restorable), never deleted: donations point at them."""

    archive_label = N_("Archive")
    offers_statement = False  # a "Yearly statement…" button for the selected person

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preview: PreviewDialog | None = None
        self.duplicates_dialog: QWidget | None = None
        if self.offers_statement:
            self.statement_button = self.add_button(_("Yearly statement…"), self.yearly_statement)
            self.statement_button.setObjectName("yearly_statement")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.duplicates_button = self.add_button(_("Find duplicates…"), self.find_duplicates)
        self.duplicates_button.setObjectName("find_duplicates")
        self.minors_only_box = QCheckBox(_("Minors only"))
        self.minors_only_box.setObjectName("minors_only")
        self.minors_only_box.setToolTip(
            _("Under 18 today by their date of birth, or marked as minors.")
        )
        self.minors_only_box.toggled.connect(lambda _on: self.model.refresh())
        # Under the search bar (its buttons fill it in French), above the table.
        self.filter_bar = QHBoxLayout()
        self.filter_bar.addWidget(self.minors_only_box)
        self.filter_bar.addStretch(1)
        self.layout().insertLayout(2, self.filter_bar)

    @property
    def minors_only(self) -> bool:
        box = getattr(self, "minors_only_box", None)  # None while the page is being built
        return box is not None and box.isChecked()

    def only_minors(self, session: Session, ids: Sequence[int]) -> Sequence[int]:
        """``ids`` kept in their order, those of minors only if the box asks for it."""
        if not self.minors_only:
            return ids
        minors = self.minor_record_ids(session, date.today())
        return [record_id for record_id in ids if record_id in minors]

    def minor_record_ids(self, session: Session, today: date) -> set[int]:
        return contacts.minor_ids(session, today)

    def find_duplicates(self) -> QWidget:
        """People recorded twice, side by side, to merge (or to mark as different people)."""
        from ui.dialogs.duplicates_dialog import DuplicatesDialog

        dialog = DuplicatesDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.duplicates_dialog = dialog
        dialog.open()
        return dialog

    # -- the context menu: everyday actions, then the person's rights over their data --------
    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(_("Edit"), self.open_selected)
        menu.addAction(_(self.archive_label), self.archive_selected)
        if self.offers_statement:
            menu.addAction(_("Yearly statement…"), self.yearly_statement)
        menu.addSeparator()
        menu.addAction(_("Export personal data…"), self.export_personal_data)
        menu.addAction(_("Erase person…"), self.erase_person)
        return menu

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid():
            self.select_row(index.row())
            self.context_menu().exec(self.table.viewport().mapToGlobal(position))

    def ask_export_path(self, suggested: str) -> str:
        """The file chooser ("" if cancelled); tests replace it."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return file_chooser.ask_save_path(
            self,
            _("Export personal data"),
            Path(folder) / suggested,
            ";;".join((_("JSON files (*.json)"), _("PDF documents (*.pdf)"))),
        )

    def export_personal_data(self) -> Path | None:
        """Everything held about the selected person in one file (a subject access): JSON for
        machines, or a PDF for the person, as the chosen file name's extension says."""
        record_id = self.selected_id()
        if record_id is None:
            self.show_message(_("Select a person first."))
            return None
        contact_id = self.contact_id_of(record_id)
        name = self.context.read(lambda s: contacts.display_name(contacts.get(s, contact_id)))
        suggested = _("{name} — personal data").format(name=safe_file_name(name, "contact"))
        chosen = self.ask_export_path(f"{suggested}.json")
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() == ".pdf":
            from assocdesk.reports.subject_access import render_subject_access

            content = self.context.read(lambda s: render_subject_access(s, contact_id))
        else:
            data = self.context.read(lambda s: privacy.subject_access(s, contact_id))
            content = privacy.subject_access_json(data)
        try:
            write_whole(path, content)
        except OSError as exc:
            QMessageBox.warning(
                self,
                _("Export personal data"),
                _("The file could not be saved to {path}: {error}").format(path=path, error=exc),
            )
            return None
        self.show_message(
            _("{name}'s personal data was exported to {path}.").format(name=name, path=path)
        )
        return path

    def confirm_erase(self, name: str) -> bool:
        """The strong confirmation (tests replace it)."""
        return EraseDialog(name, self).exec() == QDialog.DialogCode.Accepted

    def erase_person(self) -> workers.Job | None:
        """Anonymize the selected person, then clean the file's free space in the background."""
        record_id = self.selected_id()
        if record_id is None:
            self.show_message(_("Select a person first."))
            return None
        contact_id = self.contact_id_of(record_id)
        contact = self.context.read(lambda s: contacts.get(s, contact_id))
        if contact.erased:
            self.show_message(_("This person's data was already erased."))
            return None
        name = contact.name
        if not self.confirm_erase(name):
            return None
        commands.write(self.context, lambda s: erasing.erase_person(s, contact_id))
        self.show_message(
            _("{name}'s personal data was erased; the database file is being cleaned…").format(
                name=name
            )
        )
        database = self.context.db
        cleaning = commands.CommandOp(
            self.context, lambda _progress: erasing.clean_after_erase(database)
        )
        cleaning.success(
            lambda _result: self.show_message(
                _(
                    "{name}'s personal data was erased and the database file cleaned. "
                    "Older backups still hold it."
                ).format(name=name)
            )
        )
        return cleaning.failure(self.show_message).run_in_background()

    def ask_statement_options(self) -> tuple[int, str | None] | None:
        """(year, language) of the statement, or None if cancelled (tests replace this)."""
        profile = self.context.read(association.get)
        return ask_year(
            self,
            _("Yearly statement"),
            start_month=profile.fiscal_year_start_month if profile else 1,
            locale=self.context.locale,
        )

    def yearly_statement(self) -> PreviewDialog | None:
        """The selected person's yearly statement of donations, in the preview."""
        record_id = self.selected_id()
        if record_id is None:
            self.show_message(_("Select a person first."))
            return None
        options = self.ask_statement_options()
        if options is None:
            return None
        year, language = options
        contact_id = self.contact_id_of(record_id)
        name = self.context.read(lambda s: contacts.get(s, contact_id).name)
        self.preview = documents.preview_report(
            self,
            documents.statement_renderer(self.context, contact_id, year),
            language,
            _("Yearly statement {year} — {name}").format(year=year, name=name),
            statement_file_name(name, year),
        )
        return self.preview

    def contact_id_of(self, record_id: int) -> int:
        return record_id

    def archive(self, record_id: int) -> str | None:
        row = self.model.record_at(self.model.row_of(record_id))
        name = getattr(row, "name", "")
        if getattr(row, "archived", False):
            if not self.confirm(_("Restore {name}?").format(name=name)):
                return None
            commands.write(
                self.context,
                lambda s: contacts.set_archived(s, self.contact_id_of(record_id), False),
            )
            return _("{name} was restored.").format(name=name)
        if not self.confirm(
            _(
                "Archive {name}? They will be hidden from the lists; nothing is deleted "
                "and you can restore them with “Show archived”."
            ).format(name=name)
        ):
            return None
        commands.write(
            self.context, lambda s: contacts.set_archived(s, self.contact_id_of(record_id))
        )
        return _("{name} was archived.").format(name=name)


class ContactsPage(ArchivingPage):
    title = N_("Contacts")
    new_label = N_("New contact")
    import_kind = "contacts"
    kind = ChangeKind.CONTACTS
    changes_shown = (ChangeKind.CONTACTS,)
    offers_statement = True

    def columns(self) -> Sequence[Column]:
        return [
            Column("name", N_("Name"), lambda r: r.name),
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

    def make_dialog(self, record_id: int | None) -> RecordDialog:
        return ContactDialog(self.context, record_id, self)


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
    import_kind = "members"
    kind = ChangeKind.MEMBERS
    changes_shown = (ChangeKind.MEMBERS, ChangeKind.CONTACTS, ChangeKind.DUES)
    offers_statement = True
    default_sort = 1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dues_dialog: QWidget | None = None
        self.dues_year_box = QSpinBox()
        self.dues_year_box.setObjectName("dues_year")
        self.dues_year_box.setRange(1900, 2199)
        self.dues_year_box.setValue(date.today().year)  # not self.dues_year: the box is empty yet
        self.dues_filter_box = choice_box([(code, _(text)) for code, text in DUES_FILTERS])
        self.dues_filter_box.setObjectName("dues_filter")
        self.dues_year_box.valueChanged.connect(lambda _value: self._dues_view_changed())
        self.dues_filter_box.currentIndexChanged.connect(lambda _i: self._dues_view_changed())
        dues_menu = QMenu(self)
        dues_menu.addAction(_("Record dues payment…"), self.record_dues)
        dues_menu.addAction(_("Late dues…"), self.late_dues)
        dues_menu.addSeparator()
        dues_menu.addAction(_("Member card…"), self.member_card)
        dues_menu.addAction(_("Cards of all members of the year…"), self.cards_of_year)
        self.dues_button = QPushButton(_("Dues"))
        self.dues_button.setObjectName("dues_menu")
        self.dues_button.setMenu(dues_menu)
        bar = self.filter_bar  # under the search bar, above the table; "Minors only" follows
        for position, widget in enumerate(
            (QLabel(_("Dues of the year")), self.dues_year_box, QLabel(_("Show")))
        ):
            bar.insertWidget(position, widget)
        bar.insertWidget(3, self.dues_filter_box)
        bar.addWidget(self.dues_button)

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
            Column("name", N_("Name"), lambda r: r.name),
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
        return self.only_minors(session, members.ids(session, query, view))

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
        return self.context.read(lambda s: members.get(s, record_id).contact_id)

    def make_dialog(self, record_id: int | None) -> RecordDialog:
        return MemberDialog(self.context, record_id, self)


class VolunteersPage(ArchivingPage):
    title = N_("Volunteers")
    new_label = N_("New volunteer")
    import_kind = "volunteers"
    kind = ChangeKind.VOLUNTEERS
    changes_shown = (ChangeKind.VOLUNTEERS, ChangeKind.CONTACTS, ChangeKind.ACTIVITIES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.hours_year = date.today().year  # the year of the "Hours this year" column
        super().__init__(*args, **kwargs)
        self.skills_dialog: QWidget | None = None
        self.certificate_button = self.add_button(_("Certificate…"), self.certificate)
        self.certificate_button.setObjectName("certificate")
        self.skills_button = self.add_button(_("Skills…"), self.manage_skills)
        self.skills_button.setObjectName("manage_skills")

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
        from ui.dialogs.year_dialog import YearDialog

        dialog = YearDialog(
            _("Volunteering certificate"),
            self,
            locale=self.context.locale,
            automatic=_("Automatic (the volunteer's language)"),
            year_label=_("Year"),
        )
        dialog.year.setValue(date.today().year)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()

    def certificate(self) -> PreviewDialog | None:
        """The selected volunteer's certificate of a year's activities and hours, previewed."""
        record_id = self.selected_id()
        if record_id is None:
            self.show_message(_("Select a volunteer first."))
            return None
        options = self.ask_certificate_options()
        if options is None:
            return None
        year, language = options
        contact_id = self.contact_id_of(record_id)
        name = self.context.read(lambda s: contacts.display_name(contacts.get(s, contact_id)))
        self.preview = documents.preview_report(
            self,
            documents.certificate_renderer(self.context, contact_id, year),
            language,
            _("Volunteering certificate {year} — {name}").format(year=year, name=name),
            f"{year} — {safe_file_name(name, 'certificate')}.pdf",
        )
        return self.preview

    def columns(self) -> Sequence[Column]:
        locale = self.context.locale
        return [
            Column("name", N_("Name"), lambda r: r.name),
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

    def minor_record_ids(self, session: Session, today: date) -> set[int]:
        return contacts.minor_ids(session, today, VolunteerProfile.id, VolunteerProfile.contact_id)

    def rows_for(self, session: Session, ids: Sequence[int]) -> list[Any]:
        return with_protection(session, volunteers.rows(session, ids, self.hours_year))

    def contact_id_of(self, record_id: int) -> int:
        return self.context.read(lambda s: volunteers.get(s, record_id).contact_id)

    def make_dialog(self, record_id: int | None) -> RecordDialog:
        return VolunteerDialog(self.context, record_id, self)
