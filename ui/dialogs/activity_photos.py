"""The Photos tab of an activity: attach pictures, caption them, say who is on them, remove them.

Every change is written at once through services.photos (and journaled there), not on the
dialog's Save: a copied file cannot wait for Save, and a caption typed then cancelled would be
the only half-kept change. The tab says so. Attaching copies and hashes whole files, so it runs
in the background job thread, with a progress bar when there are several; a file that is not a
picture is named in the error area and the others are attached all the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QHideEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _, ngettext
from assocdesk.services import photos
from assocdesk.services.errors import NotFound, ValidationError
from assocdesk.storage.errors import StorageError
from assocdesk.storage.paths import display_path
from ui import commands, theme, workers
from ui.context import AppContext
from ui.widgets import screen_fit
from ui.widgets.photo_card import CARD_WIDTH, PhotoCard, make_thumbnail
from ui.widgets.progress_panel import ProgressPanel

IMAGE_FILTER = "*.jpg *.jpeg *.png *.webp *.gif *.JPG *.JPEG *.PNG *.WEBP *.GIF"


def ask_photo_files(parent: QWidget) -> list[Path]:
    """The pictures chosen in the system's file dialog (several at once), or []."""
    chosen, _filter = QFileDialog.getOpenFileNames(
        parent,
        _("Add photos"),
        "",
        "{pictures} ({patterns});;{all} (*)".format(
            pictures=_("Pictures"), patterns=IMAGE_FILTER, all=_("All files")
        ),
    )
    return [Path(name) for name in chosen]


