"""Settings' "Shared database" box: where the data is (this computer's file or a shared
database on a server), and the switch between the two, without restarting.

"Use a shared database…" opens ui.dialogs.shared_database; once it leaves a database open, the
window is rebuilt on it (AppContext.switch_database) and the address is remembered, so the next
start opens it too. "Use this computer's file again" opens the file (locked, asked its password
if it has one) and forgets the address. Neither changes the other database.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from assocdesk.i18n import _
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import DatabaseError
from assocdesk.storage.location import ServerAddress, resolve
from assocdesk.storage.opening import open_database
from assocdesk.storage.paths import default_database_path, display_path
from ui import theme
from ui.context import AppContext


def local_file() -> Path:
    """This computer's file: ``$ASSOCDESK_DB`` when it names one, else the data folder's."""
    try:
        where = resolve(None)
    except DatabaseError:
        return default_database_path()
    return where if isinstance(where, Path) else default_database_path()


def shared_place(address: ServerAddress) -> str:
    """«the database X on Y (login Z)», isolated for Arabic text."""
    return _("the shared database {database} on {host} (login {user})").format(
        **address.in_message()
    )


def offer_the_file(refusal: str) -> bool:
    """At start, the shared database chosen in Settings would not open (``refusal``): whether
    to work on this computer's file instead (and forget the address), or quit."""
    box = QMessageBox(QMessageBox.Icon.Warning, "AssocDesk", refusal)
    use_file = box.addButton(_("Use this computer's file"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(use_file)
    box.exec()
    return box.clickedButton() is use_file


class SharedDatabaseBox(QGroupBox):
    def __init__(self, context: AppContext, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(_("Shared database"), parent)
        self.setObjectName("shared_database")
        self.context = context
        self.state = QLabel()
        self.state.setObjectName("shared_state")
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setObjectName("shared_message")
        self.message.setWordWrap(True)
        theme.style(self.message, theme.Style.ERROR)
        self.message.hide()
        self.use_button = QPushButton(_("Use a shared database…"))
        self.use_button.setObjectName("use_shared")
        self.use_button.clicked.connect(self.use_shared)
        self.file_button = QPushButton(_("Use this computer's file again"))
        self.file_button.setObjectName("use_file")
        self.file_button.clicked.connect(self.use_file)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.use_button)
        row.addWidget(self.file_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        server = self.context.db.server
        if server is None:
            self.state.setText(
                _(
                    "AssocDesk works on this computer's file {path}. An office with several "
                    "computers can share one database on a PostgreSQL server instead."
                ).format(path=display_path(self.context.db.path or ""))
            )
        else:
            self.state.setText(
                _(
                    "AssocDesk works on {place}. What is saved here is seen at once on the other "
                    "computers that use it."
                ).format(place=shared_place(server))
            )
        self.file_button.setVisible(server is not None)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- dialogs (tests replace these) -----------------------------------------------------
    def ask_shared(self) -> Database | None:
        """The shared database chosen and opened in the dialog, None if cancelled."""
        from ui.dialogs.shared_database import SharedDatabaseDialog

        dialog = SharedDatabaseDialog(self.context, self.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.database

    # -- switching -------------------------------------------------------------------------
    def use_shared(self) -> bool:
        """Choose a shared database and work on it from now on; True once switched."""
        self.show_message("")
        database = self.ask_shared()
        if database is None or database.server is None:
            return False
        # Remembered without its password: the keyring keeps that, if asked.
        self.context.preferences.shared_database = database.server.shown()
        self.context.switch_database(database)  # this box is rebuilt with the window
        return True

    def use_file(self) -> bool:
        """Work on this computer's file again (the one this session left, else the data
        folder's); True once switched. The shared database stays as it is, for the others."""
        from assocdesk.storage.lock import DatabaseLock

        self.show_message("")
        path = self.context.left_file or local_file()
        lock = DatabaseLock(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)  # never made when the server came first
            lock.acquire()  # another AssocDesk may have this file open
            opener = self.context.file_opener
            database = opener(path) if opener is not None else open_database(path)
        except (DatabaseError, OSError) as exc:
            lock.release()
            self.show_message(str(exc))
            return False
        if database is None:  # cancelled at its password, or a damaged file not restored
            lock.release()
            return False
        self.context.preferences.shared_database = ""
        self.context.switch_database(database, lock)
        return True
