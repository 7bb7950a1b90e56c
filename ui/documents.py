"""Producing a document from a page: render it in one unit of work, then open the preview.

Pages call these helpers instead of the report modules directly, so each rule lives once:

- A receipt's print is counted (``mark_printed``) in the same transaction that renders it: if
  rendering fails, the transaction rolls back and the print is not counted.
- Showing a document again in another language only reads: it is the same print.
- Report modules (ReportLab) are imported when a document is asked for, not at start-up.
- A document that cannot be produced says why in a message box; a bug is also logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.services import donations
from assocdesk.services.common import Changes
from assocdesk.services.errors import NotFound, ValidationError
from ui.context import AppContext
from ui.dialogs.preview_dialog import PreviewDialog

log = logging.getLogger("assocdesk.ui.documents")
T = TypeVar("T")

Renderer = Callable[[str | None], bytes]  # language (None: the document's own rule) → PDF


@dataclass(frozen=True)
class PrintedReceipt:
    number: str
    duplicate: bool
    prints: int
    pdf: bytes


def produce(parent: QWidget, make: Callable[[], T]) -> T | None:
    """Run ``make`` with a wait cursor; None (after telling the person why) if it failed."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        try:
            return make()
        finally:
            QApplication.restoreOverrideCursor()  # before any message box
    except (ValidationError, NotFound) as exc:
        QMessageBox.information(parent, "AssocDesk", getattr(exc, "message", str(exc)))
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
) -> PreviewDialog:
    """Open the preview window-modally (returns at once; deleted when closed)."""
    dialog = PreviewDialog(pdf, title, file_name, parent, renderer=renderer, language=language)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def read_renderer(context: AppContext, render: Callable[[Session, str | None], bytes]) -> Renderer:
    """A renderer that only reads (showing a document again never counts as a new one)."""
    return lambda language: context.read(lambda s: render(s, language))


# -- receipts -----------------------------------------------------------------------------------
def print_receipt(context: AppContext, donation_id: int, language: str | None) -> PrintedReceipt:
    """Count one print and render it, in one unit of work (a failed render counts nothing)."""
    from assocdesk.reports.receipt import render_receipt

    def command(session: Session) -> PrintedReceipt:
        printing = donations.mark_printed(session, donation_id)
        pdf = render_receipt(session, donation_id, language=language, duplicate=printing.duplicate)
        number = donations.get(session, donation_id).receipt_number
        return PrintedReceipt(number, printing.duplicate, printing.prints, pdf)

    return context.run(command, Changes.of("donations"))


def receipt_renderer(context: AppContext, donation_id: int, duplicate: bool) -> Renderer:
    from assocdesk.reports.receipt import render_receipt

    return read_renderer(
        context,
        lambda s, language: render_receipt(s, donation_id, language=language, duplicate=duplicate),
    )


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
