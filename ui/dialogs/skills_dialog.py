"""The shared skill list in one place: how much each skill is used; rename, merge, delete.

Renaming changes the skill on every volunteer and activity at once; merging folds two spellings
of one skill into one; deleting takes it off everyone, after saying how many it concerns.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _, current_language
from assocdesk.services import skills
from assocdesk.services.errors import EditConflict, NotFound, ValidationError
from assocdesk.text.bidi import isolate
from assocdesk.text.locales import format_number
from assocdesk.text.plurals import count_phrase
from ui import commands
from ui.context import AppContext
from ui.widgets import screen_fit


class SkillsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Skills"))
        self.setMinimumSize(screen_fit.bounded(self, 520, 420))
        self.rows: list[skills.SkillRow] = []
        hint = QLabel(
            _(
                "One list of skills for volunteers and activities. Renaming or merging here "
                "changes every volunteer and activity that has the skill."
            )
        )
        hint.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Skill"), _("Volunteers"), _("Activities")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.rename_button = QPushButton(_("Rename…"))
        self.merge_button = QPushButton(_("Merge into…"))
        self.delete_button = QPushButton(_("Delete"))
        self.rename_button.clicked.connect(self.rename_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        actions = QHBoxLayout()
        for button in (self.rename_button, self.merge_button, self.delete_button):
            button.setAutoDefault(False)
            actions.addWidget(button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        self.rows = self.context.read(skills.list_skills)
        locale = self.context.locale
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            self.table.setItem(i, 0, QTableWidgetItem(row.name))
            for column, value in ((1, row.volunteers), (2, row.activities)):
                item = QTableWidgetItem(format_number(value, locale))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(i, column, item)
        has_rows = bool(self.rows)
        for button in (self.rename_button, self.merge_button, self.delete_button):
            button.setEnabled(has_rows)

    def select(self, name: str) -> None:
        for i, row in enumerate(self.rows):
            if row.name == name:
                self.table.selectRow(i)

    def selected(self) -> skills.SkillRow | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.rows[chosen[0].row()] if chosen else None

    # -- questions (tests replace them) ------------------------------------------------------
    def ask_new_name(self, current: str) -> str | None:
        name, ok = QInputDialog.getText(self, _("Rename"), _("New name:"), text=current)
        return name if ok else None

    def ask_target(self, source: str, names: list[str]) -> str | None:
        name, ok = QInputDialog.getItem(
            self,
            _("Merge into…"),
            _("Merge “{name}” into:").format(name=isolate(source)),
            names,
            0,
            False,
        )
        return name if ok else None

    def confirm_delete(self, row: skills.SkillRow) -> bool:
        locale, language = self.context.locale, current_language()
        question = _("Delete “{name}”? It is taken off {volunteers} and {activities}.").format(
            name=row.name,
            volunteers=count_phrase(
                row.volunteers,
                "volunteer",
                language,
                number=format_number(row.volunteers, locale),
                case="genitive",
            ),
            activities=count_phrase(
                row.activities,
                "activity",
                language,
                number=format_number(row.activities, locale),
                case="genitive",
            ),
        )
        answer = QMessageBox.question(self, _("Delete"), question)
        return answer == QMessageBox.StandardButton.Yes

    # -- actions -----------------------------------------------------------------------------
    def _run(self, command, done: str) -> bool:  # type: ignore[no-untyped-def]
        try:
            commands.write(self.context, command)
        except EditConflict:  # renamed by someone else meanwhile: the list shows theirs
            chosen = self.selected()
            self.reload()
            kept = next((row for row in self.rows if chosen and row.id == chosen.id), None)
            if kept is not None:
                self.select(kept.name)
            self.message.setText(
                _(
                    "Someone else renamed this skill meanwhile: the list shows its name now. "
                    "Rename it again if you still want to."
                )
            )
            return False
        except (ValidationError, NotFound) as exc:
            self.message.setText(getattr(exc, "message", str(exc)))
            return False
        self.message.setText(done)
        self.reload()
        return True

    def rename_selected(self) -> bool:
        row = self.selected()
        if row is None:
            self.message.setText(_("Select a skill first."))
            return False
        name = self.ask_new_name(row.name)
        if name is None:
            return False
        ok = self._run(
            lambda s: skills.rename(s, row.id, name, row.version),
            _("“{old}” is now “{new}”.").format(old=row.name, new=name.strip()),
        )
        if ok:
            self.select(name.strip())
        return ok

    def merge_selected(self) -> bool:
        row = self.selected()
        if row is None:
            self.message.setText(_("Select a skill first."))
            return False
        others = [r for r in self.rows if r.id != row.id]
        if not others:
            self.message.setText(_("There is no other skill to merge into."))
            return False
        target_name = self.ask_target(row.name, [r.name for r in others])
        target = next((r for r in others if r.name == target_name), None)
        if target is None:
            return False
        ok = self._run(
            lambda s: skills.merge(s, row.id, target.id),
            _("“{source}” was merged into “{target}”.").format(
                source=isolate(row.name), target=isolate(target.name)
            ),
        )
        if ok:
            self.select(target.name)
        return ok

    def delete_selected(self) -> bool:
        row = self.selected()
        if row is None:
            self.message.setText(_("Select a skill first."))
            return False
        if not self.confirm_delete(row):
            return False
        return self._run(
            lambda s: skills.delete_skill(s, row.id),
            _("“{name}” was deleted.").format(name=isolate(row.name)),
        )
