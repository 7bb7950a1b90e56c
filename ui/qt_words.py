"""Qt's own words (standard buttons, file dialogs, context menus) in the person's language.

Installed by ``ui.app.main`` before the first message box — the second-instance box, the password
prompt and the damaged-file dialog may come before the database opens — and again whenever the
language changes (first run, Settings).

Qt's ``qtbase_ar.qm``/``qtbase_fr.qm`` lack a few strings its file dialog shows ("&Look in:",
"Files of &type:": the dialog's form asks for them with a mnemonic the catalogs do not have); our
own catalog supplies those, through a translator that Qt asks only after its own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator

from assocdesk import i18n
from assocdesk.i18n import N_

# (Qt's context, Qt's source text) → our msgid, for strings Qt's catalogs leave in English.
MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): N_("&Look in:"),
    ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
}
# Qt's catalogs read in the other languages; English needs none.
CATALOGS = ("qtbase", "qt")

# Installed translators, kept referenced: one that is garbage-collected stops translating.
_installed: list[QTranslator] = []


class MissingQtWords(QTranslator):
    """Qt's strings that its catalogs miss, translated from ours (in the current language)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        msgid = MISSING.get((context, source))
        if msgid is None or i18n.current_language() == "en":
            return ""
        return i18n._(msgid)

    def isEmpty(self) -> bool:  # Qt's name
        return False


def translations_folder() -> Path:
    """Where PySide6 keeps Qt's .qm files: Qt's own answer, or the wheel's (and the bundle's,
    which keeps the wheel's layout) folder when Qt was relocated without a qt.conf."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if (folder / "qtbase_fr.qm").exists():
        return folder
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "translations"


def speaks_system_language(language: str) -> bool:
    return QLocale.system().name()[:2] == language


def install(language: str) -> list[QTranslator]:
    """Replace the installed Qt translators by those of ``language``; the ones installed.

    Qt asks the last installed translator first: ours goes in first, so Qt's catalog wins
    wherever it has a translation.
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("Qt's translators need the QApplication")
    while _installed:
        app.removeTranslator(_installed.pop())
    # A native file dialog (GTK, Windows, macOS) speaks the system's language; when AssocDesk
    # speaks another, Qt's own dialog is used, which these catalogs translate.
    app.setAttribute(
        Qt.ApplicationAttribute.AA_DontUseNativeDialogs, not speaks_system_language(language)
    )
    if language == "en":
        return []
    missing = MissingQtWords(app)
    app.installTranslator(missing)
    _installed.append(missing)
    folder = str(translations_folder())
    for name in CATALOGS:
        translator = QTranslator(app)
        if translator.load(f"{name}_{language}", folder):
            app.installTranslator(translator)
            _installed.append(translator)
    return list(_installed)


def installed() -> list[QTranslator]:
    return list(_installed)
