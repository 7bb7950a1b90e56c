"""Receipts are issued when they leave, never when they are looked at.

A receipt's preview only reads: it shows the receipt as the next print would be (the original
while none was issued, "Duplicate" after). Printing it or saving it as PDF is what issues it, in
one unit of work that counts the print, renders the document as what that count makes it
(original or duplicate) and delivers it (paints it on the printer, writes the file). If the
delivery fails, the count rolls back with it; two people printing at once cannot both get an
original, since the count decides what is drawn. A cancelled print or save dialog reaches none
of this. Someone who hands the receipt over another way (printed elsewhere, written in the paper
book) may issue the original without printing it.

Donation and dues receipts share this; only the service functions differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from assocdesk.i18n import _, ngettext
from assocdesk.services.common import Changes
from assocdesk.text.locales import format_date
from ui.context import AppContext


class Counted(Protocol):
    """What services' ``mark_printed`` / ``issue_unprinted`` return."""

    duplicate: bool
    prints: int


class Issuable(Protocol):
    """A donation or a dues payment, as far as issuing goes."""

    receipt_number: str
    receipt_prints: int
    receipt_issued_at: datetime | None


@dataclass(frozen=True)
class ReceiptState:
    number: str
    prints: int  # 0: not issued
    issued_at: datetime | None

    @property
    def issued(self) -> bool:
        return self.prints > 0


@dataclass(frozen=True)
class Issued:
    """One issuing: what it made (the original or a duplicate) and what was delivered."""

    number: str
    duplicate: bool
    prints: int
    pdf: bytes  # b"" when issued without printing


Render = Callable[[Session, str | None, bool], bytes]  # session, language, duplicate → PDF


class ReceiptIssuer:
    """One receipt's preview and issuing, over the service functions of its kind."""

    def __init__(
        self,
        context: AppContext,
        changes: Changes,
        *,
        get: Callable[[Session], Issuable],
        count: Callable[[Session], Counted],
        issue_unprinted: Callable[[Session], Counted],
        render: Render,
    ) -> None:
        self.context = context
        self.changes = changes
        self._get = get
        self._count = count
        self._issue_unprinted = issue_unprinted
        self._render = render

    def _state(self, session: Session) -> ReceiptState:
        record = self._get(session)
        return ReceiptState(record.receipt_number, record.receipt_prints, record.receipt_issued_at)

    def state(self) -> ReceiptState:
        return self.context.read(self._state)

    def preview(self, language: str | None) -> bytes:
        """The receipt as printing it now would make it; counts nothing."""

        def read(session: Session) -> bytes:
            return self._render(session, language, self._state(session).issued)

        return self.context.read(read)

    def issue(self, language: str | None, deliver: Callable[[bytes], None]) -> Issued:
        """Count one print, render it as what the count makes it, deliver it: one transaction.

        ``deliver`` raises if the document did not leave (printer refused, disk full): nothing
        is then counted. It must not open a dialog (the database is being written).
        """

        def command(session: Session) -> Issued:
            printing = self._count(session)
            pdf = self._render(session, language, printing.duplicate)
            deliver(pdf)
            number = self._get(session).receipt_number
            return Issued(number, printing.duplicate, printing.prints, pdf)

        return self.context.run(command, self.changes)

    def issue_unprinted(self) -> Issued:
        """Issue the original handed over another way (refused if already issued)."""

        def command(session: Session) -> Issued:
            printing = self._issue_unprinted(session)
            return Issued(self._get(session).receipt_number, False, printing.prints, b"")

        return self.context.run(command, self.changes)


def issued_message(issued: Issued) -> str:
    """What an issuing made, for the status bar."""
    if not issued.pdf:
        return _("Receipt {number} issued without printing: later prints are duplicates.").format(
            number=issued.number
        )
    if issued.duplicate:
        return ngettext(
            "Receipt {number}: duplicate (printed {count} time so far).",
            "Receipt {number}: duplicate (printed {count} times so far).",
            issued.prints,
        ).format(number=issued.number, count=issued.prints)
    return _("Receipt {number} issued: this first print is the original.").format(
        number=issued.number
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
