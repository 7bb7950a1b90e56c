"""Dues documents from the app: receipts (issued when printed or saved, as for donations), the
late list, member cards. Same rules as ui.documents."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from ui import documents
from ui.context import AppContext
from ui.dialogs.preview_dialog import PreviewDialog
from ui.issuing import Book, receipt_issuer


def preview_dues_receipt(
    parent: QWidget, context: AppContext, payment_id: int
) -> PreviewDialog | None:
    """Show a dues receipt as its next print would be; printing or saving it issues it."""
    return documents.preview_issuable(
        parent,
        receipt_issuer(context, Book.DUES, payment_id),
        _("Membership dues receipt {number}"),
    )


def preview_late_list(parent: QWidget, context: AppContext, year: int) -> PreviewDialog | None:
    from assocdesk.reports.dues_late import render_late_list

    renderer = documents.read_renderer(
        context, lambda s, language: render_late_list(s, year, language=language)
    )
    title = _("Late dues {year}").format(year=year)
    return documents.preview_report(parent, renderer, None, title, f"{title}.pdf")


def preview_cards(
    parent: QWidget, context: AppContext, membership_ids: list[int] | None, year: int
) -> PreviewDialog | None:
    """Cards of some members, or (None) of every member of ``year``; each in its own language."""
    from assocdesk.reports.member_card import members_of_year, render_cards

    def render() -> bytes:
        def read(session: Session) -> bytes:
            ids = membership_ids if membership_ids is not None else members_of_year(session, year)
            return render_cards(session, ids, year)

        return context.read(read)

    pdf = documents.produce(parent, render)
    if pdf is None:
        return None
    title = _("Member cards {year}").format(year=year)
    return documents.open_preview(parent, pdf, title, f"{title}.pdf")
