"""The window's colours come from ui/theme.py only, read at 4.5:1 in light and dark, and follow
the system's scheme while the app runs (issue 19, point 7)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget, QTableWidgetItem

from assocdesk.posts.card import CardContent, Figure
from tests.ui.conftest import home_figures
from ui import theme
from ui.theme import DARK, LIGHT, READABLE, Role, Style

UI = Path(__file__).resolve().parents[2] / "ui"
HEX = re.compile(r"(?<![\w&])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b")
CSS_COLOUR = re.compile(
    r"(?:^|[\s;{])(?:color|background(?:-color)?|border(?:-(?:top|bottom|left|right))?"
    r"(?:-color)?|selection-(?:background-)?color|alternate-background-color|gridline-color)"
    r"\s*:",
    re.IGNORECASE,
)
COLOUR_CALLS = {"QColor", "fromRgb", "fromRgbF", "fromRgba", "fromHsv", "fromHsl", "fromString"}
# Window backgrounds of common platforms (Fusion, macOS, Windows 11, GNOME), light and dark.
LIGHT_WINDOWS = ("#ffffff", "#efefef", "#ececec", "#f3f3f3", "#fafafa")
DARK_WINDOWS = ("#323232", "#2d2d2d", "#242424", "#202020", "#1e1e1e")


def colour_literals(source: str, name: str = "<source>") -> list[str]:
    """Where ``source`` writes a colour or a style sheet itself instead of asking the theme."""
    found = []
    tree = ast.parse(source, name)
    prose = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}  # docstrings
    for node in ast.walk(tree):
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            if HEX.search(node.value) or CSS_COLOUR.search(node.value):
                found.append(f"{where}: colour in a string {node.value[:60]!r}")
        elif isinstance(node, ast.Call):
            called = node.func
            callee = called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
            if callee in COLOUR_CALLS:
                found.append(f"{where}: {callee}(…)")
            elif callee == "setStyleSheet":
                found.append(f"{where}: setStyleSheet(…) (use theme.style)")
        elif isinstance(node, ast.Attribute) and node.attr == "GlobalColor":
            found.append(f"{where}: Qt.GlobalColor")
    return found


def test_the_scan_finds_each_kind_of_literal() -> None:
    """The guard below would pass on anything if the scan itself found nothing."""
    source = (
        "a = QColor(0, 0, 0)\n"
        "b = QtGui.QColor(name)\n"
        "c = QColor.fromRgb(1, 2, 3)\n"
        "label.setStyleSheet(STYLE)\n"
        "item.setForeground(Qt.GlobalColor.darkRed)\n"
        "d = '#b00020'\n"
        "e = f'QLabel {{ background: {x}; }}'\n"
        "f = 'QFrame { border: 1px solid palette(mid); }'\n"
    )
    assert len(colour_literals(source)) == 8
    harmless = (
        '"""Read in the background: no colour here."""\n'
        "g = '#1 of 3'\nh = 'receipt #12'\ni = theme.color(theme.Role.ERROR)\nj = 'a:b'\n"
    )
    assert colour_literals(harmless) == []


def test_no_colour_is_written_in_ui_outside_the_theme() -> None:
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "theme.py" and path.parent == UI:
            continue
        found += colour_literals(path.read_text(encoding="utf-8"), str(path.relative_to(UI)))
    assert found == [], "\n".join(found)


def dark_palette() -> QPalette:
    """Fusion's dark palette (what Qt draws when the system is dark), built by hand: the
    offscreen platform has no system scheme to switch."""
    window, text = QColor(50, 50, 50), QColor(240, 240, 240)
    palette = QPalette(window)
    colour = QPalette.ColorRole
    for role, value in (
        (colour.Window, window),
        (colour.WindowText, text),
        (colour.Base, window.darker(140)),
        (colour.AlternateBase, window.darker(120)),
        (colour.Text, text),
        (colour.Button, window),
        (colour.ButtonText, text),
        (colour.Light, window.lighter(150)),
        (colour.Mid, window.darker(130)),
        (colour.Dark, window.darker(150)),
        (colour.Highlight, QColor(48, 140, 198)),
        (colour.HighlightedText, text),
        (colour.Link, QColor(138, 180, 248)),
        (colour.ToolTipBase, window),
        (colour.ToolTipText, text),
        (colour.PlaceholderText, QColor(240, 240, 240, 128)),
    ):
        palette.setColor(QPalette.ColorGroup.All, role, value)
    palette.setColor(QPalette.ColorGroup.Disabled, colour.WindowText, QColor(130, 130, 130))
    palette.setColor(QPalette.ColorGroup.Disabled, colour.Text, QColor(130, 130, 130))
    palette.setColor(QPalette.ColorGroup.Disabled, colour.ButtonText, QColor(130, 130, 130))
    return palette


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[theme.Theme]:
    """The application drawn dark for one test, then back to the style's own palette."""
    watcher = theme.watcher()
    qapp.setPalette(dark_palette())
    try:
        yield watcher
    finally:
        qapp.setPalette(QPalette())  # no role set: the style's palette again
        assert not theme.is_dark_now()


