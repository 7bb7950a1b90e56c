"""An action the signed-in officer's role may not do: shown disabled, with why as its tooltip.

The server refuses it anyway (assocdesk.storage.server_roles); this says so before the click.
The role is read once when the database opens (``services.permissions.role_in``); on a database
file it is None and nothing is ever disabled here.

A control disabled for the role carries the :data:`FORBIDDEN` property, so code that enables
it from its own state (a list's selection, a form's validity) goes through :func:`set_enabled`
and never turns it back on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListWidgetItem, QWidget

from assocdesk.services import permissions

FORBIDDEN = "assocdeskForbidden"  # a Qt dynamic property: True on a control the role may not use

Control = QWidget | QAction


def guard(control: Control, role: str | None, action: str) -> bool:
    """Disable ``control`` with the reason as tooltip (and status tip, which a menu shows) when
    ``role`` may not do ``action``; whether it may."""
    allowed = permissions.can(role, action)
    control.setProperty(FORBIDDEN, not allowed)
    if not allowed:
        control.setEnabled(False)
        reason = permissions.why_not(role, action)
        control.setToolTip(reason)
        control.setStatusTip(reason)
    return allowed


def may_enable(control: Control) -> bool:
    """False for a control :func:`guard` disabled for the role."""
    return not control.property(FORBIDDEN)


def set_enabled(control: Control, enabled: bool) -> None:
    """``setEnabled`` for code that follows a control's own state: the role's refusal stays."""
    control.setEnabled(enabled and may_enable(control))


def guard_item(item: QListWidgetItem, role: str | None, action: str) -> bool:
    """The same for a navigation entry (a page the role may not open): greyed, not selectable,
    the reason as its tooltip."""
    allowed = permissions.can(role, action)
    if not allowed:
        item.setFlags(item.flags() & ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable))
        item.setToolTip(permissions.why_not(role, action))
    return allowed
