"""First run: the language, then the association's profile — enough to start working — or the
demo association in a file of its own, for whoever only wants to look first.

Everything here can be changed later in Settings, so only what a first receipt needs is asked:
the name in the chosen language, the city, the country (which gives the currency) and the
receipt prefix (from the name's initials). Labels, country names and the direction follow the
language as soon as it is chosen.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from html import escape

from PySide6.QtCore import QCollator, QLocale, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk import i18n
from assocdesk.demo import DemoCancelled
from assocdesk.i18n import _
from assocdesk.services import association
from assocdesk.storage.errors import DatabaseError
from assocdesk.storage.lock import DatabaseLock
from assocdesk.storage.paths import display_path
from assocdesk.text.bidi import isolate_ltr
from ui import commands, demo_file, qt_words, theme, workers
from ui.context import AppContext
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.fields import choice_box, currency_box, language_choices, select_data

# The countries AssocDesk knows (identifiers, wording, digits), with the currency each suggests.
COUNTRY_CURRENCY = {
    "MA": "MAD",
    "DZ": "DZD",
    "TN": "TND",
    "LY": "LYD",
    "MR": "MRU",
    "EG": "EGP",
    "SA": "SAR",
    "AE": "AED",
    "QA": "QAR",
    "KW": "KWD",
    "BH": "BHD",
    "OM": "OMR",
    "JO": "JOD",
    "LB": "LBP",
    "PS": "ILS",
    "IQ": "IQD",
    "SD": "SDG",
    "YE": "YER",
    "FR": "EUR",
    "BE": "EUR",
    "CH": "CHF",
    "CA": "CAD",
    "SN": "XOF",
}
# CLDR's "Palestinian Territories" is not how the association's people name their country.
COUNTRY_NAMES = {"PS": {"ar": "فلسطين", "fr": "Palestine", "en": "Palestine"}}
DEMO = 2  # the dialog's result when the person chose to try the demo (Accepted is 1)
# Short words left out of a prefix: "Association des Amis de Nour" → "AAN".
_SMALL_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "pour"}
    | {"of", "the", "and", "for"}
)


def country_choices(language: str) -> list[tuple[str, str]]:
    """(code, name in ``language``), in the alphabetical order of that language."""
    from babel import Locale

    names = Locale.parse(language).territories
    choices = [
        (code, COUNTRY_NAMES.get(code, {}).get(language) or names.get(code, code))
        for code in COUNTRY_CURRENCY
    ]
    collator = QCollator(QLocale(language))
    return sorted(choices, key=lambda choice: collator.sortKey(choice[1]))


def default_country() -> str:
    """The computer's country when AssocDesk knows it, else Morocco (most of our users)."""
    code = QLocale.system().name().partition("_")[2].upper()
    return code if code in COUNTRY_CURRENCY else "MA"


def suggested_prefix(name: str) -> str:
    """Receipt numbers' prefix from the name's initials, in Latin capitals ("AN" for
    "Association Nour"); "R" for a name with no Latin letters (an Arabic name)."""
    latin = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = [word for word in re.findall("[A-Za-z]+", latin) if word.lower() not in _SMALL_WORDS]
    if not words:
        return "R"
    initials = "".join(word[0] for word in words).upper()[:4]
    return initials if len(initials) > 1 else words[0][:3].upper()


