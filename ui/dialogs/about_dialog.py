"""Help → About AssocDesk: what this program is, which version, under which licences, and where
its data lives.

The version is the installed one (``assocdesk.version()``), so a secretary reading it over the
phone says what is really running. The data folder is the open database's folder (the log file
and the automatic backups sit there too), shown selectable so it can be copied.
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
    QVBoxLayout,
    QWidget,
)

from assocdesk import version
from assocdesk.i18n import _
from assocdesk.storage.paths import display_path
from ui import theme

PROJECT_LICENCE = "GPL-3.0-or-later"


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
    def __init__(self, database_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        layout.addWidget(
            _label(
                _("Icon drawn for AssocDesk, under the same licence as the program."),
                name="about_icon",
            )
        )
        layout.addWidget(_label(_("Data folder:"), name="about_data_label"))
        layout.addWidget(
            _label(display_path(database_path.parent), name="about_data_folder", selectable=True)
        )
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

    def text(self) -> str:
        """Everything the box says, one label a line (what a test or a screen reader reads)."""
        return "\n".join(label.text() for label in self.findChildren(QLabel) if label.text())
