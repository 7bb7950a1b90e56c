"""Bare ReportLab, as the yardstick: the same number of pages, one plain table each.

It uses the same embedded TrueType font as the documents (a real Arabic document must embed
one), but no shaping, no bidi, no letterhead: what is left is ReportLab's own speed.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table

ROWS = [["2026-03-02", "AML-2026-0001", "Cash", "Ramadan 2026", "1 500,00 MAD"]] * 8


def one_table_pages(pages: int, path: Path) -> None:
    from assocdesk.reports.fonts import document_fonts

    font = document_fonts().regular
    story: list = []
    for _ in range(pages):
        table = Table([["Date", "Receipt", "Method", "Campaign", "Amount"], *ROWS])
        table.setStyle(
            [("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.25, "grey")]
        )
        story += [table, PageBreak()]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)
