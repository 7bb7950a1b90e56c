"""The bar chart of the summary: monthly totals in the association's main currency.

Drawn with ReportLab's own charts (a VerticalBarChart inside a Drawing, which is a flowable), so
the PDF stays vector and needs no other library. Chart strings are drawn raw, one character
after the other, so every label is given already shaped and in visual order
(:func:`bidi_text.visual`), in the document's font.

Time runs left to right in every language, Arabic included. Why: that is how Arabic financial
reports and the press draw time series (Bank Al-Maghrib's and the Banque d'Algérie's Arabic
reports, spreadsheets in Arabic), the amounts on the axis are written in Latin digits that read
left to right anyway, and the Arabic and French copies of a summary handed to the same board
then show the same picture. The month names under the bars are Arabic and read correctly
whatever the axis direction. Only the value axis is not mirrored either: it stays at the
left, where the first month is.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from assocdesk.reports.bidi_text import visual
from assocdesk.reports.layout import ACCENT, MUTED, Setup
from assocdesk.reports.summary_data import SummaryData
from assocdesk.text.locales import format_number
from assocdesk.text.money import from_minor

BAR_COLOR = colors.HexColor("#4a7fb0")
GRID_COLOR = colors.HexColor("#d5dbe1")
# Above this many months the bars get too thin for labels: only some months are named and the
# amounts above the bars are left out.
LABEL_EVERY_MONTH_UP_TO = 15
AMOUNTS_ON_BARS_UP_TO = 12


def month_labels(setup: Setup, data: SummaryData) -> list[str]:
    """Short month names under the bars; the year goes under the first one and each January.

    Each line is shaped and reordered on its own: ReportLab splits a label at line breaks and
    draws each line raw. A long period names only some months (at most 12 labels).
    """
    from babel.dates import format_date

    count = len(data.months)
    step = 1 if count <= LABEL_EVERY_MONTH_UP_TO else -(-count // 12)  # ceiling division
    labels, last_year = [], 0
    for index, row in enumerate(data.months):
        if index % step:
            labels.append("")
            continue
        lines = [format_date(row.month, "MMM", locale=setup.locale)]
        if row.month.year != last_year:
            lines.append(str(row.month.year))
            last_year = row.month.year
        labels.append("\n".join(visual(line) for line in lines))
    return labels


def monthly_chart(setup: Setup, data: SummaryData, *, height: float = 62 * mm) -> Drawing:
    """One bar per month of the period (zeros included) in the main currency, major units."""
    width = setup.frame_width
    values = [float(from_minor(v, data.main_currency)) for v in data.main_monthly_totals()]
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    # Room at the left for the widest amount on the value axis (the top tick is at most about
    # a quarter above the largest bar).
    widest = visual(format_number(int(max(values, default=0) * 1.25), setup.locale))
    chart.x, chart.y = max(30.0, stringWidth(widest, setup.fonts.regular, 7) + 10), 26
    chart.width, chart.height = width - chart.x - 6, height - chart.y - 14
    chart.data = [values]
    chart.barSpacing = 0
    chart.groupSpacing = 6 if len(values) <= 24 else 2
    chart.bars[0].fillColor = BAR_COLOR
    chart.bars[0].strokeColor = None

    axis = chart.categoryAxis
    axis.categoryNames = month_labels(setup, data)
    axis.labels.fontName = setup.fonts.regular
    axis.labels.fontSize = 7.5
    axis.labels.leading = 9
    axis.labels.boxAnchor = "n"
    axis.labels.dy = -3
    axis.strokeColor = MUTED
    axis.tickDown = 2

    values_axis = chart.valueAxis
    values_axis.valueMin = 0
    if not any(values):  # an empty period still gets a readable axis: 0 and 1
        values_axis.valueMax, values_axis.valueStep = 1, 1
    values_axis.labels.fontName = setup.fonts.regular
    values_axis.labels.fontSize = 7
    values_axis.labelTextFormat = lambda v: _amount(v, setup)
    values_axis.strokeColor = MUTED
    values_axis.visibleGrid = True
    values_axis.gridStrokeColor = GRID_COLOR
    values_axis.gridStrokeWidth = 0.4
    values_axis.maximumTicks = 6

    if len(values) <= AMOUNTS_ON_BARS_UP_TO:
        chart.barLabelFormat = lambda v: _amount(v, setup) if v else ""
        chart.barLabels.fontName = setup.fonts.regular
        chart.barLabels.fontSize = 6.5
        chart.barLabels.fillColor = ACCENT
        chart.barLabels.nudge = 6
    drawing.add(chart, name="chart")
    unit = visual(data.main_currency)
    drawing.add(
        String(2, height - 8, unit, fontName=setup.fonts.regular, fontSize=7, fillColor=MUTED)
    )
    drawing.hAlign = "CENTER"
    return drawing


def _amount(value: float, setup: Setup) -> str:
    """An axis or bar amount in major units: whole when it is whole (small totals have 2.5)."""
    shown: float | int = int(value) if value == int(value) else round(value, 2)
    return visual(format_number(shown, setup.locale))