class ActivityPhotos(QWidget):
    def __init__(
        self, context: AppContext, activity_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("activity_photos")
        self.context = context
        self.activity_id = activity_id
        self.cards: list[PhotoCard] = []
        self.job: workers.Job | None = None
        self._columns = 0
        self._watched_window: QWidget | None = None
        layout = QVBoxLayout(self)
        if activity_id is None:
            note = QLabel(_("Save the activity first; then open it again to add its photos."))
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addStretch(1)
            return
        self.setAcceptDrops(True)

        self.add_button = QPushButton(_("Add photos…"))
        self.add_button.setObjectName("add_photos")
        self.add_button.clicked.connect(self.choose_files)
        self.count = QLabel()
        self.count.setObjectName("photo_count")
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addWidget(self.count, 1)
        hint = QLabel(
            _(
                "You can also drop picture files here. Photos and their details are saved "
                "as soon as you change them."
            )
        )
        hint.setWordWrap(True)
        theme.style(hint, theme.Style.MUTED)

        self.progress = ProgressPanel()
        self.errors = QLabel()
        self.errors.setObjectName("photo_errors")
        theme.style(self.errors, theme.Style.ERROR)
        self.errors.setWordWrap(True)
        self.errors.hide()

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
        self.empty = QLabel(_("No photos yet."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.style(self.empty, theme.Style.MUTED)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.grid_host)
        self.scroll.setWidgetResizable(True)

        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.progress)
        layout.addWidget(self.errors)
        layout.addWidget(self.empty)
        layout.addWidget(self.scroll, 1)
        self.setMinimumWidth(screen_fit.bounded(self, 2 * CARD_WIDTH + 60, 0).width())
        self.reload()

    # -- showing -------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.job is not None

    def reload(self) -> None:
        assert self.activity_id is not None
        activity_id, database = self.activity_id, self.context.db
        listed = self.context.read(lambda s: photos.list_for_activity(s, database, activity_id))
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        for photo in listed:
            card = PhotoCard(photo, self.grid_host)
            card.caption_edited.connect(self.save_caption)
            card.flags_edited.connect(self.save_flags)
            card.remove_requested.connect(self.remove)
            card.open_requested.connect(self.open_photo)
            self.cards.append(card)
        self.count.setText(_("Photos: {count}").format(count=len(listed)) if listed else "")
        self.empty.setVisible(not listed)
        self.scroll.setVisible(bool(listed))
        self._columns = 0
        self._arrange()

    def _arrange(self) -> None:
        """Lay the cards out in as many columns as the width allows."""
        width = self.scroll.viewport().width() if self.scroll.isVisible() else self.width()
        columns = max(1, (width - 10) // (CARD_WIDTH + self.grid.horizontalSpacing() + 2))
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.activity_id is not None:
            self._arrange()

    def card(self, photo_id: int) -> PhotoCard | None:
        return next((c for c in self.cards if c.photo.id == photo_id), None)

    # -- attaching -----------------------------------------------------------------------
    def choose_files(self) -> None:
        self.attach(ask_photo_files(self))

    def attach(self, files: Sequence[Path]) -> None:
        """Copy ``files`` in the background; refused ones are listed by name when it ends."""
        if not files or self.busy or self.activity_id is None:
            return
        self.errors.hide()
        database, activity_id, files = self.context.db, self.activity_id, list(files)

        def work(progress: workers.Progress) -> photos.AttachResult:
            result = photos.attach_files(database, activity_id, files, progress)
            with database.reading() as session:
                listed = photos.list_for_activity(session, database, activity_id)
            for photo in listed:  # decoded here, not in the UI thread; cached for the cards
                if photo.id in result.attached:
                    make_thumbnail(photo.path)
            return result

        def ended(result: photos.AttachResult | str) -> None:
            # The runner told the list and the studio already, even if this dialog was closed.
            if shiboken6.isValid(self):
                self._attached(result)

        command = commands.CommandOp(self.context, work).success(ended).failure(ended)
        if len(files) > 1:
            adding = ngettext("Adding {count} photo…", "Adding {count} photos…", len(files))
            command.watched_by(self.progress, adding.format(count=len(files)))
        self._set_busy(True)
        self.job = command.run_in_background()

    def _set_busy(self, busy: bool) -> None:
        self.add_button.setEnabled(not busy)
        for card in self.cards:
            card.remove_button.setEnabled(not busy)

    def _attached(self, result: photos.AttachResult | str) -> None:
        """Show what was refused (or why the job failed: files before it are attached)."""
        self.job = None
        self._set_busy(False)
        if isinstance(result, str):
            messages = [result]
        else:
            messages = [message for _name, message in result.refused]
            messages += [
                _("{name} is already attached to this activity.").format(
                    name=photos.shown_file_name(name)
                )
                for name in result.already_there
            ]
        self._show_errors(messages)
        self.reload()

    def _show_errors(self, messages: list[str]) -> None:
        self.errors.setText("\n".join(messages))
        self.errors.setVisible(bool(messages))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.busy and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.attach(files)

    # -- editing -------------------------------------------------------------------------
    def _write(self, photo_id: int, command: Callable[..., object]) -> bool:
        card = self.card(photo_id)
        try:
            commands.write(self.context, command)
        except (ValidationError, NotFound, StorageError) as exc:
            if card is not None:
                card.show_error(getattr(exc, "message", "") or str(exc))
            return False
        if card is not None:
            card.show_error("")
        return True

    def save_caption(self, photo_id: int, caption: str) -> None:
        if self._write(photo_id, lambda s: photos.set_flags(s, photo_id, caption=caption)):
            card = self.card(photo_id)
            if card is not None:
                card.saved_caption = caption

    def save_flags(self, photo_id: int, shows_minors: bool, consent_obtained: bool) -> None:
        self._write(
            photo_id,
            lambda s: photos.set_flags(
                s, photo_id, shows_minors=shows_minors, consent_obtained=consent_obtained
            ),
        )

    def save_pending(self) -> None:
        """Captions typed but not yet confirmed (the dialog closes with the cursor in one)."""
        for card in self.cards:
            card.save_caption()

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_pending()  # another tab was chosen
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._watched_window is None:  # a closing window sends its tabs no hide event
            self._watched_window = self.window()
            self._watched_window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched_window and event.type() == QEvent.Type.Hide:
            self.save_pending()
        return super().eventFilter(watched, event)

    def remove(self, photo_id: int) -> None:
        card = self.card(photo_id)
        if card is None or self.busy:
            return
        answer = QMessageBox.question(
            self,
            _("Remove photo"),
            _("Remove the photo “{name}” from this activity?").format(
                name=photos.shown_file_name(card.photo.file_name)
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        database = self.context.db
        if self._write(photo_id, lambda s: photos.remove(s, database, photo_id)):
            self.reload()

    def open_photo(self, photo_id: int) -> None:
        card = self.card(photo_id)
        if card is None:
            return
        path = card.photo.path
        if not path.is_file():
            card.show_error(_("The file {path} is missing.").format(path=display_path(path)))
        elif not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            card.show_error(_("No program on this computer could open the photo."))
