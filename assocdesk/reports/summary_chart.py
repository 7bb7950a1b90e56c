"""The bar chart of the summary: monthly totals in the association's main currency.

Drawn with ReportLab's own charts (a VerticalBarChart inside a Drawing, which is a flowable), so
the PDF stays vector and needs no other library. Chart strings are drawn raw, one character
after the other, so every label is given already shaped and in visual order
(:func:`bidi_text.visual`), in the document's font.

Time runs in the direction of the document's writing: January at the left in French and
English, at the right in Arabic, with the value axis at the side where the first month is (the
start of the line). A board member reading the Arabic summary reads the bars as they read the
table of months under the chart, from right to left. Amounts on the bars have the currency's
decimals ("2 750,50", never "2.750,5"); the axis shows whole amounts when its steps are whole.
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
from assocdesk.text.money import currency_decimals, from_minor

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
    drawing = Drawing(width, height, initialFontName=setup.fonts.regular)
    chart = VerticalBarChart()
    # Room at the left for the widest amount on the value axis (the top tick is at most about
    # a quarter above the largest bar).
    widest = visual(format_number(int(max(values, default=0) * 1.25), setup.locale))
    axis_room = max(30.0, stringWidth(widest, setup.fonts.regular, 7) + 10)
    chart.x, chart.y = (6 if setup.rtl else axis_room), 26
    chart.width, chart.height = width - axis_room - 6, height - chart.y - 14
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
    if setup.rtl:  # the first month at the right, where an Arabic line starts
        axis.reverseDirection = 1

    values_axis = chart.valueAxis
    values_axis.valueMin = 0
    if not any(values):  # an empty period still gets a readable axis: 0 and 1
        values_axis.valueMax, values_axis.valueStep = 1, 1
    values_axis.labels.fontName = setup.fonts.regular
    values_axis.labels.fontSize = 7
    values_axis.labelTextFormat = lambda v: _tick(v, setup)
    if setup.rtl:  # the value axis at the right, beside the first month
        values_axis.joinAxis = axis
        values_axis.joinAxisMode = "right"
        values_axis.labels.boxAnchor = "w"
        values_axis.labels.dx = 5
    values_axis.strokeColor = MUTED
    values_axis.visibleGrid = True
    values_axis.gridStrokeColor = GRID_COLOR
    values_axis.gridStrokeWidth = 0.4
    values_axis.maximumTicks = 6

    if len(values) <= AMOUNTS_ON_BARS_UP_TO:
        chart.barLabelFormat = lambda v: _amount(v, setup, data.main_currency) if v else ""
        chart.barLabels.fontName = setup.fonts.regular
        chart.barLabels.fontSize = 6.5
        chart.barLabels.fillColor = ACCENT
        chart.barLabels.nudge = 6
    drawing.add(chart, name="chart")
    unit = visual(data.main_currency)
    unit_x, anchor = (width - 2, "end") if setup.rtl else (2, "start")
    drawing.add(
        String(
            unit_x,
            height - 8,
            unit,
            fontName=setup.fonts.regular,
            fontSize=7,
            fillColor=MUTED,
            textAnchor=anchor,
        )
    )
    drawing.hAlign = "CENTER"
    return drawing


def _amount(value: float, setup: Setup, currency: str) -> str:
    """A bar's amount in major units with the currency's decimals: "2 750,50", "1 200,00"."""
    from babel.numbers import format_decimal

    decimals = currency_decimals(currency)
    pattern = f"#,##0.{'0' * decimals}" if decimals else "#,##0"
    return visual(format_decimal(round(value, decimals), format=pattern, locale=setup.locale))


def _tick(value: float, setup: Setup) -> str:
    """An axis amount: whole when it is whole (steps of 500), else with two decimals."""
    from babel.numbers import format_decimal

    pattern = "#,##0" if value == int(value) else "#,##0.00"
    return visual(format_decimal(value, format=pattern, locale=setup.locale))
