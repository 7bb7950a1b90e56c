"""The PDF view draws only the pages in sight (a 40-page register must not take 300 MB)."""

from __future__ import annotations

import io

from ui.widgets.pdf_view import KEEP_RENDERED, PdfView, page_sizes


def pages_pdf(count: int) -> bytes:
    from reportlab.lib.pagesizes import A4, A5
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for number in range(1, count + 1):
        if number == count:
            canvas.setPageSize(A5)
        canvas.drawString(72, 720, f"Page {number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def drawn(view: PdfView) -> list[int]:
    return [i for i, label in enumerate(view.page_labels) if not label.pixmap().isNull()]


def test_pages_drawn_when_they_come_into_view(qtbot) -> None:
    view = PdfView()
    qtbot.addWidget(view)
    view.resize(700, 900)
    view.show()
    view.set_pdf(pages_pdf(40))
    assert len(view.page_labels) == 40
    assert page_sizes(pages_pdf(2))[0] == (595.2755737304688, 841.8897705078125)
    qtbot.waitUntil(lambda: 0 in drawn(view))
    assert 39 not in drawn(view)

    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: 39 in drawn(view))
    assert len(drawn(view)) <= KEEP_RENDERED
    # The last page is A5: its frame is smaller than the A4 ones.
    assert view.page_labels[39].width() < view.page_labels[0].width()

    view.set_zoom(2.0)
    assert view.page_labels[0].width() > 2 * 595
    view.close_document()
    view.draw_visible()  # nothing to draw from, and no crash
