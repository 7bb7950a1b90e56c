"""Receipts are issued when they leave, never when they are looked at.

A receipt's preview only reads: it shows the receipt as the next print would be (the original
while none was issued, "Duplicate" after). Printing it or saving it as PDF is what issues it, in
one unit of work that counts the print, renders the document as what that count makes it
(original or duplicate) and delivers it (paints it on the printer, writes the file). If the
delivery fails, the count rolls back with it; two people printing at once cannot both get an
original, since the count decides what is drawn. A cancelled print or save dialog reaches none
of this. Someone who hands the receipt over another way (printed elsewhere, written in the paper
book) may issue the original without printing it.

Donation and dues receipts share this, and the command line too: the composition is
:mod:`assocdesk.usecases.receipts`; this module only runs it from the window.
"""

from __future__ import annotations

from collections.abc import Callable

from assocdesk.i18n import _, ngettext
from assocdesk.text.bidi import isolate
from assocdesk.text.locales import format_date
from assocdesk.usecases.receipts import (
    Book,
    Issued,
    Receipt,
    ReceiptState,
    issue_receipt,
    issue_without_printing,
    preview_receipt,
    receipt_state,
)
from ui import commands
from ui.context import AppContext

__all__ = ["Book", "Issued", "Receipt", "ReceiptIssuer", "ReceiptState", "receipt_issuer"]


class ReceiptIssuer:
    """One receipt's preview and issuing, as the window runs them (assocdesk.usecases.receipts
    does the work): reads through the context, writes through its runner, which tells the
    pages what changed."""

    def __init__(self, context: AppContext, receipt: Receipt) -> None:
        self.context = context
        self.receipt = receipt

    def state(self) -> ReceiptState:
        return self.context.read(lambda session: receipt_state(session, self.receipt))

    def preview(self, language: str | None) -> bytes:
        """The receipt as printing it now would make it; counts nothing."""
        return self.context.read(lambda session: preview_receipt(session, self.receipt, language))

    def issue(self, language: str | None, deliver: Callable[[bytes], None]) -> Issued:
        """Count one print, render it, deliver it: one transaction (see the use case).

        ``deliver`` raises if the document did not leave (printer refused, disk full): nothing
        is then counted. It must not open a dialog (the database is being written).
        """
        return commands.write(
            self.context,
            lambda session: issue_receipt(
                session, self.receipt, deliver=deliver, language=language
            ),
        )

    def issue_unprinted(self) -> Issued:
        """Issue the original handed over another way (refused if already issued)."""
        return commands.write(
            self.context, lambda session: issue_without_printing(session, self.receipt)
        )


def receipt_issuer(context: AppContext, book: Book, record_id: int) -> ReceiptIssuer:
    """The issuer of the receipt of donation or dues payment ``record_id``."""
    return ReceiptIssuer(context, Receipt(book, record_id))


def issued_message(issued: Issued) -> str:
    """What an issuing made, for the status bar."""
    if not issued.pdf:
        return _("Receipt {number} issued without printing: later prints are duplicates.").format(
            number=isolate(issued.number)
        )
    if issued.duplicate:
        return ngettext(
            "Receipt {number}: duplicate (printed {count} time so far).",
            "Receipt {number}: duplicate (printed {count} times so far).",
            issued.prints,
        ).format(number=isolate(issued.number), count=issued.prints)
    return _("Receipt {number} issued: this first print is the original.").format(
        number=isolate(issued.number)
    )


def state_note(state: ReceiptState, locale: str) -> str:
    """What printing the previewed receipt now will do."""
    if not state.issued:
        return _(
            "Not issued yet: printing this receipt or saving it as PDF issues the original. "
            "Closing the preview issues nothing."
        )
    issued_on = state.issued_at.astimezone().date() if state.issued_at else None
    return ngettext(
        "Issued on {date} and printed {count} time: printing or saving it again makes a duplicate.",
        "Issued on {date} and printed {count} times: printing or saving it again makes a "
        "duplicate.",
        state.prints,
    ).format(date=format_date(issued_on, locale), count=state.prints)


def prints_label(prints: int) -> str:
    """A receipt's prints as a treasurer reads them in a list: —, Original, Original + 2 dup."""
    if prints <= 0:
        return "—"
    if prints == 1:
        return _("Original")
    copies = prints - 1
    return ngettext("Original + {count} duplicate", "Original + {count} duplicates", copies).format(
        count=copies
    )
