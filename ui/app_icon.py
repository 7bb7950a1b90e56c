"""The application icon, from the PNG sizes drawn from ``assocdesk/resources/icons/assocdesk.svg``.

PNGs and not the SVG: Qt reads an SVG icon only through its svg icon-engine plugin, which a
trimmed bundle may leave out, and each PNG was drawn at its own size (crisper at 16 px than a
scaled-down drawing). ``tools/make_icons.py`` regenerates them.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from assocdesk.package_data import resource_path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_file(size: int) -> str:
    """The PNG file of the icon at ``size`` pixels (one of ``ICON_SIZES``)."""
    return str(resource_path("icons", f"assocdesk-{size}.png"))


def app_icon() -> QIcon:
    """AssocDesk's icon with every size it has, for windows, the task bar and dialogs."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(icon_file(size))
    return icon
