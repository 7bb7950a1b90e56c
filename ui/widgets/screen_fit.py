"""Windows sized to their content and to the screen, never past it (issue 20: 1024×768).

``fit_to_screen`` gives a dialog the size its layout asks for, bounded by the screen it opens on
(minus what a window manager adds around it), and moves it back inside the screen.
``FittingScrollArea`` asks for the whole size of what it holds, so a form opens without scroll
bars whenever the screen has room, scrolls vertically only when it has not, and is never
narrower than its content (no horizontal scroll bar). Qt's own ``adjustSize`` stops at two
thirds of the screen and QScrollArea asks for at most 24 lines: both made forms scroll at
1366×768.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QStyle, QWidget

# Room a window manager takes around a window: borders, and the title bar above it.
FRAME_ALLOWANCE = QSize(16, 40)
LAYOUT_LEVELS = 6  # nested layouts between a form's error line and its window, and more


def available_geometry(widget: QWidget) -> QRect:
    """The part of the screen that ``widget``'s window opens on and may cover (no task bar)."""
    window = widget.window()
    parent = window.parentWidget()
    screen = (
        (parent.window().screen() if parent is not None else None)
        or window.screen()
        or QGuiApplication.primaryScreen()
    )
    return screen.availableGeometry()


def room_on_screen(widget: QWidget) -> QSize:
    """The largest size ``widget``'s window may take, its frame left room."""
    return available_geometry(widget).size() - FRAME_ALLOWANCE


def bounded(widget: QWidget, width: int, height: int) -> QSize:
    """``width``×``height``, or less where ``widget``'s screen has less room: for a dialog's
    ``resize`` or ``setMinimumSize`` written for a large screen."""
    return QSize(width, height).boundedTo(room_on_screen(widget))


def fit_to_screen(window: QWidget, grow_only: bool = False) -> None:
    """Resize ``window`` to the size its layout asks for, no larger than the screen.

    ``grow_only``: never smaller than it is now (an error line appeared: the person may have
    made the window larger, which is kept). The window is moved back inside the screen when the
    new size would cross its edge.
    """
    # What just changed inside (an error line shown) reaches the window's size hint only once
    # each layout between them has handled its request, one level per round.
    for _level in range(LAYOUT_LEVELS):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    layout = window.layout()
    if layout is not None:
        layout.activate()
    wanted = window.sizeHint().expandedTo(window.minimumSizeHint())
    if grow_only:
        wanted = wanted.expandedTo(window.size())
    size = wanted.boundedTo(room_on_screen(window)).expandedTo(window.minimumSize())
    if size != window.size():
        window.resize(size)
    if window.isVisible():
        keep_inside_screen(window)


def keep_inside_screen(window: QWidget) -> None:
    """Move ``window`` so that, frame included, it lies within the available screen."""
    area = available_geometry(window)
    frame = window.frameGeometry()
    x = min(max(frame.left(), area.left()), max(area.right() - frame.width() + 1, area.left()))
    y = min(max(frame.top(), area.top()), max(area.bottom() - frame.height() + 1, area.top()))
    if (x, y) != (frame.left(), frame.top()):
        window.move(QPoint(x, y))


def fits_on_screen(window: QWidget, screen: QSize) -> bool:
    """Whether ``window`` at its size, with a frame, fits a screen of ``screen``'s size."""
    size = window.size() + FRAME_ALLOWANCE
    return size.width() <= screen.width() and size.height() <= screen.height()


class FittingScrollArea(QScrollArea):
    """A scroll area that asks for its content's full size, and for at least its content's
    minimum width plus a vertical scroll bar: it scrolls vertically, never horizontally."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The content's size changed (an error line shown): so did this area's size hint, which
        # Qt does not know without being told.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def _frame(self) -> QSize:
        margin = 2 * self.frameWidth()
        margins = self.viewportMargins()
        return QSize(
            margin + margins.left() + margins.right(), margin + margins.top() + margins.bottom()
        )

    def _bar(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint().expandedTo(content.minimumSizeHint())
        if content.hasHeightForWidth():
            hint.setHeight(max(hint.height(), content.heightForWidth(hint.width())))
        return hint + self._frame()

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().minimumSizeHint()
        base = super().minimumSizeHint()
        width = content.minimumSizeHint().width() + self._bar() + self._frame().width()
        return QSize(max(width, base.width()), base.height())
