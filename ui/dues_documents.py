"""Dues documents from the app: receipts (a print is counted, as for donations), the late list,
member cards. Same rules as ui.documents: render in one unit of work, then preview."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.services import dues
from assocdesk.services.common import Changes
from ui import documents
from ui.context import AppContext
from ui.dialogs.preview_dialog import PreviewDialog


def preview_dues_receipt(
    parent: QWidget, context: AppContext, payment_id: int
) -> PreviewDialog | None:
    """Count one print of a dues receipt and show it (a reprint says "Duplicate")."""
    from assocdesk.reports.dues_receipt import render_dues_receipt

    def command(session: Session) -> tuple[str, bool, bytes]:
        printing = dues.mark_printed(session, payment_id)
        pdf = render_dues_receipt(session, payment_id, duplicate=printing.duplicate)
        return dues.get(session, payment_id).receipt_number, printing.duplicate, pdf

    made = documents.produce(parent, lambda: context.run(command, Changes.of("dues")))
    if made is None:
        return None
    number, duplicate, pdf = made
    renderer = documents.read_renderer(
        context,
        lambda s, language: render_dues_receipt(
            s, payment_id, language=language, duplicate=duplicate
        ),
    )
    return documents.open_preview(
        parent,
        pdf,
        _("Membership dues receipt {number}").format(number=number),
        f"{number}.pdf",
        renderer=renderer,
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
