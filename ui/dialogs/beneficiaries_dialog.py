"""Who the activities served, per year: done activities, people, and each group of people."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assocdesk import labels
from assocdesk.i18n import _
from assocdesk.services import beneficiaries
from assocdesk.text.locales import format_number
from ui.context import AppContext
from ui.widgets import screen_fit


class BeneficiariesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Beneficiaries by year"))
        self.setMinimumSize(screen_fit.bounded(self, 760, 320))
        hint = QLabel(
            _(
                "Done activities only. A person may belong to two groups (a mother and her "
                "family), so the groups need not add up to the people served."
            )
        )
        hint.setWordWrap(True)
        groups = labels.choices("beneficiary_group")
        headers = [_("Year"), _("Activities"), _("People served"), *(name for _c, name in groups)]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("beneficiaries")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        )
        self.table.horizontalHeader().setMinimumHeight(46)  # two lines for long group names
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.years = context.read(beneficiaries.totals_by_year)
        locale = context.locale
        self.table.setRowCount(len(self.years))
        for i, year in enumerate(self.years):
            values = [
                str(year.year),
                format_number(year.activities, locale),
                format_number(year.people, locale),
                *(format_number(year.group(code), locale) for code, _name in groups),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(i, column, item)
        empty = QLabel(_("No done activity recorded yet."))
        empty.setVisible(not self.years)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(empty)
        layout.addWidget(close)
