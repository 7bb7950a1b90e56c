"""The chart's category labels: words where they fit, on two lines if need be, upright when
even that is too narrow; never numbers, neither for months nor for categories whose colours only
their labels explain."""

from __future__ import annotations

from ui.widgets.bar_chart import BarChart, Series

DUES = ["À jour", "En retard", "Jamais payé", "Non redevable"]


def dues_chart(qtbot) -> BarChart:
    chart = BarChart()
    qtbot.addWidget(chart)
    colours = ["#2e8b57", "#e08e0b", "#c0392b", "#9aa5b1"]
    chart.set_data("Membres", DUES, [Series("Membres", "#000", [3, 2, 1, 1], colours)], str, "")
    return chart


def test_labels_wrap_onto_two_lines_before_anything_else(qtbot) -> None:
    chart = dues_chart(qtbot)
    metrics = chart.fontMetrics()
    wide = max(metrics.horizontalAdvance(c) for c in DUES) + 1
    assert chart._labels(metrics, wide) == (DUES, 1)
    longest_word = max(metrics.horizontalAdvance(w) for c in DUES for w in c.split())
    assert chart._labels(metrics, longest_word + 1) == (DUES, 2)


def test_coloured_categories_keep_their_words_months_keep_their_names(qtbot) -> None:
    chart = dues_chart(qtbot)
    metrics = chart.fontMetrics()
    slot = metrics.horizontalAdvance("Jam…") + 1  # too narrow for "Jamais" on a line
    labels, lines = chart._labels(metrics, slot)
    assert lines == 1 and labels != ["1", "2", "3", "4"]
    assert labels[2].startswith("J") and labels[2].endswith("…")  # cut short, still its word
    months = BarChart()
    qtbot.addWidget(months)
    names = ["janvier", "février", "mars"]
    months.set_data("Dons", names, [Series("2026", "#000", [1, 2, 3])], str, "")
    labels, lines = months._labels(months.fontMetrics(), 10)
    # One format per thing (issue 20, point 6): months keep their names, drawn upright if need be.
    assert (labels, lines) == (names, 1)
    assert months._upright(months.fontMetrics(), labels, lines, 10)
