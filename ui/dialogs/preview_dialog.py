"""Print preview of a PDF document (receipt, statement, summary, register): see it, print it,
save it.

The pages are rendered with PDFium (``pypdfium2``), not with Qt's own QtPdf: QtPdf ships only in
PySide6-Addons, a 59 MB download for this one viewer, while PySide6-Essentials (what we depend
on) lacks it. PDFium draws Arabic exactly as ReportLab laid it out.

Printing draws each page as an image at the printer's resolution (capped at 300 dpi, which is
sharp for text and keeps an A4 page near 25 MB in memory), one page per sheet. "Save as PDF"
writes the document's own bytes (ReportLab's), so the saved file is the document, not a re-print.

A receipt is previewed with an ``issuer`` (ui.issuing): the preview is then free, and printing or
saving is what issues it. Only once the print dialog (or the file chooser) was accepted is the
print counted, the receipt rendered as that count makes it (original or duplicate) and delivered,
in one transaction: what leaves is what is counted, and a failure counts nothing.

Keyboard: Ctrl+P print, Ctrl+S save, Ctrl++ / Ctrl+- zoom, Esc close.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSizeF, QStandardPaths, Qt, Signal
from PySide6.QtGui import (
    QKeySequence,
    QPageSize,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.storage.files import write_whole
from assocdesk.text.bidi import isolate_ltr, isolate_path, strip_isolates
from ui import theme, workers
from ui.issuing import Issued, ReceiptIssuer, issued_message, state_note
from ui.widgets import file_chooser, screen_fit
from ui.widgets.fields import choice_box, document_language_choices
from ui.widgets.pdf_view import PdfView, paint

if TYPE_CHECKING:  # QtPrintSupport is loaded only when printing
    from PySide6.QtPrintSupport import QPrinter

log = logging.getLogger("assocdesk.ui.preview")

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)


class PreviewDialog(QDialog):
    """Shows ``pdf``; ``file_name`` is suggested on save.

    With a ``renderer`` the dialog offers a language choice and calls ``renderer(language)``
    (None: the document's own rule) to draw the document again. A renderer only reads: showing
    a document, in any language, counts and issues nothing.

    With an ``issuer`` (a receipt) the renderer is the issuer's preview, and printing or saving
    issues the receipt (see the module's docstring); ``issued`` then says what was made.
    """

    issued = Signal(object)  # an ui.issuing.Issued, once the receipt left (or was issued)

    last_folder = ""  # where the last document was saved, proposed for the next one

    def __init__(
        self,
        pdf: bytes,
        title: str,
        file_name: str,
        parent: QWidget | None = None,
        *,
        renderer: Callable[[str | None], bytes] | None = None,
        language: str | None = None,
        issuer: ReceiptIssuer | None = None,
    ) -> None:
        super().__init__(parent)
        self.issuer = issuer
        if issuer is not None and renderer is None:
            renderer = issuer.preview
        self.setObjectName("preview_dialog")
        self.setWindowTitle(title)
        self.pdf = pdf
        self.file_name = file_name
        self.renderer = renderer

        self.print_button = QPushButton(_("Print…"))
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.clicked.connect(self.print_)
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.zoom_out_button = QPushButton("−")
        self.zoom_out_button.setToolTip(_("Zoom out") + " (Ctrl+-)")
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_in_button = QPushButton("+")
        self.zoom_in_button.setToolTip(_("Zoom in") + " (Ctrl++)")
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(1))
        # Shortcuts, not button mnemonics: a button's shortcut "animates" a click 100 ms later.
        # Ctrl++ is Ctrl+Shift+= on many keyboards: Ctrl+= zooms in too.
        for keys, slot in (
            (QKeySequence.StandardKey.Print, self.print_),
            (QKeySequence.StandardKey.Save, self.save),
            (QKeySequence.StandardKey.ZoomIn, lambda: self.step_zoom(1)),
            ("Ctrl+=", lambda: self.step_zoom(1)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.step_zoom(-1)),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(36)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoom")
        self.page_count = QLabel()
        self.page_count.setObjectName("page_count")
        self.language = choice_box(document_language_choices(), language)
        self.language.setObjectName("document_language")
        self.language.setToolTip(_("Language of the document"))
        self.language.setVisible(renderer is not None)
        self._shown_language = self.language.currentIndex()
        self.language.currentIndexChanged.connect(self._language_changed)
        language_label = QLabel(_("Language"))
        language_label.setBuddy(self.language)
        language_label.setVisible(renderer is not None)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.issue_note = QLabel()
        self.issue_note.setObjectName("issue_note")
        self.issue_note.setWordWrap(True)
        theme.style(self.issue_note, theme.Style.NOTE)
        self.issue_note.setVisible(issuer is not None)
        self.issue_button = QPushButton(_("Issue without printing…"))
        self.issue_button.setObjectName("issue_unprinted")
        self.issue_button.setToolTip(
            _("For a receipt handed over another way: printed elsewhere, or written by hand.")
        )
        self.issue_button.clicked.connect(self.issue_unprinted)
        self.issue_button.setVisible(False)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)  # Esc too, as in every QDialog

        bar = QHBoxLayout()
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.issue_button)
        bar.addSpacing(16)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in_button)
        bar.addSpacing(16)
        bar.addWidget(self.page_count)
        bar.addStretch(1)
        bar.addWidget(language_label)
        bar.addWidget(self.language)
        bar.addWidget(close)

        self.view = PdfView()
        self.view.setObjectName("pdf_view")

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.issue_note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self._fit_to_screen()
        self.show_pdf(pdf, fit=True)
        self._show_issue_state()

    def _fit_to_screen(self) -> None:
        """A page's height where the screen has it, never past the screen's edge."""
        self.resize(screen_fit.bounded(self, 900, 1000))

    # -- showing -------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.view.zoom

    @property
    def page_labels(self) -> list[QLabel]:
        return self.view.page_labels

    def show_pdf(self, pdf: bytes, *, fit: bool = False) -> None:
        """Show new bytes (the same document in another language, or a first load); ``fit``
        starts at 100 % or smaller, so that a whole page width shows without scrolling."""
        self.pdf = pdf
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.view.set_pdf(pdf)
            if fit:
                room = self.width() - 80  # the scroll bar, margins and the page's border
                self.view.set_zoom(max(ZOOMS[0], min(1.0, self.view.fit_width_zoom(room))))
        finally:
            QApplication.restoreOverrideCursor()
        self.page_count.setText(_("Pages: {count}").format(count=len(self.view.sizes)))
        self._zoom_changed()

    def _zoom_changed(self) -> None:
        self.zoom_label.setText(isolate_ltr(f"{round(self.zoom * 100)}%"))
        self.zoom_out_button.setEnabled(self.zoom > ZOOMS[0])
        self.zoom_in_button.setEnabled(self.zoom < ZOOMS[-1])

    def step_zoom(self, steps: int) -> None:
        index = min(range(len(ZOOMS)), key=lambda i: abs(ZOOMS[i] - self.zoom))
        new = ZOOMS[max(0, min(len(ZOOMS) - 1, index + steps))]
        if new != self.zoom:
            self.view.set_zoom(new)
            self._zoom_changed()

    def done(self, result: int) -> None:
        super().done(result)
        self.view.close_document()  # PDFium's memory goes now, not at garbage collection

    def _language_changed(self) -> None:
        if self.renderer is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pdf = self._render(self.language.currentData())
        except Exception as exc:  # a document that cannot be drawn must not close the preview
            log.exception("re-rendering a document failed")
            QApplication.restoreOverrideCursor()
            # The box must name the language of what is shown, printed and saved.
            self.language.blockSignals(True)
            self.language.setCurrentIndex(self._shown_language)
            self.language.blockSignals(False)
            self.show_error(_("The document could not be drawn: {error}").format(error=exc))
            return
        QApplication.restoreOverrideCursor()
        self._shown_language = self.language.currentIndex()
        self.show_pdf(pdf)

    def _render(self, language: str | None) -> bytes:
        """Draw the document again (ReportLab) on the quick thread; the window keeps painting."""
        renderer = self.renderer
        assert renderer is not None
        return workers.wait_for(
            lambda: renderer(language), parent=self, label=_("Preparing the document…")
        )

    # -- printing ------------------------------------------------------------------------
    def ask_printer(self) -> QPrinter | None:
        """The print dialog; None if cancelled. Tests replace this method."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.prepare_printer(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return printer

    def prepare_printer(self, printer: QPrinter) -> None:
        """Paper of the document's own size (an A5 receipt on A5), whole sheet addressable."""
        printer.setDocName(strip_isolates(self.windowTitle()))  # no marks in a job or PDF title
        printer.setFullPage(True)
        if self.view.sizes:
            width, height = self.view.sizes[0]
            printer.setPageSize(
                QPageSize(
                    QSizeF(width, height),
                    QPageSize.Unit.Point,
                    "",
                    QPageSize.SizeMatchPolicy.FuzzyMatch,
                )
            )

    def print_(self) -> bool:
        printer = self.ask_printer()
        if printer is None:
            return False  # a cancelled print dialog: nothing left, nothing counted
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Print the document; a receipt is issued by it, and printed as what that makes it."""
        done = _("Sent to the printer.")
        if self.issuer is not None:
            return self._issue(lambda pdf: paint(printer, pdf), done, str)
        try:
            paint(printer, self.pdf)
        except Exception as exc:
            log.exception("printing failed")
            self.show_error(str(exc))
            return False
        self.status.setText(done)
        return True

    # -- saving --------------------------------------------------------------------------
    def ask_save_path(self) -> str:
        """The file chooser; "" if cancelled."""
        folder = PreviewDialog.last_folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return file_chooser.ask_save_path(
            self, _("Save as PDF"), Path(folder) / self.file_name, _("PDF documents (*.pdf)")
        )

    def save(self) -> bool:
        path = self.ask_save_path()
        if not path:
            return False
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the document (a receipt: issue it, and write what that makes it); a clear
        message if that is impossible. Never a truncated file in place of the old one."""
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")

        def failed(exc: Exception) -> str:
            error = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            return _("The file could not be saved to {path}: {error}").format(
                path=isolate_path(path), error=error
            )

        done = _("Saved to {path}").format(path=isolate_path(path))
        if self.issuer is not None:
            saved = self._issue(lambda pdf: write_whole(path, pdf), done, failed)
        else:
            try:
                write_whole(path, self.pdf)
            except OSError as exc:
                self.show_error(failed(exc))
                return False
            self.status.setText(done)
            saved = True
        if saved:
            PreviewDialog.last_folder = str(path.parent)
        return saved

    # -- issuing a receipt -----------------------------------------------------------------
    def _issue(
        self, deliver: Callable[[bytes], None], done: str, failed: Callable[[Exception], str]
    ) -> bool:
        """Issue the receipt through ``deliver`` (one transaction); tell what it made."""
        assert self.issuer is not None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            issued = self.issuer.issue(self.language.currentData(), deliver)
        except (ValidationError, NotFound) as exc:
            QApplication.restoreOverrideCursor()
            self.show_error(exc.message)
            return False
        except Exception as exc:  # printer, disk, renderer: nothing was counted
            QApplication.restoreOverrideCursor()
            log.exception("issuing a receipt failed")
            self.show_error(failed(exc))
            return False
        QApplication.restoreOverrideCursor()
        self.status.setText(f"{done} — {issued_message(issued)}")
        self._issued(issued)
        return True

    def confirm_issue(self) -> bool:
        """Ask before issuing without printing (tests replace this method)."""
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            _("Issue the original now?")
            + "\n\n"
            + _(
                "Do this only if this receipt was handed over another way (printed on another "
                "computer, written in the receipt book). Prints made here will then be duplicates."
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def issue_unprinted(self) -> bool:
        if self.issuer is None or not self.confirm_issue():
            return False
        try:
            issued = self.issuer.issue_unprinted()
        except (ValidationError, NotFound) as exc:  # issued meanwhile, from elsewhere
            self.show_error(exc.message)
            self._show_issue_state()
            return False
        self.status.setText(issued_message(issued))
        self._issued(issued)
        return True

    def _issued(self, issued: Issued) -> None:
        """Show the receipt as the next print will be (a duplicate now), then tell the page."""
        self._show_issue_state()
        if self.renderer is not None:
            try:
                self.show_pdf(self._render(self.language.currentData()))
            except Exception:  # the receipt was issued all the same; the old view stays
                log.exception("re-rendering an issued receipt failed")
        self.issued.emit(issued)

    def _show_issue_state(self) -> None:
        if self.issuer is None:
            return
        try:
            state = self.issuer.state()
        except Exception:  # a note that cannot be read must not stop the preview
            log.exception("reading a receipt's state failed")
            return
        self.issue_note.setText(state_note(state, self.issuer.context.locale))
        self.issue_button.setVisible(not state.issued)

    def show_error(self, message: str) -> None:
        QMessageBox.critical(self, self.windowTitle(), message)
