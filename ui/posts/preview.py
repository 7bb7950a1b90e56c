"""A post as the platform's feed shows it: the association's picture and name, the text folded
where that platform puts its "See more", and the picture card below.

Where the fold falls is the core's rule (assocdesk.posts.preview); this only draws it, about as
wide as a phone's feed, in the post's direction. The editor above stays the place to write: the
preview follows it as the secretary types.
"""

from __future__ import annotations

import html
from collections import OrderedDict

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from assocdesk.i18n import _
from assocdesk.posts.card import CardContent
from assocdesk.posts.compose import Post
from assocdesk.posts.preview import ELLIPSIS, Preview, preview
from ui import theme

FEED_WIDTH = 360  # about a phone's feed column, in pixels
AVATAR = 32
PICTURE_WIDTH = 200
_PICTURES: OrderedDict[tuple[str, str], QImage] = OrderedDict()  # the last cards drawn, small
_KEEP = 12


def picture(card: CardContent, size: str, width: int = PICTURE_WIDTH) -> QImage:
    """The post's picture card at ``width`` pixels (drawn once per content and size)."""
    key = (repr(card), f"{size}@{width}")
    image = _PICTURES.get(key)
    if image is None:
        from ui.posts.card import draw_card

        image = draw_card(card, size).scaledToWidth(
            width, Qt.TransformationMode.SmoothTransformation
        )
        _PICTURES[key] = image
        while len(_PICTURES) > _KEEP:
            _PICTURES.popitem(last=False)
    _PICTURES.move_to_end(key)
    return image


def avatar(card: CardContent, pixels: int = AVATAR) -> QPixmap:
    """The association's logo in a circle, as feeds show a page's picture; without a logo, the
    first letter of its name on the card's colour."""
    from ui.theme import PostCardColours

    image = QImage(str(card.logo)) if card.logo else QImage()
    result = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    result.fill(0)  # transparent around the circle
    painter = QPainter(result)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    circle = QPainterPath()
    circle.addEllipse(QRectF(0, 0, pixels, pixels))
    painter.setClipPath(circle)
    if not image.isNull():
        scaled = image.scaled(
            pixels,
            pixels,
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        painter.drawImage((pixels - scaled.width()) // 2, (pixels - scaled.height()) // 2, scaled)
    else:
        painter.fillPath(circle, PostCardColours.ACCENT)
        font = QFont()
        font.setPixelSize(pixels // 2)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(PostCardColours.WHITE)
        painter.drawText(
            QRectF(0, 0, pixels, pixels), Qt.AlignmentFlag.AlignCenter, card.association[:1]
        )
    painter.end()
    return QPixmap.fromImage(result)


def preview_html(folded: Preview) -> str:
    """The folded text as rich text: each line its own paragraph (so each takes its own
    script's direction), then "… See more" in the feed's muted grey."""
    shown = folded.shown.rstrip(".,;:،؛") if folded.folded else folded.shown  # "action… plus"
    lines = shown.split("\n") or [""]
    blocks = [html.escape(line) or "&nbsp;" for line in lines]
    if folded.folded:
        more = theme.color(theme.Role.MUTED).name()
        blocks[-1] += f'{ELLIPSIS} <span style="color:{more}">{html.escape(folded.more)}</span>'
    return "".join(f'<p style="margin:0">{block}</p>' for block in blocks)


class PostPreview(QFrame):
    """The feed's view of one platform's post (see the module's docstring)."""

    def __init__(self, platform_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMaximumWidth(FEED_WIDTH)
        # Its height follows its width (wrapped text): never squeezed below it.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.post: Post | None = None
        self.folded = Preview("", None, "")
        self._key = ""
        self._size = "square"
        self._pending = ""
        self.caption = QLabel(_("As {platform} shows it").format(platform=platform_name))
        theme.style(self.caption, theme.Style.MUTED)
        self.avatar = QLabel()
        self.avatar.setObjectName("preview_avatar")
        self.avatar.setFixedSize(QSize(AVATAR, AVATAR))
        self.name = QLabel()
        self.name.setObjectName("preview_name")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.name.font()
        bold.setBold(True)
        self.name.setFont(bold)
        self.name.setWordWrap(True)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.avatar)
        header.addWidget(self.name, 1)
        self.title = QLabel()  # YouTube: the video's title above its description
        self.title.setObjectName("preview_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setFont(bold)
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("preview_text")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.picture = QLabel()
        self.picture.setObjectName("preview_picture")
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(header)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)  # typing: redraw once the fingers pause
        self._timer.timeout.connect(lambda: self.set_text(self._pending))

    def show_post(self, post: Post, picture_size: str) -> None:
        """Show a freshly composed post: its association, text, title and picture."""
        self.post, self._size = post, picture_size
        rtl = post.language.split("+")[0] == "ar"
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        self.setLayoutDirection(direction)
        self.avatar.setPixmap(avatar(post.card))
        self.name.setText(post.card.association)
        self.title.setText(post.title or "")
        self.title.setVisible(bool(post.title))
        self.set_text(post.thread[0] if post.thread else post.text)
        self.set_picture_size(picture_size)

    def text_edited(self, text: str) -> None:
        """The editor changed: fold the new text a moment later."""
        self._pending = text
        self._timer.start()

    def set_text(self, text: str) -> None:
        """Fold ``text`` the platform's way and show it."""
        if self.post is None:
            return
        self._timer.stop()
        self.folded = preview(text, self.post.platform.key, self.post.language)
        self.text.setText(preview_html(self.folded))

    def set_title(self, title: str) -> None:
        self.title.setText(title)
        self.title.setVisible(bool(title))

    def set_picture_size(self, size: str) -> None:
        """Draw the picture card in ``size`` (square, portrait …), as the feed shows it."""
        self._size = size
        if self.post is None:
            return
        self.picture.setPixmap(QPixmap.fromImage(picture(self.post.card, size)))
