"""An activity's volunteers: the roles still missing, suggestions with their reasons and a
one-click "Assign", then who came and for how long.

Assigning and taking someone off are saved at once (they change who is booked, which the next
suggestions must see), each with an Undo beside its message (and Ctrl+Z while it shows);
attendance and hours are typed for everyone, then saved together.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from assocdesk.i18n import _, current_language, ngettext
from assocdesk.services import activities, hours, matching
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.text.bidi import isolate, isolate_auto, isolate_name
from assocdesk.text.locales import format_datetime, format_number
from assocdesk.text.plurals import count_phrase
from ui import commands, theme, undo
from ui.context import AppContext
from ui.widgets import screen_fit

MAX_HOURS = activities.MAX_MINUTES / 60


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(32)  # room for the buttons in the cells
    table.setWordWrap(False)
    return table


# The activity's title and start, its roles' status, and who is on it: read in one session.
Team = tuple[str, datetime, list[matching.RoleNeed], list[hours.AssignmentRow]]


class TeamDialog(QDialog):
    def __init__(
        self, context: AppContext, activity_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.activity_id = activity_id
        self.setWindowTitle(_("Volunteers and attendance"))
        self.setMinimumSize(screen_fit.bounded(self, 780, 600))
        self.team_rows: list[hours.AssignmentRow] = []
        self.suggestions: list[matching.Suggestion] = []
        self.suggesting = False  # the suggestions were asked for: refreshed after each change
        self.attendance: dict[int, tuple[QCheckBox, QDoubleSpinBox]] = {}

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.roles = QLabel()
        self.roles.setObjectName("roles")
        self.roles.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        team_box = QGroupBox(_("On this activity"))
        self.team = _table([_("Name"), _("Role"), _("Came"), _("Hours"), ""])
        self.team.setObjectName("team")
        header = self.team.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.total = QLabel()
        self.total.setObjectName("total")
        self.save_button = QPushButton(_("Save attendance"))
        self.save_button.setObjectName("save_attendance")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_attendance)
        team_footer = QHBoxLayout()
        team_footer.addWidget(self.total, 1)
        team_footer.addWidget(self.save_button)
        team_layout = QVBoxLayout(team_box)
        team_layout.addWidget(self.team, 1)
        team_layout.addLayout(team_footer)

        suggest_box = QGroupBox(_("Suggestions"))
        self.suggest_button = QPushButton(_("Suggest volunteers"))
        self.suggest_button.setObjectName("suggest")
        self.suggest_button.setAutoDefault(False)
        self.suggest_button.clicked.connect(self.suggest)
        hint = QLabel(
            _(
                "Ranked by the skills missing roles need, then by who is free at that time of "
                "that day. Someone already on another activity at the same time cannot be "
                "assigned."
            )
        )
        hint.setWordWrap(True)
        theme.style(hint, theme.Style.MUTED)
        self.suggested = _table([_("Name"), _("For the role"), _("Why"), ""])
        self.suggested.setObjectName("suggestions")
        header = self.suggested.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(self.suggest_button)
        suggest_layout = QVBoxLayout(suggest_box)
        suggest_layout.addLayout(top)
        suggest_layout.addWidget(self.suggested, 1)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.roles)
        layout.addWidget(team_box, 1)
        layout.addWidget(suggest_box, 1)
        self.undo_prompt = undo.UndoPrompt(context, self, QPushButton(), self._undone)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.undo_prompt.button)
        layout.addLayout(message_row)
        layout.addWidget(close)
        self.reload()

    # -- reading -----------------------------------------------------------------------------
    def reload(self) -> None:
        activity_id = self.activity_id

        def read(session: Session) -> Team:
            activity = activities.details(session, activity_id).values
            needs = matching.roles_status(session, activity_id)
            return activity.title, activity.starts_at, needs, hours.team(session, activity_id)

        title, starts_at, needs, self.team_rows = self.context.read(read)
        when = format_datetime(starts_at, self.context.locale)
        title = escape(isolate_name(title))
        self.heading.setText(f"{self._start()}<b>{title}</b> — {isolate_auto(when)}")
        self.roles.setText(self.roles_text(needs))
        self._fill_team()

    def roles_text(self, needs: list[matching.RoleNeed]) -> str:
        if not needs:
            return _("This activity lists no roles: add them in the activity's form.")
        parts = [
            _("{skill}: {assigned} of {needed}").format(
                skill=isolate_name(n.skill), assigned=n.assigned, needed=n.needed
            )
            for n in needs
        ]
        missing = matching.missing_summary(needs, isolate_name)
        status = (
            _("Still missing: {roles}").format(roles=missing)
            if missing
            else _("Every role is filled.")
        )
        return self._start() + " · ".join(parts) + " — " + status

    def _start(self) -> str:
        """A mark that gives a line the layout's direction, not its first word's (a title or
        skill in the other script)."""
        return "\u200f" if self.isRightToLeft() else "\u200e"

    def _fill_team(self) -> None:
        self.attendance.clear()
        self.team.setRowCount(len(self.team_rows))
        for i, row in enumerate(self.team_rows):
            self.team.setItem(i, 0, _cell(row.name))
            self.team.setItem(i, 1, _cell(row.role))
            came = QCheckBox()
            came.setChecked(row.attended)
            came.setAccessibleName(_("{name} came").format(name=isolate(row.name)))
            spent = QDoubleSpinBox()
            spent.setRange(0, MAX_HOURS)
            spent.setDecimals(2)
            spent.setSingleStep(0.5)
            spent.setValue(row.minutes / 60)
            spent.setAccessibleName(_("Hours of {name}").format(name=isolate(row.name)))
            spent.setEnabled(row.attended)
            came.toggled.connect(spent.setEnabled)
            came.toggled.connect(lambda _on: self._show_total())
            spent.valueChanged.connect(lambda _value: self._show_total())
            holder = QWidget()
            holder_layout = QHBoxLayout(holder)
            holder_layout.setContentsMargins(6, 0, 6, 0)
            holder_layout.addWidget(came, 0, Qt.AlignmentFlag.AlignCenter)
            self.team.setCellWidget(i, 2, holder)
            self.team.setCellWidget(i, 3, spent)
            remove = QPushButton(_("Take off"))
            remove.setAutoDefault(False)
            remove.clicked.connect(
                lambda _c=False, contact_id=row.contact_id: self.take_off(contact_id)
            )
            self.team.setCellWidget(i, 4, remove)
            self.attendance[row.contact_id] = (came, spent)
        self.save_button.setEnabled(bool(self.team_rows))
        self._show_total()

    def _show_total(self) -> None:
        came = [spent.value() for box, spent in self.attendance.values() if box.isChecked()]
        locale = self.context.locale
        spent = round(sum(came), 2)
        self.total.setText(
            _("{attendance}, {hours} in all").format(
                attendance=ngettext("{count} person came", "{count} people came", len(came)).format(
                    count=format_number(len(came), locale)
                ),
                # «بمجموع ساعتين»: the hours follow a preposition in Arabic
                hours=count_phrase(
                    spent,
                    "hour",
                    current_language(),
                    number=format_number(spent, locale),
                    case="genitive",
                ),
            )
        )

    # -- suggestions -------------------------------------------------------------------------
    def suggest(self) -> list[matching.Suggestion]:
        self.suggesting = True
        self.suggestions = self.context.read(
            lambda s: matching.suggest(s, self.activity_id, limit=30, mark=isolate_name)
        )
        self.suggested.setRowCount(len(self.suggestions))
        for i, suggestion in enumerate(self.suggestions):
            self.suggested.setItem(i, 0, _cell(suggestion.name))
            self.suggested.setItem(i, 1, _cell(suggestion.skill or "—"))
            why = _cell(suggestion.explanation())
            why.setToolTip(suggestion.explanation())
            if not suggestion.assignable:
                theme.colour_item(why, theme.Role.ERROR)
            self.suggested.setItem(i, 2, why)
            button = QPushButton(_("Assign"))
            button.setAutoDefault(False)
            button.setEnabled(suggestion.assignable)
            button.setObjectName(f"assign_{suggestion.contact_id}")
            button.clicked.connect(lambda _c=False, chosen=suggestion: self.assign(chosen))
            self.suggested.setCellWidget(i, 3, button)
        if not self.suggestions:
            self.say(_("No volunteer to suggest."))
        return self.suggestions

    def assign(self, suggestion: matching.Suggestion) -> bool:
        activity_id, contact_id, skill_id = (
            self.activity_id,
            suggestion.contact_id,
            suggestion.skill_id,
        )
        return self._run_undoable(
            lambda s: matching.assign_suggested(s, activity_id, contact_id, skill_id),
            _("{name} was assigned.").format(name=isolate(suggestion.name)),
            suggestion.name,
        )

    def take_off(self, contact_id: int) -> bool:
        name = next((r.name for r in self.team_rows if r.contact_id == contact_id), "")
        activity_id = self.activity_id
        return self._run_undoable(
            lambda s: activities.unassign(s, activity_id, contact_id),
            _("{name} was taken off the activity.").format(name=isolate(name)),
            name,
        )

    # -- messages and undo -------------------------------------------------------------------
    def say(self, text: str, offer: undo.Offer | None = None) -> None:
        """The dialog's message line; with ``offer``, an Undo button beside it (and Ctrl+Z)."""
        theme.style(self.message, None)
        self.message.setText(text)
        self.undo_prompt.set_offer(offer)

    def _refresh(self) -> None:
        """The team and, if they were asked for, the suggestions, after a change of who is on."""
        self.reload()
        if self.suggesting:
            self.suggest()

    def _undone(self, text: str) -> None:
        """After Undo: the team and suggestions again, then what was undone (or why not)."""
        self._refresh()
        self.say(text)

    def _run_undoable(self, command, done: str, name: str) -> bool:  # type: ignore[no-untyped-def]
        try:
            _result, offer = undo.write(
                self.context, command, done, lambda kind: undo.undone_message(kind, name)
            )
        except (ValidationError, NotFound) as exc:
            self._failed(exc)
            return False
        self._refresh()
        self.say(done, offer)  # last: the suggestions may have said "No volunteer to suggest"
        return True

    def _failed(self, exc: ValidationError | NotFound) -> None:
        self.say(getattr(exc, "message", str(exc)))
        theme.style(self.message, theme.Style.ERROR)

    # -- attendance --------------------------------------------------------------------------
    def save_attendance(self) -> bool:
        entries = [
            hours.Attendance(contact_id, box.isChecked(), round(spent.value() * 60))
            for contact_id, (box, spent) in self.attendance.items()
        ]
        if not self._run(lambda s: hours.record_attendance(s, self.activity_id, entries)):
            return False
        self.say(_("Attendance saved."))
        self.reload()
        return True

    def _run(self, command) -> bool:  # type: ignore[no-untyped-def]
        try:
            commands.write(self.context, command)
        except (ValidationError, NotFound) as exc:
            self._failed(exc)
            return False
        return True
