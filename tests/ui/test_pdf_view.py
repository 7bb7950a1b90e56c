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

    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)  # laid out
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: 39 in drawn(view))
    assert len(drawn(view)) <= KEEP_RENDERED
    # The last page is A5: its frame is smaller than the A4 ones.
    assert view.page_labels[39].width() < view.page_labels[0].width()

    view.set_zoom(2.0)
    assert view.page_labels[0].width() > 2 * 595
    view.close_document()
    view.draw_visible()  # nothing to draw from, and no crash


def test_opening_a_long_document_draws_only_what_is_in_view(qtbot, monkeypatch) -> None:
    """Regression (review): relayout() drew every page (all labels sat at y=0 before layout);
    a 58-page batch took 2 GB at 300 % zoom."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from ui.widgets import pdf_view

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for number in range(40):
        canvas.drawString(72, 720, f"page {number + 1}")
        canvas.showPage()
    canvas.save()
    drawn: list[int] = []
    real = pdf_view._page_image
    monkeypatch.setattr(
        pdf_view,
        "_page_image",
        lambda document, index, scale: drawn.append(index) or real(document, index, scale),
    )
    view = pdf_view.PdfView()
    qtbot.addWidget(view)
    view.resize(600, 800)
    view.show()
    view.set_pdf(buffer.getvalue())
    qtbot.waitUntil(lambda: 0 in drawn)
    qtbot.wait(50)  # let the layout timer run
    view.set_zoom(3.0)
    qtbot.wait(50)
    assert len(set(drawn)) <= 4, sorted(set(drawn))
    view.close_document()
