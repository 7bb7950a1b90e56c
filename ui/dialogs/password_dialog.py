"""Password dialogs of the optional database protection (see assocdesk.storage.encryption).

``UnlockDialog`` asks for the password when the app opens a protected database, or a
protected backup is restored (:func:`ask_password`); ``ProtectDialog`` sets one, after saying
plainly that a lost password means lost data.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _, ngettext
from assocdesk.storage.encryption import MIN_PASSWORD_LENGTH
from assocdesk.storage.paths import display_path
from ui import theme


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UnlockDialog(QDialog):
    """The password of a protected database (``backup=False``) or of a protected backup."""

    def __init__(
        self, path: str, error: str = "", parent: QWidget | None = None, *, backup: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Protected backup") if backup else _("Protected database"))
        self.setMinimumWidth(460)
        if backup:
            text = _(
                "The backup {path} is protected by a password. Type the password the database "
                "had when the backup was made."
            )
        else:
            text = _("The database {path} is protected by a password.")
        intro = QLabel(text.format(path=display_path(path)))
        intro.setWordWrap(True)
        self.password = _password_edit()
        self.password.setObjectName("password")
        self.error = QLabel(error)
        self.error.setObjectName("error")
        theme.style(self.error, theme.Style.ERROR)
        self.error.setWordWrap(True)
        self.error.setVisible(bool(error))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Open"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)


def ask_password(
    path: str, error: str = "", *, backup: bool = False, parent: QWidget | None = None
) -> str | None:
    """The password typed in an UnlockDialog, or None if cancelled (tests replace callers)."""
    dialog = UnlockDialog(path, error, parent, backup=backup)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password.text()


class ProtectDialog(QDialog):
    """Choose a password; OK only once a backup is confirmed and both entries agree."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Protect the database with a password"))
        self.setMinimumWidth(520)
        warning = QLabel(
            "<p><b>{}</b></p><p>{}</p>".format(
                _(
                    "If the password is lost, the data is lost: nobody, not even AssocDesk's "
                    "makers, can open the database without it."
                ),
                _(
                    "Make a backup first and keep the password in a safe place (for example "
                    "a sealed envelope with the association's president)."
                ),
            )
        )
        warning.setWordWrap(True)
        theme.style(warning, theme.Style.ERROR)
        self.backed_up = QCheckBox(_("I have made a backup of the database."))
        self.backed_up.setObjectName("backed_up")
        self.password = _password_edit()
        self.password.setObjectName("password")
        self.confirmation = _password_edit()
        self.confirmation.setObjectName("confirmation")
        self.error = QLabel()
        self.error.setObjectName("error")
        theme.style(self.error, theme.Style.ERROR)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Protect"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Password"), self.password)
        form.addRow(_("Password again"), self.confirmation)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addWidget(self.backed_up)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def problem(self) -> str:
        """Why OK cannot be accepted yet ("" when it can)."""
        if not self.backed_up.isChecked():
            return _("Make a backup first, then tick the box.")
        if len(self.password.text()) < MIN_PASSWORD_LENGTH:
            return ngettext(
                "Choose a password of at least {count} character.",
                "Choose a password of at least {count} characters.",
                MIN_PASSWORD_LENGTH,
            ).format(count=MIN_PASSWORD_LENGTH)
        if self.password.text() != self.confirmation.text():
            return _("The two passwords are not the same.")
        return ""

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()


class RemovePasswordDialog(UnlockDialog):
    """Asks the current password before the protection is removed."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, "", parent)
        self.setWindowTitle(_("Remove the password"))
