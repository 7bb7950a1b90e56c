"""Help → About AssocDesk: what this program is, which version, under which licences, and where
its data lives.

The version is the installed one (``assocdesk.version()``), so a secretary reading it over the
phone says what is really running. The database file and its folder (the log file and the
automatic backups sit there too) are shown selectable, kept left to right in Arabic.

The licences are those of what the package ships in ``assocdesk/resources``: the Amiri font
(SIL Open Font License 1.1, its notice read from ``fonts/OFL.txt``, the whole licence one click
away) and the application icon, drawn for AssocDesk (``icons/README``). BUNDLED says which
file is under which licence; a test fails when a font or an icon is added without its entry.
"""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk import version
from assocdesk.i18n import _
from assocdesk.package_data import resource_path
from assocdesk.storage.location import ServerAddress
from assocdesk.storage.paths import default_database_path, display_path
from assocdesk.text.bidi import isolate_ltr, isolate_path
from ui import theme

PROJECT_LICENCE = "GPL-3.0-or-later"
FONT_LICENCE = "OFL-1.1"

# Resource folder → (file patterns covered, licence id, the file that says so).
BUNDLED: dict[str, tuple[tuple[str, ...], str, str]] = {
    "fonts": (("Amiri-*.ttf",), FONT_LICENCE, "OFL.txt"),
    "icons": (("assocdesk*.png", "assocdesk.ico", "assocdesk.svg"), PROJECT_LICENCE, "README"),
}


def licence_text(folder: str) -> str:
    """The licence file of a resource folder, as shipped."""
    _patterns, _licence, name = BUNDLED[folder]
    return resource_path(folder, name).read_text(encoding="utf-8")


def font_notice() -> str:
    """The font's copyright line, the first of its licence file ("Copyright 2010-2017 …")."""
    for line in licence_text("fonts").splitlines():
        if line.strip():
            return line.strip()
    return ""


def _label(text: str, *, name: str, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    # The UI's side, not the text's: a path or "Python …" would otherwise sit on the left of an
    # Arabic box, since a wrapped label aligns each paragraph by its own first letter.
    side = (
        Qt.AlignmentFlag.AlignRight if QApplication.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
    )
    label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AboutDialog(QDialog):
    def __init__(self, database_path: Path | ServerAddress, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if isinstance(database_path, ServerAddress):
            shown, folder = display_path(database_path.shown()), default_database_path().parent
        else:
            shown, folder = isolate_path(database_path), database_path.parent
        self.setObjectName("about_dialog")
        self.setWindowTitle(_("About AssocDesk"))
        self.setWindowIcon(theme.app_icon())

        picture = QLabel()
        picture.setPixmap(theme.app_icon().pixmap(64, 64))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = _label("AssocDesk", name="about_name")
        theme.style(title, theme.Style.TITLE)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(
            _label(_("Version {version}").format(version=version()), name="about_version")
        )
        header = QHBoxLayout()
        header.addWidget(picture)
        header.addLayout(heading, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(
            _label(
                _(
                    "Members, volunteers, donations and activities of a small association, "
                    "on this computer, without the internet."
                ),
                name="about_description",
            )
        )
        layout.addWidget(
            _label(
                _(
                    "Free software under the GNU General Public License, version 3 or later "
                    "({licence})."
                ).format(licence=PROJECT_LICENCE),
                name="about_licence",
            )
        )
        layout.addWidget(
            _label(
                _("Arabic font: {font}, under the SIL Open Font License 1.1 (OFL).").format(
                    font="Amiri"
                ),
                name="about_fonts",
            )
        )
        layout.addWidget(_label(isolate_ltr(font_notice()), name="about_font_notice"))
        font_licence = QPushButton(_("Font licence…"))
        font_licence.setObjectName("about_font_licence")
        font_licence.setAutoDefault(False)
        font_licence.clicked.connect(self.show_font_licence)
        layout.addWidget(font_licence, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(
            _label(
                _("Icon drawn for AssocDesk, under the same licence as the program."),
                name="about_icon",
            )
        )
        layout.addWidget(
            _label(
                _("Database: {path}").format(path=shown),
                name="about_database",
                selectable=True,
            )
        )
        layout.addWidget(_label(_("Data folder:"), name="about_data_label"))
        layout.addWidget(_label(display_path(folder), name="about_data_folder", selectable=True))
        layout.addWidget(
            _label(
                _("Python {python}, Qt {qt}").format(
                    python=platform.python_version(), qt=pyside_version
                ),
                name="about_runtime",
                selectable=True,
            )
        )
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def show_font_licence(self) -> QDialog:
        """The font's licence, whole, as the package ships it (the OFL asks that it travel
        with the font)."""
        dialog = QDialog(self)
        dialog.setObjectName("font_licence_dialog")
        dialog.setWindowTitle("SIL Open Font License 1.1")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        text = QPlainTextEdit(licence_text("fonts"))
        text.setReadOnly(True)
        text.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # an English legal text
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
        dialog.resize(560, 480)
        self.licence_dialog = dialog
        dialog.open()
        return dialog

    def text(self) -> str:
        """Everything the box says, one label a line (what a test or a screen reader reads)."""
        return "\n".join(label.text() for label in self.findChildren(QLabel) if label.text())
