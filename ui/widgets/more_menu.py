"""A "More" button: the rarely used actions of a page, in a menu, so its row of buttons fits
1024×768 (issue 20).

The actions stay the page's own: added to the page too, their shortcuts work while the menu is
closed, and a test (or another button) may trigger them directly.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from assocdesk.i18n import _
from ui.widgets.shortcut_tip import describe


def more_button(owner: QWidget, actions: Sequence[QAction], name: str = "more") -> QToolButton:
    """A "More ▾" tool button whose menu holds ``actions``; each also gets ``owner`` as a
    widget (for its shortcut) and a tooltip that names it and its shortcut."""
    button = QToolButton(owner)
    button.setObjectName(name)
    button.setText(_("More"))
    button.setToolTip(_("More actions"))
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    menu.setToolTipsVisible(True)
    for action in actions:
        describe(action)
        menu.addAction(action)
        owner.addAction(action)
    button.setMenu(menu)
    return button