class FirstRunDialog(RecordDialog):
    """Shown while the database has no association profile. ``exec()`` gives Accepted (the
    profile is saved), DEMO (``self.demo`` holds the opened demo file) or Rejected."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "AssocDesk", parent)
        self.demo: demo_file.DemoSession | None = None
        self._job: workers.Job | None = None
        self._demo_lock: DatabaseLock | None = None
        self._prefix_typed = False
        self.language = choice_box(language_choices(), context.language or "ar")
        self.name = QLineEdit()
        self.city = QLineEdit()
        self.country = choice_box(country_choices(self.language.currentData()), default_country())
        self.currency = currency_box(COUNTRY_CURRENCY[self.country.currentData()])
        self.receipt_prefix = QLineEdit("R")
        self.receipt_prefix.setMaxLength(12)
        self.receipt_example = QLabel()
        theme.style(self.receipt_example, theme.Style.MUTED)
        prefix_row = QWidget()
        prefix_layout = QHBoxLayout(prefix_row)
        prefix_layout.setContentsMargins(0, 0, 0, 0)
        prefix_layout.addWidget(self.receipt_prefix, 1)
        prefix_layout.addWidget(self.receipt_example, 2)
        prefix_row.setFocusProxy(self.receipt_prefix)  # an error there focuses the text box
        for name, widget in (
            ("default_language", self.language),
            ("name", self.name),
            ("city", self.city),
            ("country", self.country),
            ("default_currency", self.currency),
            ("receipt_prefix", prefix_row),
        ):
            self.add_field(name, "", widget)
        self.error_aliases.update({f"name_{code}": "name" for code in i18n.LANGUAGES})
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.intro)
        demo_box = self._demo_box()
        # The demo is a file beside the real one; a shared database has no file to be beside,
        # and an office's server is no place for examples.
        demo_box.setVisible(not context.db.on_server)
        layout.insertWidget(layout.count() - 1, demo_box)
        self.language.currentIndexChanged.connect(self._retranslate)
        self.country.currentIndexChanged.connect(self._suggest_currency)
        self.name.textChanged.connect(self._suggest_prefix)
        self.receipt_prefix.textEdited.connect(self._prefix_edited)
        self.receipt_prefix.textChanged.connect(self._show_receipt_example)
        self.setMinimumWidth(560)
        self._retranslate()

    def _demo_box(self) -> QFrame:
        box = QFrame()
        box.setObjectName("demo_box")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        self.demo_text = QLabel()
        self.demo_text.setWordWrap(True)
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("try_demo")
        self.demo_button.clicked.connect(self.try_demo)
        self.demo_progress = QProgressBar()
        self.demo_progress.setTextVisible(False)
        self.demo_progress.hide()
        row = QHBoxLayout()
        row.addWidget(self.demo_progress, 1)
        row.addStretch()
        row.addWidget(self.demo_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.demo_text)
        layout.addLayout(row)
        return box

    # -- following what is chosen ---------------------------------------------------------
    def _retranslate(self) -> None:
        language = self.language.currentData()
        i18n.set_language(language)
        qt_words.install(language)  # Qt's own words (the discard prompt's buttons) follow
        self.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft
            if i18n.is_rtl(language)
            else Qt.LayoutDirection.LeftToRight
        )
        self.setWindowTitle(_("Welcome to AssocDesk"))
        intro = _(
            "Tell AssocDesk about your association to start. You can change all of this "
            "later in Settings, and add the name in the other languages there."
        )
        self.intro.setText(f"<h3>{escape(_('Welcome to AssocDesk'))}</h3><p>{escape(intro)}</p>")
        labels = (
            _("Language"),
            _("Name of the association"),
            _("City"),
            _("Country"),
            _("Currency"),
            _("Receipt prefix"),
        )
        for row, text in enumerate(labels):
            self.form.itemAt(row, self.form.ItemRole.LabelRole).widget().setText(text)
        self._show_receipt_example()
        self._rename_countries(language)
        if self.context.db.path is not None:
            self.demo_text.setText(
                _(
                    "Just looking? Try AssocDesk with a demo association full of examples. It "
                    "goes into a separate file, {file}; your own database stays empty."
                ).format(file=display_path(demo_file.demo_path(self.context.db.path).name))
            )
        self.demo_button.setText(_("Try with demo data"))
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("Start"))
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(_("Cancel"))
        self._fit()  # the texts of another language may take more lines

    def _rename_countries(self, language: str) -> None:
        current = self.country.currentData()
        self.country.blockSignals(True)  # the same country: no new currency suggested
        self.country.clear()
        for code, name in country_choices(language):
            self.country.addItem(name, code)
        select_data(self.country, current)
        self.country.blockSignals(False)

    def _suggest_currency(self) -> None:
        currency = COUNTRY_CURRENCY.get(self.country.currentData() or "")
        if currency:
            self.currency.setCurrentText(currency)

    def _suggest_prefix(self, name: str) -> None:
        if not self._prefix_typed:
            self.receipt_prefix.setText(suggested_prefix(name))

    def _show_receipt_example(self) -> None:
        number = f"{self.receipt_prefix.text().strip() or 'R'}-{date.today().year}-0001"
        # Read left to right, also inside an Arabic sentence.
        self.receipt_example.setText(
            _("Receipt numbers: {number} …").format(number=isolate_ltr(number))
        )

    def _prefix_edited(self, text: str) -> None:
        self._prefix_typed = bool(text)  # emptied: follow the name again

    def _fit(self) -> None:
        """Six fields need no scroll bar: the form keeps its full height (errors included) and
        the dialog grows with it; it stays well within a 1024×768 screen."""
        body = self._fields_area.widget()
        body.adjustSize()
        self._fields_area.setMinimumHeight(body.sizeHint().height())
        if self.isVisible():
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        else:
            self.adjustSize()

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors(errors)
        self._fit()

    # -- saving the profile ---------------------------------------------------------------
    def save(self) -> int:
        language = self.language.currentData()
        data = association.ProfileInput(
            default_language=language,
            default_currency=self.currency.currentText(),
            city=self.city.text(),
            country=self.country.currentData() or "",
            receipt_prefix=self.receipt_prefix.text(),
        )
        setattr(data, f"name_{language}", self.name.text())
        profile = commands.write(self.context, lambda s: association.save(s, data))
        self.context.preferences.language = language
        return profile.id

    # -- the demo -------------------------------------------------------------------------
    def try_demo(self) -> workers.Job | None:
        """Open (and fill, the first time) the demo file beside the real one, in the
        background; the dialog then ends with DEMO and ``self.demo``."""
        self.clear_errors()
        path = demo_file.demo_path(self.context.db.file)
        lock = DatabaseLock(path)
        try:
            lock.acquire()  # another AssocDesk may be showing the demo already
        except DatabaseError as exc:
            self.show_errors({"": str(exc)})
            return None
        self._demo_lock = lock

        def work(progress: workers.Progress) -> object:
            return demo_file.open_demo(path, progress)

        job = workers.Job(work, cancelled_by=(DemoCancelled,), user_errors=(DatabaseError,))
        job.signals.progress.connect(self._demo_progress)
        job.signals.finished.connect(self._demo_ready)
        job.signals.failed.connect(self._demo_failed)
        job.signals.cancelled.connect(self._demo_stopped)
        self._set_busy(True)
        self._job = workers.start(job)
        return self._job

    def _set_busy(self, busy: bool) -> None:
        self._fields_area.setEnabled(not busy)
        self.demo_button.setEnabled(not busy)
        self.buttons.button(self.buttons.StandardButton.Save).setEnabled(not busy)
        self.demo_progress.setRange(0, 0)  # busy until the fill reports its first records
        self.demo_progress.setVisible(busy)

    def _demo_progress(self, done: int, total: int) -> None:
        self.demo_progress.setRange(0, total)
        self.demo_progress.setValue(done)

    def _demo_ready(self, database: object) -> None:
        self._job = None
        assert self._demo_lock is not None
        self.demo = demo_file.DemoSession(self.context.db.path, database, self._demo_lock)
        self._demo_lock = None
        self.context.preferences.language = self.language.currentData()
        self.done(DEMO)

    def _demo_failed(self, message: str) -> None:
        self._demo_stopped()
        self.show_errors({"": message})

    def _demo_stopped(self) -> None:
        self._job = None
        if self._demo_lock is not None:
            self._demo_lock.release()
            self._demo_lock = None
        self._set_busy(False)

    def reject(self) -> None:
        """While the demo is being prepared, Cancel (or Esc) stops that, not the dialog."""
        if self._job is not None:
            self._job.cancel()
            return
        super().reject()

    def result_is_demo(self) -> bool:
        return self.result() == DEMO and self.demo is not None
