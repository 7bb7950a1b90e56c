"""An inline progress bar with a Cancel button, bound to one background job at a time.

Inline rather than a modal QProgressDialog: a year's statements can take minutes, and the
secretary may keep working elsewhere in the app meanwhile; the page that started the job
disables its own start buttons while it runs (see :attr:`busy`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from assocdesk.i18n import _
from ui.workers import Job


class ProgressPanel(QWidget):
    busy_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        self.label = QLabel()
        self.label.setObjectName("progress_label")
        self.bar = QProgressBar()
        self.bar.setObjectName("progress_bar")
        self.bar.setMinimumWidth(200)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("cancel_job")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.hide()

    @property
    def busy(self) -> bool:
        return self.job is not None

    def watch(self, job: Job, label: str) -> None:
        """Show ``job``'s progress until it reports; the caller connects to its result."""
        self.job = job
        self.label.setText(label)
        self.bar.setRange(0, 0)  # busy indicator until the first progress report
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(_("Cancel"))
        job.signals.progress.connect(self._progress)
        for signal in (job.signals.finished, job.signals.failed, job.signals.cancelled):
            signal.connect(self._ended)
        self.show()
        self.busy_changed.emit(True)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText(_("Stopping…"))

    def _progress(self, done: int, total: int) -> None:
        if self.job is None:
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        self.bar.setFormat(f"{done} / {total}")

    def _ended(self, *_args: object) -> None:
        self.job = None
        self.hide()
        self.busy_changed.emit(False)
