"""Per-machine preferences (UI language, window geometry, list columns, the shared database
chosen), declared once with their defaults.

They live in an INI file in the user's config folder, not in the database: two secretaries may
open the same association file on machines set to different languages.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from assocdesk.i18n import LANGUAGES


def default_preferences_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("AssocDesk", appauthor=False) / "preferences.ini"


class Preferences:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_preferences_path()
        self._settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    @property
    def language(self) -> str:
        value = str(self._settings.value("ui/language", "") or "")
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        self._settings.setValue("ui/language", value)
        self._settings.sync()

    @property
    def window_geometry(self) -> QByteArray | None:
        value = self._settings.value("ui/window_geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._settings.setValue("ui/window_geometry", value)
        self._settings.sync()

    @property
    def shared_database(self) -> str:
        """The address of the shared database chosen in Settings, without its password (which
        is never written here: the keyring keeps it, if asked); "" for this computer's file."""
        return str(self._settings.value("database/shared", "") or "")

    @shared_database.setter
    def shared_database(self, address: str) -> None:
        if address:
            self._settings.setValue("database/shared", address)
        else:
            self._settings.remove("database/shared")
        self._settings.sync()

    def database_to_open(self, given: str | None) -> str | None:
        """``--db``, else ``$ASSOCDESK_DB`` (None: storage.location.resolve reads it), else the
        shared database chosen in Settings; None: the data folder's file."""
        # Imported here, not at the top: this module is imported after Qt at start, whose
        # import hook reads the source of what it names (tests/ui/test_startup_imports.py).
        import os

        from assocdesk.storage.paths import ENV_VARIABLE

        if given:
            return given
        if os.environ.get(ENV_VARIABLE):
            return None
        return self.shared_database or None

    # -- each list's columns: widths, order and sort (QHeaderView.saveState) -------------------
    def list_columns(self, page: str, signature: str) -> QByteArray | None:
        """The header state saved for list ``page``, if saved with the same columns
        (``signature``: their keys): a list that gained a column starts from its defaults."""
        if str(self._settings.value(f"lists/{page}/columns", "") or "") != signature:
            return None
        value = self._settings.value(f"lists/{page}/header")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_list_columns(self, page: str, signature: str, state: QByteArray) -> None:
        self._settings.setValue(f"lists/{page}/columns", signature)
        self._settings.setValue(f"lists/{page}/header", state)
        self._settings.sync()

    def forget_list_columns(self, page: str) -> None:
        self._settings.remove(f"lists/{page}")
        self._settings.sync()
