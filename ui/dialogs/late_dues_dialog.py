"""The late dues of a year: who owes what, a reminder to copy for each member who may be
contacted (WhatsApp, SMS), the reason for the others, and the list as a PDF for the board."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _, ngettext
from assocdesk.services import dues_reminders, dues_status
from assocdesk.text.bidi import isolate_ltr
from assocdesk.text.money import format_money
from ui.context import AppContext
from ui.widgets import screen_fit
from ui.widgets.tables import select_whole_row, table_item

COLUMNS = 5  # no., name, status, still due, reminder (a Copy button) or why not


class LateDuesDialog(QDialog):
    def __init__(self, context: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Late dues"))
        self.resize(screen_fit.bounded(self, 820, 520))
        self.late: list[dues_status.LateMember] = []
        self.reminders: dict[int, str | None] = {}
        self.preview: QWidget | None = None

        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(1900, 2199)
        self.year.setValue(year)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        self.pdf_button = QPushButton(_("Export to PDF…"))
        self.pdf_button.setObjectName("export_pdf")
        self.pdf_button.clicked.connect(self.export_pdf)
        top.addWidget(self.pdf_button)

        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("late_members")
        self.table.setHorizontalHeaderLabels(
            [_("No."), _("Member"), _("Status"), _("Still due"), _("Reminder")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.text = QPlainTextEdit()
        self.text.setObjectName("reminder_text")
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(110)
        self.text.setPlaceholderText(_("Select a member to see their reminder."))
        self.message = QLabel()
        self.message.setObjectName("message")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.text)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.year.valueChanged.connect(lambda _value: self.load())
        self.load()

    def load(self) -> None:
        year = self.year.value()

        def read(session):
            late = dues_status.late_members(session, year)
            return late, dues_reminders.reminders(session, late, year)

        self.late, self.reminders = self.context.read(read)
        locale = self.context.locale
        self.table.setRowCount(len(self.late))
        for row, member in enumerate(self.late):
            values = (
                isolate_ltr(member.number),
                member.name,
                dues_status.status_label(member.status),
                format_money(member.due_minor, member.currency, locale),
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, table_item(value, numeric=column == 3))
            if self.reminders.get(member.membership_id):
                button = QPushButton(_("Copy reminder"))
                button.setObjectName(f"copy_{member.membership_id}")
                button.clicked.connect(
                    lambda _checked=False, m=member.membership_id: self.copy_reminder(m)
                )
                self.table.setCellWidget(row, 4, button)
            else:
                self.table.setItem(row, 4, QTableWidgetItem(_(member.not_contacted_because)))
        self.table.resizeColumnsToContents()
        contactable = sum(1 for text in self.reminders.values() if text)
        late = ngettext(
            "{count} member owes dues for {year}.",
            "{count} members owe dues for {year}.",
            len(self.late),
        ).format(count=len(self.late), year=year)
        reachable = ngettext(
            "{count} of them may be reminded.", "{count} of them may be reminded.", contactable
        ).format(count=contactable)
        self.summary.setText(f"{late} {reachable}" if self.late else late)
        self.text.clear()

    def select_row(self, row: int) -> None:
        select_whole_row(self.table, row)

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        member = self.late[rows[0].row()]
        text = self.reminders.get(member.membership_id)
        self.text.setPlainText(text or _(member.not_contacted_because))

    def copy_reminder(self, membership_id: int) -> str | None:
        """Put one member's reminder on the clipboard; None for a member who may not be
        contacted (there is no button for them, but a keyboard or a test could still ask)."""
        text = self.reminders.get(membership_id)
        if not text:
            return None
        QGuiApplication.clipboard().setText(text)
        name = next(m.name for m in self.late if m.membership_id == membership_id)
        self.message.setText(
            _("The reminder for {name} was copied: paste it into WhatsApp or an SMS.").format(
                name=name
            )
        )
        return text

    def export_pdf(self) -> QWidget | None:
        from ui.dues_documents import preview_late_list

        self.preview = preview_late_list(self, self.context, self.year.value())
        return self.preview
