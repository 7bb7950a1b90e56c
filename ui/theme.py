"""The window's colours, style snippets and icons, in one place, following light or dark.

Widgets ask here for a colour by what it means (:class:`Role`) and for a style by what it is
for (:class:`Style`); no other module of ``ui/`` writes a colour (tests/ui/test_theme.py scans
for literals). Three kinds of colour:

- from the application :class:`QPalette` (text, card background, border): the platform's own,
  high-contrast themes included;
- derived from it (muted text: window text faded towards the background only as far as it
  still reads at 4.5:1);
- chosen, with a light and a dark value (error, warning, success, notes, chips, charts), since
  a palette has no "error" colour. Each text colour reads at 4.5:1 or more on its background.

Light or dark is read from the palette actually drawn, not from ``styleHints().colorScheme()``
alone: a style that ignores the system's dark mode keeps a light window, and dark red on it is
what reads there. The scheme's and the palette's change signals both re-read it; widgets styled
through :func:`style` or :func:`colour_item` are re-styled, painted widgets (charts, tables)
repaint with :func:`color` on the palette change Qt sends them anyway, and anything else
listens to :func:`watcher`'s ``changed``.

The picture card of a post is not the window: it is an image that leaves the app, drawn in the
association's design whatever the system's scheme (:class:`PostCardColours`).
"""

from __future__ import annotations

from enum import StrEnum
from string import Template
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from assocdesk.package_data import resource_path

if TYPE_CHECKING:  # QtWidgets is loaded by the window, not by the command line's card drawing
    from PySide6.QtWidgets import QTableWidgetItem, QWidget


class Role(StrEnum):
    """What a colour is for. The values name the placeholders of :data:`STYLES`."""

    WINDOW = "window"  # from the palette
    BASE = "base"  # from the palette: behind text fields, lists, tables
    TEXT = "text"  # from the palette
    MUTED = "muted"  # derived: captions, hints, archived or void rows
    BORDER = "border"  # derived: window text a quarter of the way from the window
    CARD_BACKGROUND = "card_background"  # from the palette
    ERROR = "error"  # what went wrong, or what cannot be undone
    WARNING = "warning"
    SUCCESS = "success"
    NOTE_TEXT = "note_text"  # a note or banner that asks to be read
    NOTE_BACKGROUND = "note_background"
    NOTE_BORDER = "note_border"
    CHIP_TEXT = "chip_text"  # a removable tag
    CHIP_BACKGROUND = "chip_background"
    CHIP_HOVER = "chip_hover"
    CHIP_BORDER = "chip_border"
    BACKDROP = "backdrop"  # behind the pages of a document preview
    PAPER = "paper"  # a document's page: white in both schemes, as it prints
    PAPER_EDGE = "paper_edge"
    CHART_THIS_YEAR = "chart_this_year"
    CHART_LAST_YEAR = "chart_last_year"
    CHART_HOURS = "chart_hours"
    DUES_UP_TO_DATE = "dues_up_to_date"
    DUES_LATE = "dues_late"
    DUES_NEVER_PAID = "dues_never_paid"
    DUES_NOT_DUE = "dues_not_due"


FROM_PALETTE = (Role.WINDOW, Role.BASE, Role.TEXT, Role.MUTED, Role.BORDER, Role.CARD_BACKGROUND)

