"""Issue 20: the pieces that make the window fit 1024×768 — wrapping layouts, the "More" menu,
charts that name their months at any width and read right to left in Arabic, and main-window
tooltips that say what an action does and its shortcut, in the user's language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QToolButton, QWidget

from assocdesk.i18n import translate_in
from assocdesk.text.locales import month_labels
from ui.widgets.bar_chart import BarChart, Series
from ui.widgets.flow_layout import FlowLayout, ReflowGrid
from ui.widgets.more_menu import more_button
from ui.widgets.shortcut_tip import shortcut_text, shortcut_tooltip


# -- layouts -----------------------------------------------------------------------------------
def grid_of(qtbot, count: int, width: int, direction=Qt.LayoutDirection.LeftToRight):
    host = QWidget()
    host.setLayoutDirection(direction)
    qtbot.addWidget(host)
    grid = ReflowGrid(width, host)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setSpacing(10)
    labels = [QLabel(str(i)) for i in range(count)]
    for label in labels:
        grid.addWidget(label)
    return host, grid, labels


def test_the_grid_balances_its_rows_and_needs_only_one_column_of_width(qtbot) -> None:
    _host, grid, _labels = grid_of(qtbot, 4, 100)
    assert grid.columns_for(430) == 4
    assert grid.columns_for(330) == 2  # three fit, but 3 + 1 would leave one card alone
    assert grid.columns_for(100) == 1
    assert grid.minimumSize().width() == 100
    assert grid.heightForWidth(100) > grid.heightForWidth(430)  # more rows when narrow


def test_the_grid_places_items_from_the_right_in_arabic(qtbot) -> None:
    host, _grid, labels = grid_of(qtbot, 2, 100, Qt.LayoutDirection.RightToLeft)
    host.resize(300, 100)
    host.show()
    QApplication.processEvents()
    assert labels[0].geometry().left() > labels[1].geometry().left()


def test_the_flow_wraps_onto_a_new_line_when_narrow(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    flow = FlowLayout(host)
    boxes = [QLabel(f"Platform {i}") for i in range(6)]
    for box in boxes:
        flow.addWidget(box)
    wide = sum(box.sizeHint().width() for box in boxes) + 100
    narrow = max(box.sizeHint().width() for box in boxes) + 30
    assert flow.heightForWidth(narrow) > flow.heightForWidth(wide)
    assert flow.minimumSize().width() <= narrow
    host.resize(narrow, flow.heightForWidth(narrow))
    host.show()
    QApplication.processEvents()
    assert all(box.geometry().right() <= narrow for box in boxes)


# -- charts ------------------------------------------------------------------------------------
@pytest.mark.parametrize("locale", ["fr", "ar", "en"])
def test_months_keep_their_names_in_a_narrow_chart(qtbot, locale: str) -> None:
    """The donations chart numbered its months while the volunteers chart named them."""
    chart = BarChart()
    qtbot.addWidget(chart)
    months = month_labels(locale)
    chart.set_data("", months, [Series("2026", "#000", [1.0] * 12)], str, "")
    metrics = chart.fontMetrics()
    labels, lines = chart._labels(metrics, 12)
    assert list(labels) == list(months) and lines == 1
    assert chart._upright(metrics, labels, lines, 12)  # turned a quarter, not numbered
    assert not chart._upright(metrics, labels, lines, 200)


def bar_columns(chart: BarChart) -> list[int]:
    """The x of every pixel column holding the bar's colour."""
    image = chart.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    target = QColor("#ff0000").rgb()
    return [
        x
        for x in range(image.width())
        if any(image.pixel(x, y) == target for y in range(image.height()))
    ]


@pytest.mark.parametrize(
    ("direction", "january_on_the_right"),
    [(Qt.LayoutDirection.LeftToRight, False), (Qt.LayoutDirection.RightToLeft, True)],
)
def test_an_arabic_chart_reads_right_to_left(qtbot, direction, january_on_the_right) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.setLayoutDirection(direction)
    chart.resize(QSize(400, 240))
    values = [10.0] + [0.0] * 11  # only January has a bar
    chart.set_data("", month_labels("ar"), [Series("2026", "#ff0000", values)], str, "")
    columns = bar_columns(chart)
    assert columns
    assert (min(columns) > chart.width() / 2) is january_on_the_right


# -- the "More" menu and tooltips ----------------------------------------------------------------
def test_the_more_menu_holds_the_same_actions_with_their_shortcuts(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    action = QAction("Edit templates…", owner)
    action.setShortcut(QKeySequence("Ctrl+T"))
    fired = []
    action.triggered.connect(lambda: fired.append(True))
    button = more_button(owner, [action])
    assert button.menu().actions() == [action]
    assert action in owner.actions()  # its shortcut works while the menu is closed
    assert button.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup
    assert action.toolTip().startswith("Edit templates…") and "Ctrl+T" in action.toolTip()
    button.menu().actions()[0].trigger()
    assert fired == [True]


def test_a_tooltip_says_what_and_which_keys() -> None:
    assert shortcut_tooltip("New member", "Ctrl+N").replace("\u2066", "").replace("\u2069", "") == (
        "New member (Ctrl+N)"
    )
    assert shortcut_tooltip("Export", QKeySequence()) == "Export"


@pytest.mark.parametrize("desk", ["ar", "fr", "en"], indirect=True)
def test_main_window_actions_say_what_they_do_and_their_shortcut(desk) -> None:
    window = desk.window
    language = desk.context.language
    quit_action = window.findChild(QAction, "quit_action")
    about = window.findChild(QAction, "help_action")  # F1: Shortcuts and help
    members = window.findChild(QAction, "show_members")
    for action in (quit_action, about, members):
        tip = action.toolTip()
        keys = shortcut_text(action.shortcut())
        assert keys and keys in tip, tip
        assert tip.replace(keys, "").strip("\u2066\u2069() ")  # more than the keys
    assert quit_action.toolTip().startswith(translate_in(language, "Quit AssocDesk"))
    assert translate_in(language, "Members") in members.toolTip()
    item = window.navigation.item(1)
    assert item.toolTip().startswith(item.text()) and "2" in item.toolTip()
    if language != "en":
        assert translate_in(language, "Quit AssocDesk") != "Quit AssocDesk"


@pytest.mark.parametrize("desk", ["fr"], indirect=True)
def test_posts_edit_templates_is_in_the_more_menu(desk, monkeypatch) -> None:
    from ui.dialogs.post_template_dialog import PostTemplateDialog

    opened = []
    monkeypatch.setattr(PostTemplateDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    page = desk.window.show_page("posts")
    more = page.findChild(QToolButton, "more")
    assert more.text() == translate_in("fr", "More") != "More"
    (action,) = more.menu().actions()
    assert action.objectName() == "edit_templates"
    action.trigger()
    assert len(opened) == 1
