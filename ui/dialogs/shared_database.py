"""Settings → "Use a shared database…": connect this desk to the association's database on a
PostgreSQL server (an office with several desks), and move the data there, or start, or open.

The person types the server, the database and her PostgreSQL login; "Test the connection"
(Enter) says beside the field that is wrong what went wrong, or what the database holds. Then:

- an empty database: "Move this database to the server" copies every record of the open file
  into it (in the background, with progress and Cancel; compared with its source before it is
  committed, the file left as it was), or "Start with an empty shared database";
- a database of AssocDesk: "Open it".

It ends with ``database`` open; Settings switches the window to it and remembers the address
(never the password: that goes to the keyring, when asked and when there is one).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from assocdesk.storage.engine import Database
from assocdesk.storage.errors import DatabaseError, DatabaseTooNew, NotAnAssocDeskDatabase
from assocdesk.storage.location import (
    ServerAddress,
    UnusableAddress,
    address_from_fields,
    parse_address,
)
from assocdesk.storage.opening import open_database
from assocdesk.storage.server import NotPostgreSQL, ServerLoginRefused, ServerUnreachable
from assocdesk.storage.server_opening import holds_no_records
from assocdesk.storage.transfer import TransferCancelled
from ui import theme, workers
from ui.context import AppContext
from ui.dialogs import password_dialog
from ui.widgets.fields import left_to_right
from ui.widgets.progress_panel import ProgressPanel
from ui.widgets.screen_fit import fit_to_screen

DEFAULT_PORT = 5432

# Which field a refusal is shown beside (the first class that matches; else under the buttons).
ERROR_FIELDS: tuple[tuple[type[BaseException], str], ...] = (
    (ServerLoginRefused, "password"),  # a missing password too (ServerPasswordRequired)
    (ServerUnreachable, "host"),
    (NotPostgreSQL, "host"),
    (UnusableAddress, "host"),
    (NotAnAssocDeskDatabase, "database"),
    (DatabaseTooNew, "database"),
)


class SharedDatabaseDialog(QDialog):
    """Where the shared database is, tested; ``exec()`` Accepted leaves it open in
    ``database`` (its address in ``address``)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.database: Database | None = None
        self.address: ServerAddress | None = None
        self.empty: bool | None = None  # what the last successful test found
        self.job: workers.Job | None = None
        self.setWindowTitle(_("Use a shared database"))
        self.setMinimumWidth(520)
        intro = QLabel(
            _(
                "Several computers can work on one database kept on a PostgreSQL server of "
                "the association. Its administrator creates an empty database and a login for "
                "each person; type them here."
            )
        )
        intro.setWordWrap(True)
        self.host = left_to_right(QLineEdit())
        self.host.setPlaceholderText(_("name or address, e.g. 192.168.1.10"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.name = left_to_right(QLineEdit())
        self.user = left_to_right(QLineEdit())
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(_("Remember the password on this computer"))
        why_not = password_dialog.remembering_unavailable()
        self.remember.setEnabled(not why_not)
        self.remember.setToolTip(why_not)
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        for key, label, widget in (
            ("host", _("Server"), self.host),
            ("port", _("Port"), self.port),
            ("database", _("Database"), self.name),
            ("user", _("Login"), self.user),
            ("password", _("Password"), self.password),
        ):
            widget.setObjectName(key)
            self.form.addRow(label, self._with_error(key, widget))
        self.remember.setObjectName("remember")
        self.form.addRow("", self.remember)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        if why_not:  # under the form: a wrapped label in a form row is cut at the side
            note = QLabel(why_not)
            note.setObjectName("remember_unavailable")
            note.setWordWrap(True)
            theme.style(note, theme.Style.MUTED)
            layout.addWidget(note)
        test_row, choices = self._actions()
        layout.addLayout(test_row)
        self.outcome = QLabel()
        self.outcome.setObjectName("result")
        self.outcome.setWordWrap(True)
        self.outcome.hide()
        layout.addWidget(self.outcome)
        layout.addLayout(choices)  # under what the test found, once it found it
        self.progress = ProgressPanel()
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for edit in (self.host, self.name, self.user, self.password):
            edit.textEdited.connect(self._untested)
        self.port.valueChanged.connect(self._untested)
        self._fill_in()
        self._untested()

    def _with_error(self, key: str, widget: QWidget) -> QWidget:
        """The field with its error line under it, hidden until a test finds it wrong."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel()
        error.setObjectName(f"{key}_error")
        error.setWordWrap(True)
        theme.style(error, theme.Style.ERROR)
        error.hide()
        column.addWidget(error)
        self.errors[key] = error
        box.setFocusProxy(widget)
        return box

    def _actions(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        self.test_button = QPushButton(_("Test the connection"))
        self.test_button.setObjectName("test_connection")
        self.test_button.clicked.connect(self.test)
        self.move_button = QPushButton(_("Move this database to the server"))
        self.move_button.setObjectName("move_here")
        self.move_button.clicked.connect(self.move_data)
        self.empty_button = QPushButton(_("Start with an empty shared database"))
        self.empty_button.setObjectName("start_empty")
        self.empty_button.clicked.connect(self.start_empty)
        self.open_button = QPushButton(_("Open it"))
        self.open_button.setObjectName("open_shared")
        self.open_button.clicked.connect(self.open_existing)
        test_row, choices = QHBoxLayout(), QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        for button in (self.move_button, self.empty_button, self.open_button):
            choices.addWidget(button)
        choices.addStretch(1)
        return test_row, choices

    def _fill_in(self) -> None:
        """The shared database open now, or the one chosen last, else the login's default."""
        current = self.context.db.server
        if current is None and self.context.preferences.shared_database:
            try:
                current = parse_address(self.context.preferences.shared_database)
            except UnusableAddress:
                current = None
        if current is None:
            return
        self.host.setText(current.host)
        # A socket's port is in the query (?host=/run/postgresql&port=5433).
        self.port.setValue(int(current.url.query.get("port") or current.url.port or DEFAULT_PORT))
        self.name.setText(current.database)
        self.user.setText(current.user)
        remembered = current.url.password or password_dialog.remembered_password(current)
        if remembered:
            self.password.setText(remembered)
            self.remember.setChecked(self.remember.isEnabled())

    # -- testing ---------------------------------------------------------------------------
    def _untested(self, *_args: object) -> None:
        """A field changed: what was tested no longer holds; Enter tests again."""
        self.empty = None
        for button in (self.move_button, self.empty_button, self.open_button):
            button.hide()
        self._make_default(self.test_button)

    def _make_default(self, chosen: QPushButton) -> None:
        for button in (self.test_button, self.move_button, self.empty_button, self.open_button):
            button.setDefault(button is chosen)
            button.setAutoDefault(button is chosen)

    def show_error(self, error: BaseException | str) -> None:
        """``error`` beside the field it is about, else under the buttons."""
        key = ""
        if isinstance(error, BaseException):
            key = next((k for kind, k in ERROR_FIELDS if isinstance(error, kind)), "")
        label = self.errors.get(key)
        if label is None:
            self.say(str(error), theme.Style.ERROR)
            return
        label.setText(str(error))
        label.show()
        label.parentWidget().setFocus()

    def say(self, text: str, style: theme.Style = theme.Style.MUTED) -> None:
        """What the test (or the move) found, under the buttons; hidden when nothing."""
        self.outcome.setText(text)
        theme.style(self.outcome, style)
        self.outcome.setVisible(bool(text))
        if self.isVisible():  # room for the new lines and buttons, rather than cut ones
            fit_to_screen(self, grow_only=True)

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()
        self.say("")

    def missing(self) -> dict[str, str]:
        """The fields a test needs and are empty, with what to type there."""
        found = {}
        if not self.host.text().strip():
            found["host"] = _("Type the name or the address of the server.")
        if not self.name.text().strip():
            found["database"] = _("Type the name of the database on the server.")
        if not self.user.text().strip():
            found["user"] = _("Type your login on the server.")
        return found

    def typed_address(self) -> ServerAddress:
        return address_from_fields(
            self.host.text().strip(),
            self.port.value(),
            self.name.text().strip(),
            self.user.text().strip(),
        )

    def typed_password(self) -> str | None:
        return self.password.text() or None

    def test(self) -> bool:
        """Connect, and say what the database holds; True when it can be used."""
        self.clear_errors()
        self._untested()
        missing = self.missing()
        for key, message in missing.items():
            self.errors[key].setText(message)
            self.errors[key].show()
        if missing:
            self.errors[next(iter(missing))].parentWidget().setFocus()
            return False
        try:
            address = self.typed_address()
            password = self.typed_password()
            empty = workers.wait_for(
                lambda: holds_no_records(address, password),
                parent=self,
                label=_("Testing the connection…"),
            )
        except DatabaseError as exc:
            self.show_error(exc)
            return False
        self.address, self.empty = address, empty
        place = address.in_message()
        if empty:
            self.say(
                _("Connected: the database {database} on {host} is empty.").format(**place),
                theme.Style.SUCCESS,
            )
            on_file = not self.context.db.on_server
            self.move_button.setVisible(on_file)
            self.empty_button.show()
            self._make_default(self.move_button if on_file else self.empty_button)
        else:
            self.say(
                _("Connected: the database {database} on {host} holds AssocDesk data.").format(
                    **place
                ),
                theme.Style.SUCCESS,
            )
            self.open_button.show()
            self._make_default(self.open_button)
        return True

    # -- the three ends --------------------------------------------------------------------
    def open_existing(self) -> bool:
        """Open the database tested (an older one is upgraded on the server)."""
        return self._open(create=False)

    def start_empty(self) -> bool:
        """Set up the empty database tested, and work on it (the first run asks the profile)."""
        return self._open(create=True)

    def _open(self, *, create: bool) -> bool:
        address, password = self.address, self.typed_password()
        assert address is not None
        try:
            database = workers.wait_for(
                lambda: open_database(address, password=password, create=create),
                parent=self,
                label=_("Opening the shared database…"),
            )
        except DatabaseError as exc:
            self.show_error(exc)
            return False
        self._finish(database)
        return True

    def move_data(self) -> workers.Job:
        """Copy every record of the open file into the empty database tested, in the background;
        the file itself is not changed."""
        from assocdesk.usecases.moving import copy_whole

        address, password, source = self.address, self.typed_password(), self.context.db
        assert address is not None

        def work(progress: workers.Progress) -> Database:
            target = open_database(address, password=password, create=True)
            try:
                copy_whole(source, target, progress)
            except BaseException:
                target.close()
                raise
            return target

        job = workers.Job(work, cancelled_by=(TransferCancelled,))
        job.signals.finished.connect(self._finish)
        job.signals.failed.connect(self._move_failed)
        job.signals.cancelled.connect(self._move_stopped)
        self.job = job
        self.clear_errors()
        self._set_busy(True)
        self.progress.watch(job, _("Moving the data…"))
        return workers.start(job)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.test_button, self.move_button, self.empty_button, self.open_button):
            widget.setEnabled(not busy)
        for edit in (self.host, self.port, self.name, self.user, self.password):
            edit.setEnabled(not busy)

    def _move_failed(self, message: str) -> None:
        self.job = None
        self._set_busy(False)
        self.show_error(message)

    def _move_stopped(self) -> None:
        self.job = None
        self._set_busy(False)
        self.say(
            _("Stopped: nothing was moved; the shared database is still empty."), theme.Style.MUTED
        )

    def _finish(self, database: Database) -> None:
        self.job = None
        address = database.server
        assert address is not None
        password = self.typed_password()
        if password is not None and self.remember.isEnabled() and self.remember.isChecked():
            password_dialog.remember_password(address, password)
        elif self.remember.isEnabled():
            password_dialog.forget_password(address)
        self.database, self.address = database, address
        self.accept()

    def reject(self) -> None:
        """While the data is being moved, Cancel (or Esc) stops that, not the dialog."""
        if self.job is not None:
            self.job.cancel()
            return
        super().reject()
