"""Producing a document from a page: render it in one unit of work, then open the preview.

Pages call these helpers instead of the report modules directly, so each rule lives once:

- Showing a document, in any language, only reads. A receipt is issued when it leaves: printed
  or saved from its preview (ui.issuing), never when the preview opens.
- Report modules (ReportLab) are imported when a document is asked for, not at start-up.
- A document that cannot be produced says why in a message box; a bug is also logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy.orm import Session

from assocdesk.errors import UserError
from assocdesk.i18n import _
from assocdesk.text.bidi import isolate
from ui import issuing, workers
from ui.context import AppContext
from ui.dialogs.preview_dialog import PreviewDialog
from ui.issuing import Issued, ReceiptIssuer

log = logging.getLogger("assocdesk.ui.documents")
T = TypeVar("T")

Renderer = Callable[[str | None], bytes]  # language (None: the document's own rule) → PDF
ReceiptPrinter = Callable[[int], PreviewDialog | None]  # donation id → its receipt's preview


def produce(parent: QWidget, make: Callable[[], T]) -> T | None:
    """Run ``make`` with a wait cursor; None (after telling the person why) if it failed."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        try:  # ReportLab on the quick thread: the window keeps painting meanwhile
            return workers.wait_for(make, parent=parent, label=_("Preparing the document…"))
        finally:
            QApplication.restoreOverrideCursor()  # before any message box
    except UserError as exc:
        QMessageBox.information(parent, "AssocDesk", exc.message or str(exc))
        return None
    except Exception as exc:  # ReportLab, a font file, PDFium: logged, told, app kept alive
        log.exception("a document could not be produced")
        QMessageBox.critical(
            parent,
            "AssocDesk",
            _("The document could not be produced: {error}").format(error=exc),
        )
        return None


def open_preview(
    parent: QWidget,
    pdf: bytes,
    title: str,
    file_name: str,
    *,
    renderer: Renderer | None = None,
    language: str | None = None,
    issuer: ReceiptIssuer | None = None,
) -> PreviewDialog:
    """Open the preview window-modally (returns at once; deleted when closed)."""
    dialog = PreviewDialog(
        pdf, title, file_name, parent, renderer=renderer, language=language, issuer=issuer
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def read_renderer(context: AppContext, render: Callable[[Session, str | None], bytes]) -> Renderer:
    """A renderer that only reads (showing a document again never counts as a new one)."""
    return lambda language: context.read(lambda s: render(s, language))


# -- receipts -----------------------------------------------------------------------------------
def receipt_issuer(context: AppContext, donation_id: int) -> ReceiptIssuer:
    """A donation receipt's preview and issuing (see ui.issuing)."""
    return issuing.receipt_issuer(context, issuing.Book.DONATIONS, donation_id)


def preview_issuable(
    parent: QWidget, issuer: ReceiptIssuer, title: str, language: str | None = None
) -> PreviewDialog | None:
    """Preview a receipt as its next print would be; printing or saving it there issues it."""
    made = produce(parent, lambda: (issuer.state().number, issuer.preview(language)))
    if made is None:
        return None
    number, pdf = made
    return open_preview(
        parent,
        pdf,
        title.format(number=isolate(number)),
        f"{number}.pdf",
        language=language,
        issuer=issuer,
    )


def preview_receipt(
    parent: QWidget, context: AppContext, donation_id: int, language: str | None = None
) -> PreviewDialog | None:
    """A donation receipt's preview (counts nothing; see ui.issuing)."""
    return preview_issuable(
        parent, receipt_issuer(context, donation_id), _("Receipt {number}"), language
    )


def receipt_printer(
    parent: QWidget, context: AppContext, issued: Callable[[Issued], None] | None = None
) -> ReceiptPrinter:
    """What the donation form is handed for "Save and print receipt": the saved donation's
    receipt previewed over ``parent`` (the form is closing), then at once its print dialog.

    Printing issues the receipt, as Print… in the preview does (it is that very action): a
    cancelled print dialog leaves the preview open and issues nothing. ``issued`` hears what a
    print made (the page's status line).
    """

    def print_receipt(donation_id: int) -> PreviewDialog | None:
        preview = preview_receipt(parent, context, donation_id)
        if preview is None:
            return None
        if issued is not None:
            preview.issued.connect(issued)
        # Once the preview is up; never if it was closed first.
        QTimer.singleShot(0, preview, preview.print_)
        return preview

    return print_receipt


# -- statements and reports ------------------------------------------------------------------
def statement_renderer(context: AppContext, contact_id: int, year: int) -> Renderer:
    from assocdesk.reports.statement import render_statement

    return read_renderer(
        context, lambda s, language: render_statement(s, contact_id, year, language=language)
    )


def certificate_renderer(context: AppContext, contact_id: int, year: int) -> Renderer:
    from assocdesk.reports.certificate import render_certificate

    return read_renderer(
        context, lambda s, language: render_certificate(s, contact_id, year, language=language)
    )


def summary_renderer(context: AppContext, date_from: date, date_to: date) -> Renderer:
    from assocdesk.reports.summary import render_summary

    return read_renderer(
        context, lambda s, language: render_summary(s, date_from, date_to, language=language)
    )


def register_renderer(context: AppContext, year: int) -> Renderer:
    from assocdesk.reports.register import render_register

    return read_renderer(context, lambda s, language: render_register(s, year, language=language))


def preview_report(
    parent: QWidget,
    renderer: Renderer,
    language: str | None,
    title: str,
    file_name: str,
) -> PreviewDialog | None:
    """Render a read-only document and preview it, with its language changeable there."""
    pdf = produce(parent, lambda: renderer(language))
    if pdf is None:
        return None
    return open_preview(parent, pdf, title, file_name, renderer=renderer, language=language)
