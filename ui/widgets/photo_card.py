"""One activity photo as a card: its thumbnail, caption and the two flags the post studio obeys.

The card only shows and collects; what it edits goes out as signals and the Photos tab writes it
through services.photos. Thumbnails are made with Qt from the stored file, scaled while decoding
(QImageReader.setScaledSize: a 12-megapixel JPEG is not decoded whole for a 150-pixel picture),
and kept in memory only: the database holds no image bytes, the files folder no derived files.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QImageReader, QKeyEvent, QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from assocdesk.services.photos import PhotoInfo
from assocdesk.text.bidi import isolate
from ui import theme

THUMBNAIL_SIZE = 150
CARD_WIDTH = 190
MAX_CACHED = 500

_cache: OrderedDict[tuple[str, int], QImage] = OrderedDict()
_cache_lock = threading.Lock()  # thumbnails are also made in the background attach job


def make_thumbnail(path: Path, size: int = THUMBNAIL_SIZE) -> QImage:
    """A picture at most ``size`` pixels on each side (a null image when it cannot be read).

    Safe in a worker thread (QImage, unlike QPixmap, is not tied to the GUI thread).
    """
    key = (str(path), size)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # a phone's portrait photo stands upright
    full = reader.size()
    if full.isValid() and (full.width() > size or full.height() > size):
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if not image.isNull():
        with _cache_lock:
            _cache[key] = image
            while len(_cache) > MAX_CACHED:
                _cache.popitem(last=False)
    return image


class CaptionEdit(QLineEdit):
    """Enter confirms the caption and stays here (in a dialog it would also press Save)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class FlagLabel(QLabel):
    """A check box's text that wraps (a QCheckBox's own text is one line, cut in a narrow card)
    and toggles the box when clicked, as the box's own text would."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)
        box.setAccessibleName(text)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.toggle()
        super().mouseReleaseEvent(event)


def flag_row(box: QCheckBox, text: str, tooltip: str) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    label = FlagLabel(text, box)
    for widget in (row, box, label):
        widget.setToolTip(tooltip)
    layout.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(label, 1)
    return row


class PhotoCard(QFrame):
    """Thumbnail (click to open in the system viewer), caption, flags, Remove."""

    caption_edited = Signal(int, str)  # photo id, new caption
    flags_edited = Signal(int, bool, bool)  # photo id, shows minors, consent obtained
    remove_requested = Signal(int)
    open_requested = Signal(int)

    def __init__(self, photo: PhotoInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo = photo
        self.saved_caption = photo.caption
        self.setObjectName(f"photo_{photo.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(CARD_WIDTH)

        self.picture = QToolButton()
        self.picture.setObjectName("thumbnail")
        self.picture.setAutoRaise(True)
        self.picture.setFixedSize(THUMBNAIL_SIZE + 8, THUMBNAIL_SIZE + 8)
        self.picture.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        image = make_thumbnail(photo.path) if photo.path.is_file() else QImage()
        self.has_thumbnail = not image.isNull()
        if self.has_thumbnail:
            self.picture.setIcon(QIcon(QPixmap.fromImage(image)))
            self.picture.setToolTip(
                _("Open {name} in the picture viewer").format(name=isolate(photo.file_name))
            )
        else:
            missing = not photo.path.is_file()
            self.picture.setText(_("File missing") if missing else _("Cannot be shown"))
            self.picture.setToolTip(str(photo.path))
        self.picture.clicked.connect(lambda: self.open_requested.emit(photo.id))

        self.name = QLabel()
        self.name.setObjectName("file_name")
        self.name.setToolTip(photo.file_name)
        metrics = self.name.fontMetrics()
        self.name.setText(
            metrics.elidedText(photo.file_name, Qt.TextElideMode.ElideMiddle, CARD_WIDTH - 16)
        )

        self.caption = CaptionEdit(photo.caption)
        self.caption.setObjectName("caption")
        self.caption.setPlaceholderText(_("Caption"))
        self.caption.setMaxLength(500)
        self.caption.setToolTip(_("A few words about the photo (used in posts)."))
        self.caption.editingFinished.connect(self.save_caption)

        self.shows_minors = QCheckBox()
        self.shows_minors.setObjectName("shows_minors")
        self.shows_minors.setChecked(photo.shows_minors)
        minors_row = flag_row(
            self.shows_minors,
            _("Shows minors (under 18)"),
            _(
                "Check it when a child or teenager can be recognised on the photo. "
                "The post studio never uses a photo that shows minors."
            ),
        )
        self.consent = QCheckBox()
        self.consent.setObjectName("consent_obtained")
        self.consent.setChecked(photo.consent_obtained)
        consent_row = flag_row(
            self.consent,
            _("Consent to publish obtained"),
            _(
                "Check it only when everyone who can be recognised agreed to the photo being "
                "published. The post studio uses a photo only when this is checked and it "
                "shows no minors."
            ),
        )
        for box in (self.shows_minors, self.consent):
            box.toggled.connect(self._flags_toggled)

        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("card_error")
        theme.style(self.error, theme.Style.ERROR)
        self.error.setWordWrap(True)
        self.error.hide()

        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName("remove_photo")
        self.remove_button.setToolTip(_("Remove this photo from the activity"))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(photo.id))
        self.open_button = QPushButton(_("Open"))
        self.open_button.setObjectName("open_photo")
        self.open_button.setToolTip(_("Open the photo in this computer's picture viewer"))
        self.open_button.clicked.connect(lambda: self.open_requested.emit(photo.id))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.name)
        layout.addWidget(self.caption)
        layout.addWidget(minors_row)
        layout.addWidget(consent_row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._show_verdict()

    def _show_verdict(self) -> None:
        if self.consent.isChecked() and not self.shows_minors.isChecked():
            self.verdict.setText(_("May appear in posts"))
            theme.style(self.verdict, theme.Style.SUCCESS)
        else:
            self.verdict.setText(_("Kept out of posts"))
            theme.style(self.verdict, theme.Style.MUTED)

    def _flags_toggled(self) -> None:
        self._show_verdict()
        self.flags_edited.emit(
            self.photo.id, self.shows_minors.isChecked(), self.consent.isChecked()
        )

    def save_caption(self) -> None:
        """Send the caption when it differs from what is stored (focus left, Enter, closing)."""
        if self.caption.text() != self.saved_caption:
            self.caption_edited.emit(self.photo.id, self.caption.text())

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
