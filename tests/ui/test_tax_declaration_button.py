"""The Reports page offers the article 222 bis figures only to an association issuing reçus
fiscaux, and previews them."""

from __future__ import annotations

from assocdesk.services import association
from tests.pdfcheck import plain
from ui import commands
from ui.pages.reports import ReportsPage


def test_tax_declaration_button_only_with_tax_receipts(desk) -> None:
    page = ReportsPage(desk.context)
    assert page.tax_declaration.isHidden()
    profile = desk.context.read(association.details).values
    profile.tax_receipts = True
    commands.write(desk.context, lambda s: association.save(s, profile))
    page = ReportsPage(desk.context)
    assert not page.tax_declaration.isHidden()
    page.tax_declaration.click()
    assert page.preview is not None and len(page.preview.page_labels) == 1
    assert "222" in plain(page.preview.pdf)