def test_contrast_is_computed_as_wcag_says() -> None:
    black, white = QColor("#000000"), QColor("#ffffff")
    assert theme.contrast(black, white) == pytest.approx(21)
    assert theme.contrast(white, white) == pytest.approx(1)
    assert theme.contrast(QColor("#767676"), white) == pytest.approx(4.54, abs=0.01)
    assert theme.contrast(QColor("#777777"), white) < 4.5


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_reads_on_its_background(qapp: QApplication, scheme: str) -> None:
    palette = dark_palette() if scheme == "dark" else qapp.style().standardPalette()
    assert theme.is_dark(palette) == (scheme == "dark")
    colours = theme.colours_for(palette)
    weak = [
        f"{text} on {ground}: {theme.contrast(colours[text], colours[ground]):.2f}"
        for text, ground in READABLE
        if theme.contrast(colours[text], colours[ground]) < theme.MIN_CONTRAST
    ]
    assert weak == []


@pytest.mark.parametrize(("chosen", "windows"), [(LIGHT, LIGHT_WINDOWS), (DARK, DARK_WINDOWS)])
def test_chosen_text_colours_read_on_every_platform_window(chosen, windows) -> None:
    for role in (Role.ERROR, Role.WARNING, Role.SUCCESS):
        for window in windows:
            ratio = theme.contrast(QColor(chosen[role]), QColor(window))
            assert ratio >= theme.MIN_CONTRAST, f"{role} on {window}: {ratio:.2f}"


def test_muted_text_is_faded_but_readable(qapp: QApplication) -> None:
    for palette in (qapp.style().standardPalette(), dark_palette()):
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = theme.muted_text(palette)
        assert muted.rgb() != text.rgb()  # a caption looks quieter than the text
        for ground in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            assert theme.contrast(muted, palette.color(ground)) >= theme.MIN_CONTRAST


def test_each_role_has_both_schemes_and_each_style_fills_in() -> None:
    chosen = set(Role) - set(theme.FROM_PALETTE)
    assert set(LIGHT) == set(DARK) == chosen
    for palette in (QPalette(QColor("#efefef")), dark_palette()):
        colours = theme.colours_for(palette)
        for style in Style:
            assert "$" not in theme.css(style, colours)  # every placeholder is a role


def test_styled_widgets_follow_the_scheme_while_the_app_runs(qtbot, qapp) -> None:
    label = QLabel("Le montant doit être positif.")
    qtbot.addWidget(label)
    theme.style(label, Style.ERROR)
    table = QTableWidget(1, 1)
    qtbot.addWidget(table)
    item = QTableWidgetItem("Indisponible")
    table.setItem(0, 0, item)
    theme.colour_item(item, Role.ERROR)
    assert LIGHT[Role.ERROR] in label.styleSheet()
    assert item.foreground().color().name() == LIGHT[Role.ERROR]
    watcher = theme.watcher()
    try:
        with qtbot.waitSignal(watcher.changed, timeout=2000):
            qapp.setPalette(dark_palette())
        assert theme.is_dark_now()
        assert DARK[Role.ERROR] in label.styleSheet()
        assert table.item(0, 0).foreground().color().name() == DARK[Role.ERROR]
        assert theme.color(Role.TEXT).name() == "#f0f0f0"  # the palette's own
    finally:
        with qtbot.waitSignal(watcher.changed, timeout=2000):
            qapp.setPalette(QPalette())
    assert LIGHT[Role.ERROR] in label.styleSheet()
    theme.style(label, None)
    assert label.styleSheet() == "" and label.property(theme.STYLE_PROPERTY) is None


def test_the_system_switching_scheme_makes_the_theme_read_again(qtbot, monkeypatch) -> None:
    """Qt tells the scheme first, the palette it derives a moment later: the theme reads
    again on the next turn of the event loop."""
    watcher = theme.watcher()
    read: list[bool] = []
    monkeypatch.setattr(watcher, "refresh", lambda *_args: read.append(True))
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert read == []
    qtbot.waitUntil(lambda: read == [True], timeout=2000)


def test_the_window_repaints_in_dark(desk, dark, qtbot) -> None:
    """Home's cards and charts, and a form's error, take the dark colours."""
    home = home_figures(qtbot, desk.window)
    base = dark_palette().color(QPalette.ColorRole.Base).name()
    assert base in home.members.styleSheet()
    assert theme.resolve(home.donations_chart.series[0].color).name() in DARK.values()
    assert theme.resolve("#123456").name() == "#123456"  # a caller's own colour stays
    navigation = desk.window.navigation
    assert navigation.property(theme.STYLE_PROPERTY) == Style.NAVIGATION
    dialog = desk.window.show_page("donations").open_new()  # made while dark
    dialog.anonymous.setChecked(True)
    dialog.accept()  # no amount
    error = dialog.findChild(QLabel, "error_amount")
    assert dialog.error_text("amount") and error.isVisibleTo(dialog)
    assert DARK[Role.ERROR] in error.styleSheet()


def test_the_post_picture_keeps_the_associations_colours_in_dark(dark) -> None:
    """The card is posted: its colours are the association's design, not the desk's scheme."""
    from ui.posts.card import draw_card

    content = CardContent(
        language="fr",
        association="Association Al Amal",
        title="Collecte de fournitures scolaires",
        date="12 septembre 2026",
        figures=[Figure("120", "cartables")],
        hashtag="#AlAmal",
    )
    image = draw_card(content, "square")
    band = image.pixelColor(5, 5)
    paper = image.pixelColor(5, image.height() // 2)
    assert band.rgb() == theme.PostCardColours.ACCENT.rgb()
    assert paper.rgb() == theme.PostCardColours.PAPER.rgb()


def test_the_application_icon_has_every_size() -> None:
    icon = theme.app_icon()
    sizes = {size.width() for size in icon.availableSizes()}
    assert sizes == set(theme.ICON_SIZES)
    assert all(Path(theme.icon_file(size)).is_file() for size in theme.ICON_SIZES)
