"""Edit a post template (occasion × style × language); the user's version is kept in the database.

"Restore default" brings the built-in text back into the editor; saving the built-in text removes
the user's version. The help line lists the placeholders the occasion knows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import N_, _
from assocdesk.posts.occasions import OCCASION_LABELS, PLACEHOLDERS
from assocdesk.posts.templates import default_template
from assocdesk.services import posts
from assocdesk.services.errors import EditConflict, ValidationError
from ui import commands, theme
from ui.context import AppContext
from ui.widgets import screen_fit
from ui.widgets.fields import choice_box, language_choices

STYLE_LABELS = {
    "long": N_("Long (Facebook, Instagram, YouTube description)"),
    "short": N_("Short (X, Threads, Bluesky, WhatsApp)"),
    "professional": N_("Professional (LinkedIn)"),
    "title": N_("Video title (YouTube)"),
}


class PostTemplateDialog(QDialog):
    def __init__(
        self, context: AppContext, occasion: str, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        # The version of the text shown (posts.template_version: 0, the built-in), sent back on
        # Save: a template another desk saved meanwhile is not overwritten unseen.
        self.version: int | None = None
        self.setWindowTitle(_("Post templates"))
        self.resize(screen_fit.bounded(self, 720, 560))
        self.occasion = choice_box(
            [(key, _(label)) for key, label in OCCASION_LABELS.items()], occasion
        )
        self.occasion.setObjectName("occasion")
        self.style = choice_box([(key, _(label)) for key, label in STYLE_LABELS.items()])
        self.style.setObjectName("style")
        self.language = choice_box(language_choices(), language)
        self.language.setObjectName("language")
        self.body = QPlainTextEdit()
        self.body.setObjectName("body")
        self.help = QLabel()
        self.help.setObjectName("help")
        self.help.setWordWrap(True)
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel()
        self.error.setObjectName("error")
        theme.style(self.error, theme.Style.ERROR)
        self.error.hide()
        self.state = QLabel()
        self.state.setObjectName("state")
        self.restore = QPushButton(_("Restore default"))
        self.restore.setObjectName("restore_default")
        self.restore.clicked.connect(self._restore)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.addButton(self.restore, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_("Occasion"), self.occasion)
        form.addRow(_("Style"), self.style)
        form.addRow(_("Language"), self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.state)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.help)
        layout.addWidget(buttons)
        for box in (self.occasion, self.style, self.language):
            box.currentIndexChanged.connect(self.load)
        self.load()

    def key(self) -> tuple[str, str, str]:
        return self.occasion.currentData(), self.style.currentData(), self.language.currentData()

    def load(self) -> None:
        occasion, style, language = self.key()
        text, customized, self.version = self.context.read(
            lambda s: (
                posts.template_text(s, occasion, style, language),
                posts.is_customized(s, occasion, style, language),
                posts.template_version(s, occasion, style, language),
            )
        )
        rtl = language == "ar"
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        self.body.setLayoutDirection(direction)
        # Every line in the template's direction, even one that starts with {title} or [1].
        option = self.body.document().defaultTextOption()
        option.setTextDirection(direction)
        option.setAlignment(
            (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
            | Qt.AlignmentFlag.AlignAbsolute
        )
        self.body.document().setDefaultTextOption(option)
        self.body.setPlainText(text)
        self.error.hide()
        self.state.setText(_("Your version") if customized else _("Built-in template"))
        names = " ".join("{" + name + "}" for name in PLACEHOLDERS[occasion])
        self.help.setText(
            _(
                "One part per line. A line whose facts are missing is left out. A line starting "
                "with [1], [2] … is optional: when the text is too long, [1] goes first. Hashtags "
                "are added after the text. Facts: {names}"
            ).format(names=names)
        )

    def _restore(self) -> None:
        occasion, style, language = self.key()
        self.body.setPlainText(default_template(occasion, style, language))

    def save(self) -> None:
        occasion, style, language = self.key()
        body, version = self.body.toPlainText(), self.version
        try:
            commands.write(
                self.context,
                lambda s: posts.save_template(s, occasion, style, language, body, version),
            )
        except EditConflict as exc:  # theirs said above what was typed; Save again replaces it
            self.version = exc.version
            self.error.setText(exc.message)
            self.error.show()
            return
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()  # what was typed stays in the editor
            return
        self.load()