LIGHT: dict[Role, str] = {
    Role.ERROR: "#b91c1c",
    Role.WARNING: "#9a4a07",
    Role.SUCCESS: "#1b6e20",
    Role.NOTE_TEXT: "#5a4300",
    Role.NOTE_BACKGROUND: "#fff4d6",
    Role.NOTE_BORDER: "#e0c97f",
    Role.CHIP_TEXT: "#102a43",
    Role.CHIP_BACKGROUND: "#eaf1f8",
    Role.CHIP_HOVER: "#d5e3f2",
    Role.CHIP_BORDER: "#9db4cf",
    Role.BACKDROP: "#7f7f7f",
    Role.PAPER: "#ffffff",
    Role.PAPER_EDGE: "#555555",
    Role.CHART_THIS_YEAR: "#1f4e79",
    Role.CHART_LAST_YEAR: "#9fb7d1",
    Role.CHART_HOURS: "#2e8b57",
    Role.DUES_UP_TO_DATE: "#2e8b57",
    Role.DUES_LATE: "#e08e0b",
    Role.DUES_NEVER_PAID: "#c0392b",
    Role.DUES_NOT_DUE: "#9aa5b1",
}
DARK: dict[Role, str] = {
    Role.ERROR: "#ff8a80",
    Role.WARNING: "#fbbf24",
    Role.SUCCESS: "#6fcf7a",
    Role.NOTE_TEXT: "#f6dc94",
    Role.NOTE_BACKGROUND: "#3d3213",
    Role.NOTE_BORDER: "#7d6420",
    Role.CHIP_TEXT: "#dbe7f3",
    Role.CHIP_BACKGROUND: "#1e3348",
    Role.CHIP_HOVER: "#294563",
    Role.CHIP_BORDER: "#4f7196",
    Role.BACKDROP: "#2a2a2a",
    Role.PAPER: "#ffffff",
    Role.PAPER_EDGE: "#111111",
    Role.CHART_THIS_YEAR: "#6ea8dc",
    Role.CHART_LAST_YEAR: "#47698c",
    Role.CHART_HOURS: "#4cc38a",
    Role.DUES_UP_TO_DATE: "#4cc38a",
    Role.DUES_LATE: "#f0a830",
    Role.DUES_NEVER_PAID: "#ec6a5c",
    Role.DUES_NOT_DUE: "#8895a3",
}

# Each text colour and the backgrounds it is read on (tests/ui/test_theme.py: 4.5:1 at least).
READABLE: tuple[tuple[Role, Role], ...] = (
    (Role.TEXT, Role.WINDOW),
    (Role.MUTED, Role.WINDOW),
    (Role.MUTED, Role.BASE),
    (Role.ERROR, Role.WINDOW),
    (Role.ERROR, Role.BASE),
    (Role.WARNING, Role.WINDOW),
    (Role.SUCCESS, Role.WINDOW),
    (Role.NOTE_TEXT, Role.NOTE_BACKGROUND),
    (Role.CHIP_TEXT, Role.CHIP_BACKGROUND),
    (Role.CHIP_TEXT, Role.CHIP_HOVER),
)
MIN_CONTRAST = 4.5


class Style(StrEnum):
    """A style snippet a widget takes whole; ``$role`` stands for that role's colour."""

    ERROR = "error"  # an error beside a field, or under a form
    WARNING = "warning"
    SUCCESS = "success"
    MUTED = "muted"  # a caption or a hint
    OVER_LIMIT = "over_limit"  # a counter past its limit
    NOTE = "note"  # a note that asks to be read, in a dialog
    STATUS_NOTE = "status_note"  # the same, slimmer, in the status bar
    HINT = "hint"  # a framed note beside a form (a likely duplicate)
    CHIP = "chip"
    CARD = "card"  # a figure's card on Home
    FIGURE = "figure"  # the big number on a card
    TITLE = "title"
    NAVIGATION = "navigation"
    PAPER = "paper"  # a page of a document preview
    BACKDROP = "backdrop"  # behind those pages (the preview's "pages" widget)
    LINK_ROW = "link_row"  # a button that reads as a link, one line (Home's "To do today")


