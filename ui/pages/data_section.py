"""Settings → "Your data": where the database is, its automatic copies, Back up to…,
Restore from….

Backing up runs in the background worker with the inline progress bar (a large database with
photos takes a while; the secretary may keep working, the copy is one committed state anyway).
Restoring is two steps: the backup is verified in the background (extracted and checked beside
the database, nothing replaced), then, once the person confirms what it holds, the database is
closed, replaced and reopened, and the window is rebuilt on it.

On a shared database (a server) none of this applies: it has no file to copy or replace, so the
section says where the data is and why the buttons are not there.

A protected database is backed up protected (same password). A protected backup is checked
with the database's password first; if that is not its password, the person is asked for it
(the same prompt as at start-up) and the check runs again. The restored database is reopened
with its own password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk.errors import UserError
from assocdesk.i18n import _, current_language, list_separator
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups import rotation
from assocdesk.storage.errors import DatabaseError
from assocdesk.storage.paths import display_path
from assocdesk.text.locales import format_date
from assocdesk.text.plurals import count_phrase
from assocdesk.usecases.restoring import (
    CheckedBackup,
    RestoreResult,
    check_backup,
    install_backup,
)
from ui import workers
from ui.context import AppContext
from ui.dialogs.damaged_dialog import backup_filters
from ui.widgets import file_chooser
from ui.widgets.progress_panel import ProgressPanel


def counts_text(counts: dict[str, int]) -> str:
    """«جهة اتصال واحدة، 12 منخرطًا، تبرعان»: each count agrees with its noun."""
    language = current_language()
    return list_separator().join(
        count_phrase(counts.get(key, 0), noun, language)
        for key, noun in (
            ("contacts", "contact"),
            ("memberships", "member"),
            ("donations", "donation"),
        )
    )


@dataclass(frozen=True)
class PasswordNeeded:
    """The backup is protected and the password tried does not open it: ask, check again."""

    message: str
    wrong: bool  # a password was tried (not merely missing)


class DataSection(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job: workers.Job | None = None
        self.output: Path | None = None
        self.where = QLabel()
        self.where.setObjectName("data_where")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.backup_button = QPushButton(_("Back up to…"))
        self.backup_button.setObjectName("backup_to")
        self.backup_button.setToolTip(
            _("One file with the database and its files, for a USB stick or another disk.")
        )
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton(_("Restore from…"))
        self.restore_button.setObjectName("restore_from")
        self.restore_button.clicked.connect(self.restore)
        self.folder_button = QPushButton(_("Open the backups folder"))
        self.folder_button.setObjectName("open_backups")
        self.folder_button.clicked.connect(self._open_backups)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.progress = ProgressPanel()
        self.progress.busy_changed.connect(self._busy_changed)
        self.result = QLabel()
        self.result.setObjectName("data_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.where)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        self.refresh()

    def refresh(self) -> None:
        if self.context.db.on_server:
            self._on_server()
            return
        path = self.context.db.file
        backups = rotation.list_backups(path, [rotation.AUTO])
        latest = (
            _("Latest automatic copy: {date}.").format(
                date=format_date(backups[0].created.date(), self.context.locale)
            )
            if backups
            else _("No automatic copy yet: the first is made when AssocDesk closes.")
        )
        self.where.setText(
            _(
                "Your data is in {path}. When AssocDesk closes it keeps a copy (once a day; "
                "the last 7 days, 4 weeks and 12 months) in {folder}."
            ).format(path=display_path(path), folder=display_path(rotation.backups_dir(path)))
            + " "
            + latest
        )

    def _on_server(self) -> None:
        """Backups, restores and automatic copies are made of a file: a shared database has
        none, so their buttons are hidden and the reason said in words."""
        for button in (self.backup_button, self.restore_button, self.folder_button):
            button.hide()
        server = self.context.db.server
        assert server is not None
        try:
            self.context.db.file  # noqa: B018 — its refusal says why, in words
        except DatabaseError as exc:
            reason = str(exc)
        self.where.setText(
            _(
                "Your data is in the shared database {database} on {host}. Back up to…, "
                "Restore from… and the automatic copies are not offered for it."
            ).format(**server.in_message())
            + " "
            + reason
        )

    # -- dialogs (tests replace these) -------------------------------------------------------
    def ask_save_path(self, suggested: str) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return file_chooser.ask_save_path(
            self,
            _("Back up to…"),
            Path(folder) / suggested,
            _("AssocDesk backups (*.assocdesk-backup)"),
        )

    def ask_open_path(self) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Restore from…"), folder, backup_filters()
        )
        return path

    def confirm_restore(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            _("Restore from…"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def notify(self, text: str) -> None:
        QMessageBox.information(None, _("Restore from…"), text)

    def ask_backup_password(self, source: Path, error: str) -> str | None:
        """The password of a protected backup; None if cancelled."""
        from ui.dialogs import password_dialog

        return password_dialog.ask_password(str(source), error, backup=True, parent=self)

    # -- back up -------------------------------------------------------------------------
    def back_up(self) -> workers.Job | None:
        if self.context.db.on_server:  # the menu's Back up to…: said, not done
            self.refresh()
            return None
        stamp = datetime.now().strftime("%Y-%m-%d")
        chosen = self.ask_save_path(f"AssocDesk {stamp}{backup.SUFFIX}")
        if not chosen:
            return None
        out = Path(chosen)
        if out.suffix != backup.SUFFIX:
            out = out.with_name(out.name + backup.SUFFIX)
        source, password = self.context.db.path, self.context.db.password

        def work(progress: workers.Progress) -> Any:
            return backup.create_bundle(source, out, progress=progress, password=password)

        job = workers.Job(
            work, cancelled_by=(backup.BackupCancelled,), user_errors=(backup.BackupError,)
        )
        job.signals.finished.connect(self._backed_up)
        return self._start(job, _("Writing the backup…"), out)

    def _backed_up(self, manifest: backup.Manifest) -> None:
        text = _("Backup written to {path} ({counts}).").format(
            path=display_path(self.output or ""), counts=counts_text(manifest.counts)
        )
        if manifest.protected:
            text += " " + _("It is protected by the same password as the database.")
        self.show_result(text)

    # -- restore -------------------------------------------------------------------------
    def restore(self) -> workers.Job | None:
        if self.context.db.on_server:
            self.refresh()
            return None
        chosen = self.ask_open_path()
        if not chosen:
            return None
        # Backups of a protected database share its password: try that one before asking.
        return self._verify(Path(chosen), self.context.db.password, asked=False)

    def _verify(self, source: Path, password: str | None, *, asked: bool) -> workers.Job:
        """Check ``source`` in the background (nothing replaced); then confirm and restore."""
        database_path = self.context.db.path

        def work(progress: workers.Progress) -> CheckedBackup | PasswordNeeded:
            try:
                return check_backup(source, database_path, password=password, progress=progress)
            except backup.BackupPasswordError as exc:  # asked on the main thread, then again
                missing = isinstance(exc, backup.BackupPasswordRequired)
                return PasswordNeeded(str(exc), wrong=not missing)

        job = workers.Job(
            work, cancelled_by=(backup.BackupCancelled,), user_errors=(backup.BackupError,)
        )
        job.signals.finished.connect(lambda outcome: self._verified(source, outcome, asked))
        return self._start(job, _("Checking the backup…"), None)

    def _verified(self, source: Path, outcome: CheckedBackup | PasswordNeeded, asked: bool) -> None:
        if isinstance(outcome, PasswordNeeded):
            typed = self.ask_backup_password(
                source, outcome.message if asked and outcome.wrong else ""
            )
            if typed is None:
                self.show_result(_("Nothing was changed."))
            else:
                self._verify(source, typed, asked=True)
            return
        checked = outcome
        question = _("The backup {file} is sound: {counts}.").format(
            file=display_path(source.name), counts=counts_text(checked.summary.counts)
        )
        if checked.made_at is not None:
            when = checked.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
            # Isolated: in Arabic the digits and separators would otherwise be reordered.
            question += " " + _("It was made on {date}.").format(date=display_path(when))
        if checked.summary.protected:
            question += " " + _("It is protected by a password, which it keeps once restored.")
        question += "\n\n" + _(
            "Replace the data now in AssocDesk by this backup? What you have now is kept as a "
            "copy in {folder}."
        ).format(folder=display_path(rotation.backups_dir(self.context.db.path)))
        if not self.confirm_restore(question):
            checked.discard()
            self.show_result(_("Nothing was changed."))
            return
        now = datetime.now()
        current_password = self.context.db.password

        def replace(path: Path) -> RestoreResult:
            return install_backup(checked, path, now=now, current_password=current_password)

        try:
            result = self.context.replace_database(replace, password=checked.reopen_password)
        except (UserError, OSError) as exc:
            self.show_result(str(exc))
            return
        kept = (
            _("What you had before is kept as {path}.").format(path=display_path(result.kept))
            if result.kept
            else ""
        )
        self.notify(
            _("Restored: {counts}.").format(counts=counts_text(result.summary.counts))
            + (" " + kept if kept else "")
        )

    # -- shared --------------------------------------------------------------------------
    def _start(self, job: workers.Job, label: str, output: Path | None) -> workers.Job:
        self.job = job
        self.output = output
        self.show_result("")
        job.signals.failed.connect(self.show_result)
        job.signals.cancelled.connect(lambda: self.show_result(_("Stopped: nothing was changed.")))
        self.progress.watch(job, label)
        return workers.start(job)

    def _busy_changed(self, busy: bool) -> None:
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)
        if not busy:
            self.job = None

    def show_result(self, text: str) -> None:
        self.result.setText(text)
        self.refresh()

    def _open_backups(self) -> None:
        folder = rotation.backups_dir(self.context.db.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
