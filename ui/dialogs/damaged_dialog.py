"""At start-up, when the database fails SQLite's check: say so, and offer its backups.

The damaged file is not opened, so nothing writes to it. The dialog lists this database's
backups (automatic copies and copies kept before a restore), newest first, with their date and
record counts so the person sees what each holds; the newest readable one is selected. Restoring
verifies the copy fully before anything is replaced, and sets the damaged file aside (never
deleted). A backup file from elsewhere (a USB stick) can be chosen too.

A protected database's backups are protected too: they are read with the password the database
was opened with, and a backup with another password asks for it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import N_, _
from assocdesk.storage.backups import rotation
from assocdesk.storage.backups.restore import RestoreResult
from assocdesk.storage.errors import (
    DRIVER_ERRORS,
    BackupError,
    BackupPasswordError,
    BackupPasswordRequired,
    DatabaseError,
)
from assocdesk.storage.paths import display_path
from assocdesk.storage.sqlite_file import Summary, summarize
from assocdesk.usecases.restoring import restore_backup
from ui import theme
from ui.widgets.tables import select_whole_row

# Counts shown for each backup: the records a secretary recognises.
SHOWN_COUNTS = (
    ("contacts", N_("Contacts")),
    ("memberships", N_("Members")),
    ("donations", N_("Donations")),
    ("activities", N_("Activities")),
)
KIND_LABELS = {
    rotation.AUTO: N_("Automatic"),
    rotation.BEFORE_RESTORE: N_("Before a restore"),
}


def backup_filters() -> str:
    return ";;".join(
        [
            _("AssocDesk backups (*.assocdesk-backup)"),
            _("Automatic copies (*.sqlite3)"),
        ]
    )


def _summary(path: Path, password: str | None) -> Summary | None:
    try:
        return summarize(path, password)
    except (DatabaseError, *DRIVER_ERRORS):
        return None


class DamagedDatabaseDialog(QDialog):
    def __init__(
        self,
        database_path: Path,
        problem: str,
        parent: QWidget | None = None,
        *,
        password: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.database_path = database_path
        self._password = password  # the damaged database's; its backups usually share it
        self.result_of_restore: RestoreResult | None = None
        # The password of the database once restored (None: not protected).
        self.password_after_restore: str | None = None
        self.setWindowTitle(_("The database is damaged"))
        self.setMinimumWidth(640)

        explanation = QLabel(
            _(
                "{problem}\n\nThis can happen after a power cut, a full disk or a faulty USB "
                "stick. Choose a backup to put in its place: it is checked before anything is "
                "replaced, and the damaged file is kept in {folder}."
            ).format(problem=problem, folder=display_path(rotation.backups_dir(database_path)))
        )
        explanation.setWordWrap(True)
        explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.backups = rotation.list_backups(database_path)
        self.table = QTableWidget(len(self.backups), 2 + len(SHOWN_COUNTS))
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels(
            [_("Date"), _("Kind"), *(_(label) for _key, label in SHOWN_COUNTS)]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        first_readable = None
        for row, entry in enumerate(self.backups):
            summary = _summary(entry.path, password)
            cells = [entry.created.strftime("%Y-%m-%d %H:%M"), _(KIND_LABELS[entry.kind])]
            if summary is None:
                cells += [_("unreadable")] + [""] * (len(SHOWN_COUNTS) - 1)
            else:
                cells += [str(summary.counts.get(key, 0)) for key, _label in SHOWN_COUNTS]
                first_readable = row if first_readable is None else first_readable
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        if first_readable is not None:
            select_whole_row(self.table, first_readable, make_current=True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())

        self.none_label = QLabel(
            _(
                "There is no automatic backup of this database. "
                "Choose a backup file if you have one."
            )
        )
        self.none_label.setWordWrap(True)
        self.none_label.setVisible(not self.backups)
        self.table.setVisible(bool(self.backups))

        self.error = QLabel()
        self.error.setObjectName("error")
        theme.style(self.error, theme.Style.ERROR)
        self.error.setWordWrap(True)
        self.error.hide()

        self.restore_button = QPushButton(_("Restore the selected backup"))
        self.restore_button.setObjectName("restore_selected")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore_selected)
        choose = QPushButton(_("Restore from a file…"))
        choose.setObjectName("restore_file")
        choose.clicked.connect(self.restore_chosen_file)
        quit_button = QPushButton(_("Quit"))
        quit_button.setObjectName("quit")
        quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(choose)
        buttons.addStretch(1)
        buttons.addWidget(quit_button)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.none_label)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def selected_backup(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()].path if rows else None

    def ask_backup_file(self) -> str:
        """The file chooser; "" if cancelled (tests replace this method)."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Restore from…"), str(Path.home()), backup_filters()
        )
        return path

    def ask_backup_password(self, source: Path, error: str) -> str | None:
        """The password of a protected backup; None if cancelled (tests replace this method)."""
        from ui.dialogs import password_dialog

        return password_dialog.ask_password(str(source), error, backup=True, parent=self)

    def restore_selected(self) -> bool:
        source = self.selected_backup()
        return source is not None and self.restore_from(source)

    def restore_chosen_file(self) -> bool:
        chosen = self.ask_backup_file()
        return bool(chosen) and self.restore_from(Path(chosen))

    def restore_from(self, source: Path) -> bool:
        """Verify and put ``source`` in place; on failure say why and let another be chosen.

        A protected backup is tried with the database's password first; if that is not its
        password, the person is asked (again after a wrong one, until Cancel).
        """
        self.error.hide()
        password, asked = self._password, False
        while True:
            try:
                self.result_of_restore = restore_backup(
                    source,
                    self.database_path,
                    now=datetime.now(),
                    password=password,
                    current_password=self._password,
                )
                break
            except BackupPasswordError as exc:
                # The first question carries no error: the person has typed nothing yet.
                error = str(exc) if asked and not isinstance(exc, BackupPasswordRequired) else ""
                password = self.ask_backup_password(source, error)
                asked = True
                if password is None:
                    return False
            except BackupError as exc:
                self.error.setText(str(exc))
                self.error.show()
                return False
        self.password_after_restore = password if self.result_of_restore.summary.protected else None
        self.accept()
        return True
