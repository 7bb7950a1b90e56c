"""Password dialogs: the optional database protection (see assocdesk.storage.encryption), and
the login of a shared database on a server.

``UnlockDialog`` asks for the password when the app opens a protected database, or a
protected backup is restored (:func:`ask_password`); ``ProtectDialog`` sets one, after saying
plainly that a lost password means lost data. ``ServerLoginDialog`` asks for the PostgreSQL
login's password of a shared database, and may remember it in the computer's keyring
(:func:`remembered_password`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

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
from assocdesk.storage.engine import Database
from assocdesk.storage.location import ServerAddress
from assocdesk.storage.opening import open_database
from assocdesk.storage.paths import display_path
from assocdesk.storage.server import ServerLoginRefused, ServerPasswordRequired
from ui import theme


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _error_line(error: str) -> QLabel:
    """The refusal of the last try (a wrong password), shown under the field; hidden if none."""
    label = QLabel(error)
    label.setObjectName("error")
    theme.style(label, theme.Style.ERROR)
    label.setWordWrap(True)
    label.setVisible(bool(error))
    return label


def _open_or_cancel(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Open"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


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
        self.error = _error_line(error)
        buttons = _open_or_cancel(self)
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


class ServerLoginDialog(QDialog):
    """The password of the login ``address.user`` on the shared database ``address``.

    "Remember on this computer" stores it in the system's keyring; where there is none (a
    headless machine, no Secret Service) the box is disabled and says why.
    """

    def __init__(self, address: ServerAddress, error: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Shared database"))
        self.setMinimumWidth(460)
        intro = QLabel(
            _("The shared database {database} on {host} asks for the password of {user}.").format(
                **address.in_message()
            )
        )
        intro.setWordWrap(True)
        self.password = _password_edit()
        self.password.setObjectName("password")
        self.remember = QCheckBox(_("Remember on this computer"))
        self.remember.setObjectName("remember")
        why_not = remembering_unavailable()
        self.remember.setEnabled(not why_not)
        self.remember.setToolTip(why_not)
        self.error = _error_line(error)
        buttons = _open_or_cancel(self)
        form = QFormLayout()
        form.addRow(_("Password"), self.password)
        form.addRow("", self.remember)
        if why_not:
            note = QLabel(why_not)
            note.setObjectName("remember_unavailable")
            note.setWordWrap(True)
            theme.style(note, theme.Style.MUTED)
            form.addRow("", note)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)


def ask_server_password(
    address: ServerAddress, error: str = "", parent: QWidget | None = None
) -> tuple[str, bool] | None:
    """The password typed and whether to remember it, or None if cancelled."""
    dialog = ServerLoginDialog(address, error, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password.text(), dialog.remember.isEnabled() and dialog.remember.isChecked()


Ask = Callable[[str], tuple[str, bool] | None]


def open_with_login(address: ServerAddress, ask: Ask) -> Database | None:
    """Open the shared database at ``address``, asking (``ask(error)``: the password and
    whether to remember it, None for Cancel) as long as the server refuses the login; None if
    the person cancelled.

    A password remembered in the keyring is tried first, and forgotten if the server refuses
    it; a typed one is remembered once the server took it, when the person asked for that.
    Other refusals (unreachable, not AssocDesk's, too new) are raised as they are."""
    password = None if address.has_password else remembered_password(address)
    remembered, remember = password is not None, False
    while True:
        try:
            database = open_database(address, password=password)
        except ServerLoginRefused as exc:
            if remembered:
                forget_password(address)
                remembered = False
            answer = ask("" if isinstance(exc, ServerPasswordRequired) else str(exc))
            if answer is None:
                return None
            password, remember = answer
            continue
        if remember and password is not None:
            remember_password(address, password)
        return database


# -- passwords of shared databases remembered in the system's keyring -------------------------
KEYRING_SERVICE = "AssocDesk"


def keyring_key(address: ServerAddress) -> str:
    """``user@host/database``: one remembered password per login and database."""
    return f"{address.user}@{address.host}/{address.database}"


def _keyring():  # type: ignore[no-untyped-def]
    """The keyring module when a real backend stands behind it, else None.

    keyring's "fail" backend (priority 0: no Secret Service, no KWallet, a headless machine)
    raises on every call; it and a keyring that fails to load count as none."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring install must not stop the app
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def remembering_unavailable() -> str:
    """Why a password cannot be remembered on this computer ("" when it can)."""
    if _keyring() is None:
        return _(
            "This computer has no password keyring, so the password cannot be remembered: "
            "it is asked at each start."
        )
    return ""


def remembered_password(address: ServerAddress) -> str | None:
    """The password remembered for ``address``'s login, if any."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_key(address))
    except Exception:  # KeyringError, a locked wallet, a D-Bus failure: as if none
        return None


def remember_password(address: ServerAddress, password: str) -> bool:
    """Keep ``password`` in the keyring for ``address``'s login; False if it could not."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_key(address), password)
    except Exception:
        return False
    return True


def forget_password(address: ServerAddress) -> None:
    """Forget the remembered password (refused by the server, or no longer wanted)."""
    keyring = _keyring()
    if keyring is None:
        return
    with contextlib.suppress(Exception):  # PasswordDeleteError: there was none
        keyring.delete_password(KEYRING_SERVICE, keyring_key(address))
