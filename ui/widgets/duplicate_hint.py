"""A hint under a contact form: people already recorded who look like the one being typed.

It never blocks saving (two people may share a name); it lists the likely duplicates with a
link that opens the existing record instead. It looks after a pause in typing, with one indexed
query (assocdesk.services.duplicates.likely_duplicates), so typing never waits on it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from assocdesk.i18n import _, list_separator
from assocdesk.services.duplicates import DuplicatePair, likely_duplicates
from assocdesk.text.bidi import isolate_ltr
from ui import theme
from ui.context import AppContext
from ui.duplicate_reasons import reasons_text

CHECK_DELAY_MS = 300


class DuplicateHint(QLabel):
    open_requested = Signal(int)  # the id of the existing contact to open instead

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.exclude_id: int | None = None  # the contact being edited is not its own duplicate
        self.found: list[DuplicatePair] = []
        self.setObjectName("duplicate_hint")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        theme.style(self, theme.Style.HINT)
        self.linkActivated.connect(lambda link: self.open_requested.emit(int(link)))
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        self._edits: tuple[QLineEdit, QLineEdit, QLineEdit] | None = None
        self.hide()

    def watch(self, name: QLineEdit, phone: QLineEdit, email: QLineEdit) -> None:
        self._edits = (name, phone, email)
        for edit in self._edits:
            edit.textEdited.connect(lambda _text: self._timer.start())

    def check(self) -> None:
        if self._edits is None:
            return
        name, phone, email = (edit.text().strip() for edit in self._edits)
        if len(name) < 3 and len(phone) < 8 and "@" not in email:
            self.found = []
        else:
            exclude = self.exclude_id
            self.found = self.context.read(
                lambda s: likely_duplicates(s, name, phone, email, exclude_id=exclude)
            )
        self._show()

    def _show(self) -> None:
        if not self.found:
            self.hide()
            return
        lines = []
        for pair in self.found:
            other = pair.second
            details = list_separator().join(isolate_ltr(d) for d in (other.phone, other.email) if d)
            lines.append(
                f'<a href="{other.id}">{escape(other.name)}</a>'
                + (f" ({escape(details)})" if details else "")
                + f" — {escape(reasons_text(pair.reasons))}"
            )
        heading = escape(_("Already recorded?"))
        advice = escape(_("Click a name to open that record instead."))
        self.setText(f"<b>{heading}</b><br>" + "<br>".join(lines) + f"<br>{advice}")
        self.show()
