"""The duplicate finder and the side-by-side merge.

The finder lists pairs that may be one person (same name in any spelling, same phone, same
e-mail) with the reason; a pair is merged after comparing it, or marked "not duplicates" and
never shown again. The merge dialog shows both records field by field: the person picks which
value to keep; donations, membership, volunteering and history of both are always kept.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from assocdesk import labels
from assocdesk.i18n import N_, _, current_language, list_separator, ngettext
from assocdesk.services import duplicates, merge
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.text.bidi import isolate_auto, isolate_ltr
from assocdesk.text.plurals import count_phrase
from ui import commands, theme
from ui.context import AppContext
from ui.duplicate_reasons import reasons_text
from ui.widgets import screen_fit

FIELD_LABELS = {
    "name": N_("Name"),
    "kind": N_("Person or organization"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "address": N_("Address"),
    "city": N_("City"),
    "country": N_("Country code"),
    "preferred_language": N_("Preferred language"),
    "notes": N_("Notes"),
}


class DuplicatesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pairs: list[duplicates.DuplicatePair] = []
        self.merge_dialog: MergeDialog | None = None
        self.setObjectName("duplicates_dialog")
        self.setWindowTitle(_("Find duplicates"))
        self.summary = QLabel()
        self.summary.setObjectName("duplicates_summary")
        self.table = QTableWidget()
        self.table.setObjectName("duplicates_table")
        self.table.setColumnCount(3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.compare_selected())
        self.compare_button = QPushButton(_("Compare and merge…"))
        self.compare_button.setObjectName("duplicates_compare")
        self.compare_button.clicked.connect(self.compare_selected)
        self.different_button = QPushButton(_("Not duplicates"))
        self.different_button.setObjectName("duplicates_different")
        self.different_button.clicked.connect(self.mark_different)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.different_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(screen_fit.bounded(self, 760, 480))
        self.refresh()

    def refresh(self) -> None:
        self.pairs = self.context.read(duplicates.find_duplicates)
        self.summary.setText(
            ngettext(
                "{count} pair may be the same person.",
                "{count} pairs may be the same person.",
                len(self.pairs),
            ).format(count=len(self.pairs))
            if self.pairs
            else _("No likely duplicates.")
        )
        self.table.clearContents()
        self.table.setRowCount(len(self.pairs))
        self.table.setHorizontalHeaderLabels([_("First record"), _("Second record"), _("Why")])
        for row, pair in enumerate(self.pairs):
            for column, text in enumerate(
                (_describe(pair.first), _describe(pair.second), reasons_text(pair.reasons))
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if self.pairs:
            self.table.selectRow(0)
        for button in (self.compare_button, self.different_button):
            button.setEnabled(bool(self.pairs))

    def selected(self) -> duplicates.DuplicatePair | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else self.table.currentRow()
        return self.pairs[row] if 0 <= row < len(self.pairs) else None

    def compare_selected(self) -> MergeDialog | None:
        pair = self.selected()
        if pair is None:
            return None
        dialog = MergeDialog(self.context, pair.first.id, pair.second.id, self)
        dialog.accepted.connect(self.refresh)
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def mark_different(self) -> None:
        pair = self.selected()
        if pair is None:
            return
        commands.write(
            self.context, lambda s: duplicates.mark_not_duplicates(s, pair.first.id, pair.second.id)
        )
        self.refresh()


def _describe(candidate: duplicates.Candidate) -> str:
    details = [isolate_ltr(d) for d in (candidate.phone, candidate.email) if d] + (
        [candidate.city] if candidate.city else []
    )
    return f"{candidate.name} ({list_separator().join(details)})" if details else candidate.name


def _summary(session: Session, contact_id: int) -> dict[str, str]:
    """A record's fields as shown, and what hangs off it (so nobody fears losing it)."""
    found = merge.summary(session, contact_id)
    values = dict(found.values)
    values["kind"] = labels.label("contact_kind", values["kind"])
    roles = [count_phrase(found.donations, "donation", current_language())]
    if found.membership_number:
        roles.append(_("member no. {number}").format(number=found.membership_number))
    if found.volunteer:
        roles.append(_("volunteer"))
    values["_roles"] = list_separator().join(roles)
    return values


class MergeDialog(QDialog):
    """Two records side by side; the first is kept and takes the chosen values of the second."""

    def __init__(
        self, context: AppContext, first_id: int, second_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.keep_id, self.other_id = first_id, second_id
        self.setObjectName("merge_dialog")
        self.setWindowTitle(_("Merge two records"))
        self.grid = QGridLayout()
        self.groups: dict[str, QButtonGroup] = {}
        self.error = QLabel()
        self.error.setObjectName("merge_error")
        theme.style(self.error, theme.Style.ERROR)
        self.error.setWordWrap(True)
        note = QLabel(
            _(
                "Choose the value to keep on each line. Donations, membership, volunteering and "
                "the history of both records are kept in the merged one."
            )
        )
        note.setWordWrap(True)
        swap = QPushButton(_("Swap sides"))
        swap.setObjectName("merge_swap")
        swap.clicked.connect(self.swap)
        buttons = QDialogButtonBox()
        self.merge_button = buttons.addButton(_("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("merge_confirm")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(self.grid)
        layout.addWidget(swap)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.fill()
        self.setMinimumWidth(screen_fit.bounded(self, 680, 0).width())

    def fill(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        first = self.context.read(lambda s: _summary(s, self.keep_id))
        second = self.context.read(lambda s: _summary(s, self.other_id))
        for column, title in ((1, _("Kept record")), (2, _("Merged into it"))):
            heading = QLabel(title)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.grid.addWidget(heading, 0, column)
        self.groups = {}
        for row, name in enumerate(merge.MERGE_FIELDS, start=1):
            mine, theirs = str(first[name]), str(second[name])
            self.grid.addWidget(QLabel(_(FIELD_LABELS[name])), row, 0)
            group = QButtonGroup(self)
            for column, value in ((1, mine), (2, theirs)):
                button = QRadioButton(isolate_auto(value.replace("\n", " ")[:60]) or "—")
                button.setObjectName(f"merge_{name}_{column}")
                group.addButton(button, column)
                self.grid.addWidget(button, row, column)
            group.button(1 if mine or not theirs else 2).setChecked(True)
            self.groups[name] = group
        last = len(merge.MERGE_FIELDS) + 1
        self.grid.addWidget(QLabel(_("Also has")), last, 0)
        self.grid.addWidget(QLabel(first["_roles"]), last, 1)
        self.grid.addWidget(QLabel(second["_roles"]), last, 2)

    def swap(self) -> None:
        self.keep_id, self.other_id = self.other_id, self.keep_id
        self.fill()

    def taken_from_other(self) -> list[str]:
        return [name for name, group in self.groups.items() if group.checkedId() == 2]

    def accept(self) -> None:
        keep, other, chosen = self.keep_id, self.other_id, self.taken_from_other()
        try:
            commands.write(self.context, lambda s: merge.merge(s, keep, other, chosen))
        except (ValidationError, NotFound) as exc:
            self.error.setText(getattr(exc, "message", str(exc)))
            return
        super().accept()
