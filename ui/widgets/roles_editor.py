"""The roles an activity needs: one line per skill with how many volunteers, and "Add a role".

The skill box offers the shared skills and takes a new one typed in (it joins the shared list
when the activity is saved).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from assocdesk.services.activities import MAX_ROLE_COUNT


class RolesEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.skill_names: list[str] = []
        self.lines: list[tuple[QComboBox, QSpinBox, QToolButton]] = []
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.add_button = QPushButton(_("Add a role"))
        self.add_button.setObjectName("add_role")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda _checked=False: self.add_line())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(self.add_button)

    def set_skill_names(self, names: list[str]) -> None:
        self.skill_names = names

    def add_line(self, skill: str = "", count: int = 1) -> tuple[QComboBox, QSpinBox]:
        box = QComboBox()
        box.setEditable(True)
        box.addItems(self.skill_names)
        box.setCurrentText(skill)
        box.lineEdit().setPlaceholderText(_("Skill"))
        box.setAccessibleName(_("Skill"))
        number = QSpinBox()
        number.setRange(1, MAX_ROLE_COUNT)
        number.setValue(count)
        number.setSuffix(" " + _("volunteers"))
        number.setAccessibleName(_("How many volunteers"))
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip(_("Remove this role"))
        row = len(self.lines)
        self.grid.addWidget(box, row, 0)
        self.grid.addWidget(number, row, 1)
        self.grid.addWidget(remove, row, 2)
        line = (box, number, remove)
        self.lines.append(line)
        remove.clicked.connect(lambda _checked=False: self.remove_line(line))
        return box, number

    def remove_line(self, line: tuple[QComboBox, QSpinBox, QToolButton]) -> None:
        self.lines.remove(line)
        for widget in line:
            self.grid.removeWidget(widget)
            widget.deleteLater()

    def set_value(self, roles: list[tuple[str, int]]) -> None:
        for line in list(self.lines):
            self.remove_line(line)
        for skill, count in roles:
            self.add_line(skill, count)

    def value(self) -> dict[str, int]:
        """Skill → count; blank lines left out, a skill written twice counted once with both."""
        roles: dict[str, int] = {}
        for box, number, _remove in self.lines:
            name = box.currentText().strip()
            if name:
                roles[name] = roles.get(name, 0) + number.value()
        return roles