STYLES: dict[Style, str] = {
    Style.LINK_ROW: (
        "QPushButton { text-align: left; border: none; padding: 3px 6px; color: palette(link); }"
        "QPushButton:hover { text-decoration: underline; }"
    ),
    Style.ERROR: "color: $error;",
    Style.WARNING: "color: $warning;",
    Style.SUCCESS: "color: $success;",
    Style.MUTED: "color: $muted;",
    Style.OVER_LIMIT: "color: $error; font-weight: bold;",
    Style.NOTE: (
        "background: $note_background; color: $note_text; padding: 6px; border-radius: 4px;"
    ),
    Style.STATUS_NOTE: (
        "QLabel { background: $note_background; color: $note_text; padding: 2px 6px; }"
    ),
    Style.HINT: (
        "background: $note_background; color: $note_text; border: 1px solid $note_border;"
        " padding: 6px;"
    ),
    Style.CHIP: (
        "QToolButton { color: $chip_text; border: 1px solid $chip_border; border-radius: 10px;"
        " background: $chip_background; padding: 2px 8px; }"
        "QToolButton:hover { background: $chip_hover; }"
    ),
    Style.CARD: (
        "QFrame#card { background: $card_background; border: 1px solid $border;"
        " border-radius: 8px; }"
    ),
    Style.FIGURE: "font-size: 22pt; font-weight: bold;",
    Style.TITLE: "font-size: 18pt; font-weight: bold;",
    Style.NAVIGATION: "QListWidget { font-size: 12pt; } QListWidget::item { padding: 8px; }",
    Style.PAPER: "background: $paper; border: 1px solid $paper_edge;",
    Style.BACKDROP: "QWidget#pages { background: $backdrop; }",
}

STYLE_PROPERTY = "themeStyle"  # on a widget styled by style(): what to re-apply
ITEM_ROLE = int(Qt.ItemDataRole.UserRole) + 0x7E0  # on a table item coloured by colour_item()


class PostCardColours:
    """The picture card of a post: the association's design, fixed whatever the scheme (the
    image is posted; a reader's feed may be light or dark). The teal is the icon's."""

    ACCENT = QColor("#0f766e")
    INK = QColor("#1f2933")
    MUTED = QColor("#52606d")
    PAPER = QColor("#f7f5f0")
    WHITE = QColor("#ffffff")
    SOFT_ON_PHOTO = QColor(255, 255, 255, 220)  # the date and labels over a photo
    BOX_ON_PHOTO = QColor(255, 255, 255, 40)  # a figure's box over a photo
    SHADE_TOP = QColor(0, 0, 0, 90)  # the photo darkened so white text reads on it
    SHADE_BOTTOM = QColor(0, 0, 0, 200)


# -- computing the colours ---------------------------------------------------------------------
def luminance(colour: QColor) -> float:
    """WCAG relative luminance (sRGB channels linearised)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1 to 21 (4.5 is the least for body text)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(first: QColor, second: QColor, share: float) -> QColor:
    """``first`` moved towards ``second`` by ``share`` (0: first, 1: second), opaque."""
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * share,
        first.greenF() + (second.greenF() - first.greenF()) * share,
        first.blueF() + (second.blueF() - first.blueF()) * share,
    )


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark window."""
    role = QPalette.ColorRole
    return palette.color(role.WindowText).lightness() > palette.color(role.Window).lightness()


def muted_text(palette: QPalette) -> QColor:
    """Window text faded towards the background as far as it still reads on window and base.

    Not the palette's placeholder text: half-transparent black, under 4:1 on a light window.
    """
    role = QPalette.ColorRole
    text, window, base = (palette.color(r) for r in (role.WindowText, role.Window, role.Base))
    for step in range(12, -1, -1):  # 60 % of the way down to 0 %, by 5 %
        candidate = mix(text, window, step / 20)
        if min(contrast(candidate, window), contrast(candidate, base)) >= MIN_CONTRAST + 0.1:
            return candidate
    return QColor(text)


def colours_for(palette: QPalette) -> dict[Role, QColor]:
    """Every role's colour under ``palette``: light or dark values, and the palette's own."""
    role = QPalette.ColorRole
    chosen = DARK if is_dark(palette) else LIGHT
    colours = {name: QColor(value) for name, value in chosen.items()}
    colours[Role.WINDOW] = palette.color(role.Window)
    colours[Role.BASE] = palette.color(role.Base)
    colours[Role.TEXT] = palette.color(role.WindowText)
    colours[Role.MUTED] = muted_text(palette)
    # Not the palette's Mid: in Fusion's dark palette it is darker than the window, unseen.
    colours[Role.BORDER] = mix(colours[Role.WINDOW], colours[Role.TEXT], 0.25)
    colours[Role.CARD_BACKGROUND] = palette.color(role.Base)
    return colours


