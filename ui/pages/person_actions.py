"""What every list of people offers: archive and restore, the yearly statement, and the
person's rights over their data (export everything held, erase). The pages themselves, with
their columns and their own actions, are in ui.pages.people."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QStandardPaths, Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QMenu, QMessageBox, QWidget
from sqlalchemy.orm import Session

from assocdesk.i18n import N_, _
from assocdesk.services import association, contacts, privacy
from assocdesk.storage.files import write_whole
from assocdesk.text.bidi import isolate, isolate_path
from assocdesk.usecases import erasing
from ui import commands, undo, workers
from ui.dialogs.erase_dialog import EraseDialog
from ui.dialogs.preview_dialog import PreviewDialog
from ui.dialogs.year_dialog import ask_year
from ui.pages.list_page import ListPage
from ui.pages.person_card_action import PersonCardAction
from ui.permission_guard import guard
from ui.widgets import file_chooser

if TYPE_CHECKING:
    from ui import documents
    from ui.context import AppContext


def safe_file_name(name: str, fallback: str) -> str:
    """A file name that any file system takes, the person's name kept (Arabic included)."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name).strip() or fallback


def statement_file_name(name: str, year: int) -> str:
    return f"{year} — {safe_file_name(name, 'statement')}.pdf"


class ArchivingPage(PersonCardAction, ListPage):
    """People are archived (hidden, restorable), never deleted: donations point at them."""

    archive_label = N_("Archive")
    offers_statement = False  # a "Yearly statement…" button for the selected person

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preview: PreviewDialog | None = None
        self.duplicates_dialog: QWidget | None = None
        if self.offers_statement:
            self.statement_button = self.add_more_action(
                _("Yearly statement…"),
                self.yearly_statement,
                _("The selected person's donations of a year, in one document"),
            )
            self.statement_button.setObjectName("yearly_statement")
            guard(self.statement_button, self.context.role, "print_documents")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.install_person_card()
        self.duplicates_button = self.add_more_action(
            _("Find duplicates…"),
            self.find_duplicates,
            _("People recorded twice, side by side, to merge"),
        )
        self.duplicates_button.setObjectName("find_duplicates")
        self.minors_only_box = QCheckBox(_("Minors only"))
        self.minors_only_box.setObjectName("minors_only")
        self.minors_only_box.setToolTip(
            _("Under 18 today by their date of birth, or marked as minors.")
        )
        self.minors_only_box.toggled.connect(lambda _on: self.model.refresh())
        self.add_filter(self.minors_only_box)

    def show_everything(self) -> None:
        self.minors_only_box.setChecked(False)
        super().show_everything()

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
        """What the officer's role may not do is greyed, with why (services.permissions)."""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        role, archive_needs = self.context.role, self.archive_permission or self.permission
        edit = menu.addAction(_("Edit"), self.open_selected)
        menu.addAction(_("Person card"), self.open_person_card)
        archive = menu.addAction(self.archive_button.text(), self.archive_selected)  # or Restore
        for action, needs in ((edit, self.permission), (archive, archive_needs)):
            if needs:
                guard(action, role, needs)
        if self.offers_statement:
            statement = menu.addAction(_("Yearly statement…"), self.yearly_statement)
            guard(statement, role, "print_documents")
        menu.addSeparator()
        guard(menu.addAction(_("Export personal data…"), self.export_personal_data), role, "export")
        guard(menu.addAction(_("Erase person…"), self.erase_person), role, "erase_person")
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
        name = self.context.read(lambda s: contacts.details(s, contact_id)).name
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
                _("The file could not be saved to {path}: {error}").format(
                    path=isolate_path(path), error=exc
                ),
            )
            return None
        self.show_message(
            _("{name}'s personal data was exported to {path}.").format(
                name=isolate(name), path=isolate_path(path)
            )
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
        contact = self.context.read(lambda s: contacts.details(s, contact_id))
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
                ).format(name=isolate(name))
            )
        )
        return cleaning.failure(self.show_message).run_in_background()

    def ask_statement_options(self) -> tuple[int, str | None] | None:
        """(year, language) of the statement, or None if cancelled (tests replace this)."""
        profile = self.context.read(association.details)
        return ask_year(
            self,
            _("Yearly statement"),
            start_month=profile.values.fiscal_year_start_month if profile else 1,
            locale=self.context.locale,
        )

    def yearly_statement(self) -> PreviewDialog | None:
        """The selected person's yearly statement of donations, in the preview."""
        from ui import documents  # with what it renders, when first asked (not at page build)

        return self.preview_for_selected(
            _("Select a person first."),
            self.ask_statement_options,
            documents.statement_renderer,
            lambda year, name: (
                _("Yearly statement {year} — {name}").format(year=year, name=isolate(name)),
                statement_file_name(name, year),
            ),
        )

    def preview_for_selected(
        self,
        nobody: str,
        ask_options: Callable[[], tuple[int, str | None] | None],
        renderer: Callable[[AppContext, int, int], documents.Renderer],
        titles: Callable[[int, str], tuple[str, str]],
    ) -> PreviewDialog | None:
        """A document of the selected person for a year, previewed: ``nobody`` if no row is
        selected, ``ask_options`` for (year, language), ``titles`` for (title, file name)."""
        record_id = self.selected_id()
        if record_id is None:
            self.show_message(nobody)
            return None
        options = ask_options()
        if options is None:
            return None
        year, language = options
        contact_id = self.contact_id_of(record_id)
        name = self.context.read(lambda s: contacts.details(s, contact_id)).name
        title, file_name = titles(year, name)
        from ui import documents

        self.preview = documents.preview_report(
            self, renderer(self.context, contact_id, year), language, title, file_name
        )
        return self.preview

    def contact_id_of(self, record_id: int) -> int:
        return record_id

    def person_of(self, record_id: int) -> int | None:
        return self.contact_id_of(record_id)

    def archive(self, record_id: int) -> str | undo.Offer | None:
        """Archive the person, or restore them if archived; the message offers Undo."""
        row = self.model.record_at(self.model.row_of(record_id))
        name = getattr(row, "name", "")
        archived = not getattr(row, "archived", False)
        if archived:
            question = _(
                "Archive {name}? They will be hidden from the lists; nothing is deleted "
                "and you can restore them with “Show archived”."
            )
        else:
            question = _("Restore {name}?")
        if not self.confirm(question.format(name=isolate(name))):
            return None
        contact_id = self.contact_id_of(record_id)
        done = _("{name} was archived.") if archived else _("{name} was restored.")
        message = done.format(name=isolate(name))
        _contact, offer = undo.write(
            self.context,
            lambda s: contacts.set_archived(s, contact_id, archived),
            message,
            lambda kind: undo.undone_message(kind, name),
        )
        return offer or message
