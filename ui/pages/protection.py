"""Settings' "Password protection" box: protect the database, or remove the protection.

Only a file can be protected: on a shared database the box says so, without a button.

The database is closed while its file is converted (the whole file is rewritten, which cannot
run beside open connections), then reopened; every page reads through ``context.db`` and so
follows. The conversion runs on the UI thread under a wait cursor, with no Cancel: the database
is closed meanwhile, so there is nothing the window could do, and a half-done conversion is
never visible (it writes a new file and renames it at the end). Without the optional SQLCipher
module the box says that this copy lacks it, with a link to how to get it: the README's section,
opened when the README is beside the program, its gist in a box otherwise — never a command line.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from assocdesk.services.changes import Changes
from assocdesk.storage import encryption
from assocdesk.storage.errors import DatabaseError
from assocdesk.storage.opening import open_database
from assocdesk.text.bidi import isolate_name
from ui.context import AppContext
from ui.dialogs.password_dialog import ProtectDialog, RemovePasswordDialog

# The README's section on password protection (a GitHub-style anchor of its heading).
README = Path(__file__).resolve().parents[2] / "README.md"
README_SECTION = "The journal and people's data"
README_ANCHOR = "the-journal-and-peoples-data"
HOW_TO_LINK = "assocdesk:password-protection"


def how_to_install_text() -> str:
    """What the README's section says, for a person and not a developer."""
    return _(
        "Password protection encrypts the database file with the optional SQLCipher module, "
        "and this copy of AssocDesk was installed without it. Ask whoever installed AssocDesk "
        "on this computer to install it with password protection; your data stays as it is. "
        "The README explains how, in its section “{section}”."
    ).format(section=isolate_name(README_SECTION))  # the README is in English


class ProtectionBox(QGroupBox):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Password protection"), parent)
        self.setObjectName("protection")
        self.context = context
        self.state = QLabel()
        self.state.setObjectName("protection_state")
        self.state.setWordWrap(True)
        self.state.linkActivated.connect(self.show_how_to_install)
        self.button = QPushButton()
        self.button.setObjectName("protection_button")
        self.button.clicked.connect(self.toggle)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeading)
        self.refresh()

    def refresh(self) -> None:
        if self.context.db.on_server:
            # The file's protection: a server keeps its data behind its logins (and TLS).
            try:
                self.context.db.file  # noqa: B018 — its refusal says why, in words
            except DatabaseError as exc:
                self.state.setTextFormat(Qt.TextFormat.PlainText)
                self.state.setText(str(exc))
            self.button.hide()
            return
        if not encryption.available():
            self.state.setTextFormat(Qt.TextFormat.RichText)
            self.state.setText(
                '{} <a href="{}">{}</a>'.format(
                    escape(
                        _("Password protection is not installed in this copy of AssocDesk."),
                        quote=False,
                    ),
                    HOW_TO_LINK,
                    escape(_("How to add it"), quote=False),
                )
            )
            self.button.hide()
            return
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.button.show()
        if encryption.is_encrypted(self.context.db.engine):
            self.state.setText(_("The database file is protected by a password."))
            self.button.setText(_("Remove the password…"))
        else:
            self.state.setText(
                _(
                    "The database file is not protected: anyone who gets this computer or "
                    "the file can read it."
                )
            )
            self.button.setText(_("Protect with a password…"))

    def show_how_to_install(self, _link: str = "") -> bool:
        """The README's section in the browser or an editor when the README is here (a copy
        run from its sources), else what it says; True if the README was opened."""
        if README.exists():
            url = QUrl.fromLocalFile(str(README))
            url.setFragment(README_ANCHOR)
            if QDesktopServices.openUrl(url):
                return True
        QMessageBox.information(self, _("Password protection"), how_to_install_text())
        return False

    # -- dialogs (tests replace these) -----------------------------------------------------
    def ask_new_password(self) -> str | None:
        dialog = ProtectDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.password.text()

    def ask_current_password(self) -> str | None:
        dialog = RemovePasswordDialog(str(self.context.db.path), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.password.text()

    # -- the conversion --------------------------------------------------------------------
    def toggle(self) -> bool:
        """Protect or unprotect; True when the file was converted."""
        if encryption.is_encrypted(self.context.db.engine):
            password = self.ask_current_password()
            if password is None:
                return False
            try:  # checked while the database is still open: a typo closes nothing
                encryption.check_password(self.context.db.path, password)
            except encryption.WrongPassword as exc:
                self.refresh()
                self.state.setText(f"{self.state.text()}\n{exc}")
                return False
            failure = self._convert(lambda p: encryption.decrypt(p, password), None)
            message = _("The password was removed.")
        else:
            password = self.ask_new_password()
            if password is None:
                return False
            failure = self._convert(lambda p: encryption.encrypt(p, password), password)
            message = _(
                "The database is now protected by a password. Older backups are not: "
                "delete them or keep them safe."
            )
        self.refresh()
        self.state.setText(f"{self.state.text()}\n{failure or message}")
        return not failure

    def _convert(
        self,
        convert: Callable[[Path], None],
        new_password: str | None,
    ) -> str:
        """Close, convert, reopen. On failure reopen as it was; returns why ("" if done)."""
        old_password = self.context.db.password  # None unless protected
        path = self.context.close_database()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            convert(path)
        except DatabaseError as exc:
            self.context.db = open_database(path, password=old_password)
            return str(exc)
        finally:
            QApplication.restoreOverrideCursor()
        self.context.db = open_database(path, password=new_password)
        self.context.publish(Changes.everything())  # the same records, through a new engine
        return ""
