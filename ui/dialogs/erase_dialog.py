"""The confirmation before erasing a person: names them, says what goes and what stays.

Erasing cannot be undone, so the Erase button stays disabled until the person responsible ticks
that they understand; Cancel is the default button.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from assocdesk.text.bidi import isolate
from ui import theme
from ui.widgets import screen_fit


class EraseDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Erase {name}").format(name=isolate(name)))
        self.setMinimumWidth(screen_fit.bounded(self, 560, 0).width())
        question = _("Erase all personal data of {name}?").format(name=isolate(name))
        heading = QLabel(f"<h3>{question}</h3>")
        heading.setWordWrap(True)
        erased = _(
            "Their name, phone, e-mail, address, city, notes, consents and the “minor” mark are "
            "deleted, also from the journal's history. The record is renamed “Erased person” "
            "and archived."
        )
        kept = _(
            "Their donations stay in the accounts as anonymous gifts, with the same receipt "
            "numbers and amounts; receipts already printed are not changed. Memberships and "
            "volunteer hours stay, anonymous."
        )
        backups = _(
            "Older backups and exported files still hold their data: delete or protect them "
            "according to your rules. Their name, phone, e-mail and address are also removed "
            "wherever they were copied: merged duplicates, the journal, gifts in kind, donation "
            "and dues notes, photo captions, published posts and other contacts' notes. An "
            "activity's or campaign's description is not changed."
        )
        body = QLabel(
            "<p>{}</p><p>{}</p><p><b>{}</b></p><p>{}</p>".format(
                erased,
                kept,
                backups,
                _("This cannot be undone. Export their data first if they asked for a copy."),
            )
        )
        body.setWordWrap(True)
        self.understood = QCheckBox(
            _("I understand that {name}'s data will be erased for good.").format(name=isolate(name))
        )
        self.understood.setObjectName("understood")
        theme.style(self.understood, theme.Style.ERROR)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.erase_button = self.buttons.addButton(
            _("Erase for good"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setObjectName("erase")
        self.erase_button.setEnabled(False)
        self.erase_button.setAutoDefault(False)
        self.understood.toggled.connect(self.erase_button.setEnabled)
        self.erase_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addWidget(self.understood)
        layout.addWidget(self.buttons)
