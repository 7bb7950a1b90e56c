"""One platform's post in the studio: editable text, a live counter, Copy, picture, posted,
and the picture's alt text (what a screen reader says), shown and copyable.

The counter counts the way the platform counts (assocdesk.posts.counting) and turns red past
the limit. Below the buttons, the post as the platform's feed shows it (ui.posts.preview). The
"already posted" warning sits in the header's own line, so marking a post as posted moves none
of the buttons (issue 21). Ctrl+C in the card copies the whole post unless some text is
selected (then Qt's own copy of the selection applies, as everywhere else).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QTextOption
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from assocdesk.posts import counting
from assocdesk.posts.compose import Post
from assocdesk.posts.platforms import Platform
from ui import theme
from ui.posts.fixed_lines import FixedLinesLabel
from ui.posts.preview import PostPreview
from ui.widgets.post_thread import ThreadView


class PostCard(QFrame):
    copied = Signal(str)  # the platform key
    alt_text_copied = Signal(str)  # the platform key
    save_picture_requested = Signal(str)
    mark_posted_requested = Signal(str)

    def __init__(self, platform: Platform, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.platform = platform
        self.post: Post | None = None
        self.setObjectName(f"card_{platform.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        name = QLabel(f"<b>{platform.name}</b>")
        self.counter = QLabel()
        self.counter.setObjectName("counter")
        # In the header's line, one line at most: showing it moves nothing below.
        self.already = FixedLinesLabel(1)
        self.already.setObjectName("already_posted")
        theme.style(self.already, theme.Style.WARNING)
        keep = self.already.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.already.setSizePolicy(keep)
        self.already.hide()
        header = QHBoxLayout()
        header.addWidget(name)
        header.addWidget(self.already, 1)
        header.addWidget(self.counter)

        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText(_("Video title"))
        self.title_counter = QLabel()
        self.title_counter.setObjectName("title_counter")
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.title_counter)
        self.title.textChanged.connect(self._count_title)
        self.title_row = QWidget()
        self.title_row.setLayout(title_row)
        title_row.setContentsMargins(0, 0, 0, 0)
        self.title_row.setVisible(platform.title_limit is not None)

        self.text = QPlainTextEdit()
        self.text.setObjectName("text")
        self.text.setMinimumHeight(160)
        self.text.textChanged.connect(self._count)
        self.preview = PostPreview(platform.name)
        self.text.textChanged.connect(lambda: self.preview.text_edited(self.current_text()))
        self.title.textChanged.connect(self.preview.set_title)
        self.text.installEventFilter(self)

        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.setObjectName("copy")
        self.copy_button.setToolTip(_("Copy the text to the clipboard (Ctrl+C)"))
        self.copy_button.clicked.connect(self.copy)
        self.picture_button = QPushButton(_("Save picture…"))
        self.picture_button.setObjectName("save_picture")
        self.picture_button.clicked.connect(
            lambda: self.save_picture_requested.emit(self.platform.key)
        )
        self.posted_button = QPushButton(_("Mark as posted"))
        self.posted_button.setObjectName("mark_posted")
        self.posted_button.clicked.connect(
            lambda: self.mark_posted_requested.emit(self.platform.key)
        )
        self.alt_caption = QLabel(_("Alt text:"))
        self.alt_caption.setToolTip(
            _(
                "What a screen reader says about the picture: paste it where the platform "
                "asks for a description of the image."
            )
        )
        self.alt_text = QLabel()
        self.alt_text.setObjectName("alt_text")
        self.alt_text.setTextFormat(Qt.TextFormat.PlainText)
        self.alt_text.setWordWrap(True)
        self.alt_text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        theme.style(self.alt_text, theme.Style.MUTED)
        self.copy_alt_button = QPushButton(_("Copy alt text"))
        self.copy_alt_button.setObjectName("copy_alt_text")
        self.copy_alt_button.clicked.connect(self.copy_alt_text)
        alt_row = QHBoxLayout()
        alt_row.setContentsMargins(0, 0, 0, 0)
        alt_row.addWidget(self.alt_caption, 0, Qt.AlignmentFlag.AlignTop)
        alt_row.addWidget(self.alt_text, 1)
        alt_row.addWidget(self.copy_alt_button, 0, Qt.AlignmentFlag.AlignTop)
        self.alt_row = QWidget()
        self.alt_row.setLayout(alt_row)
        self.alt_row.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.picture_button)
        buttons.addStretch(1)
        buttons.addWidget(self.posted_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.title_row)
        layout.addWidget(self.text, 1)
        self.thread = ThreadView(platform)
        self.thread.part_copied.connect(lambda _number: self.copied.emit(self.platform.key))
        layout.addWidget(self.thread)
        layout.addWidget(self.alt_row)
        layout.addLayout(buttons)
        layout.addWidget(self.preview)

    def show_post(self, post: Post, picture_size: str = "square") -> None:
        """Show a freshly composed post (what the person typed before is replaced), and its
        preview with the picture card in ``picture_size``."""
        self.post = post
        rtl = post.language.split("+")[0] == "ar"  # a bilingual post's picture: its first part
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        option = self.text.document().defaultTextOption()
        if "+" in post.language:
            # Each paragraph runs in its own script's direction, aligned to its own start.
            option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
            option.setAlignment(Qt.AlignmentFlag.AlignLeft)
        else:
            option.setTextDirection(direction)
            option.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        self.text.document().setDefaultTextOption(option)
        self.text.setPlainText(post.text)
        self.title.setLayoutDirection(direction)
        self.title.setText(post.title or "")
        alt = getattr(post, "alt_text", "")  # Post.alt_text: the core's alt_text(post.card)
        self.alt_text.setText(alt)
        self.alt_text.setLayoutDirection(direction)
        self.alt_text.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
        self.alt_row.setVisible(bool(alt))
        self.thread.show_parts(post.thread, direction)
        self._count()
        self.preview.show_post(post, picture_size)

    def current_text(self) -> str:
        return self.text.toPlainText()

    def length(self) -> int:
        return counting.count(self.current_text(), self.platform.count)

    def _count(self) -> None:
        length = self.length()
        self.counter.setText(_("{count} / {limit}").format(count=length, limit=self.platform.limit))
        over = length > self.platform.limit
        theme.style(self.counter, theme.Style.OVER_LIMIT if over else theme.Style.MUTED)
        self.counter.setProperty("over", over)
        self.counter.setToolTip(
            _("Too long for {platform}: shorten the text.").format(platform=self.platform.name)
            if over
            else _("Counted the way {platform} counts.").format(platform=self.platform.name)
        )

    def _count_title(self) -> None:
        limit = self.platform.title_limit or 0
        length = counting.characters(self.title.text())
        self.title_counter.setText(_("{count} / {limit}").format(count=length, limit=limit))
        over_title = length > limit
        theme.style(self.title_counter, theme.Style.OVER_LIMIT if over_title else theme.Style.MUTED)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.current_text())
        self.copied.emit(self.platform.key)

    def copy_alt_text(self) -> None:
        QGuiApplication.clipboard().setText(self.alt_text.text())
        self.alt_text_copied.emit(self.platform.key)

    def set_already_posted(self, message: str) -> None:
        self.already.setText(message)
        self.already.setVisible(bool(message))

    def _is_copy(self, event: QEvent) -> bool:
        return isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Copy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+C without a selection copies the whole post."""
        if (
            watched is self.text
            and event.type() == QEvent.Type.KeyPress
            and self._is_copy(event)
            and not self.text.textCursor().hasSelection()
        ):
            self.copy()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        super().keyPressEvent(event)