def css(style: Style, colours: dict[Role, QColor]) -> str:
    """The style sheet text of ``style`` with ``colours`` filled in."""
    return Template(STYLES[style]).substitute({str(r): c.name() for r, c in colours.items()})


# -- the running application's theme -----------------------------------------------------------
class Theme(QObject):
    """The colours of the running application, re-read when the scheme or palette changes."""

    changed = Signal()  # after the colours changed and themed widgets were re-styled

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self.app = app
        self.colours = colours_for(app.palette())
        app.paletteChanged.connect(self.refresh)
        # The system's switch comes first, the palette Qt derives from it a moment later.
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)

    def _scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        QTimer.singleShot(0, self, self.refresh)

    def refresh(self, *_args: object) -> None:
        """Read the palette again; re-style what took a colour if anything changed."""
        colours = colours_for(self.app.palette())
        if {r: c.rgba() for r, c in colours.items()} == {
            r: c.rgba() for r, c in self.colours.items()
        }:
            return
        self.colours = colours
        _restyle(colours)
        self.changed.emit()


_theme: Theme | None = None


def watcher() -> Theme:
    """The running application's theme (made on first use); its ``changed`` says when the
    scheme changed, for a widget that keeps colours :func:`style` cannot re-apply."""
    global _theme
    if _theme is None:
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication):
            raise RuntimeError("the theme needs a QGuiApplication")
        _theme = Theme(app)
        _theme.destroyed.connect(_forget)
    return _theme


def _forget(*_args: object) -> None:
    global _theme
    _theme = None


def color(role: Role) -> QColor:
    """``role``'s colour now (cheap: table models call it for every cell they paint)."""
    return (_theme or watcher()).colours[role]


def resolve(name: str) -> QColor:
    """A role's colour when ``name`` is a role's value, else the colour ``name`` spells (a
    chart's series given a colour by its caller)."""
    if name in Role._value2member_map_:
        return color(Role(name))
    return QColor(name)


def is_dark_now() -> bool:
    """True while the window is drawn dark."""
    return is_dark((_theme or watcher()).app.palette())


def style(widget: QWidget, which: Style | None) -> None:
    """Give ``widget`` a style snippet, kept up to date with the scheme (None: no style)."""
    widget.setProperty(STYLE_PROPERTY, None if which is None else str(which))
    widget.setStyleSheet("" if which is None else css(which, (_theme or watcher()).colours))


def colour_item(item: QTableWidgetItem, role: Role | None) -> None:
    """Colour a table item's text, kept up to date with the scheme (None: the table's own)."""
    item.setData(ITEM_ROLE, None if role is None else str(role))
    if role is None:
        item.setData(Qt.ItemDataRole.ForegroundRole, None)
    else:
        item.setForeground(color(role))


def _restyle(colours: dict[Role, QColor]) -> None:
    from PySide6.QtWidgets import QApplication, QTableWidget

    for widget in QApplication.allWidgets():
        name = widget.property(STYLE_PROPERTY)
        if name:
            widget.setStyleSheet(css(Style(name), colours))
        if isinstance(widget, QTableWidget):
            for row in range(widget.rowCount()):
                for column in range(widget.columnCount()):
                    item = widget.item(row, column)
                    if item is not None and (role := item.data(ITEM_ROLE)):
                        item.setForeground(colours[Role(role)])


# -- icons -------------------------------------------------------------------------------------
# PNGs and not the SVG: Qt reads an SVG icon only through its svg icon-engine plugin, which a
# trimmed bundle may leave out, and each PNG was drawn at its own size (crisper at 16 px than a
# scaled-down drawing). ``tools/make_icons.py`` draws them from assocdesk/resources/icons/.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_file(size: int) -> str:
    """The PNG file of the application icon at ``size`` pixels (one of ``ICON_SIZES``)."""
    return str(resource_path("icons", f"assocdesk-{size}.png"))


def app_icon() -> QIcon:
    """AssocDesk's icon with every size it has, for windows, the task bar and dialogs."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(icon_file(size))
    return icon
