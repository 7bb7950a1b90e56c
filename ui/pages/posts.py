"""Post studio: the ready-to-post text of an activity, a campaign or a year, for each platform.

Pick the occasion and its record, the platforms and the language: each platform gets a card with
its text (editable), a live counter counted the platform's way, Copy, Save picture and Mark as
posted. Beside the cards: what the privacy guard left out and why, and the history of what was
posted where, so the same news is not posted twice. Composing reads the database once and takes
a few milliseconds, so it runs in the UI thread.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import N_, _
from assocdesk.posts.card import CARD_SIZE_LABELS
from assocdesk.posts.compose import Post, compose
from assocdesk.posts.eligibility import records_for
from assocdesk.posts.history import Subject, history_lines
from assocdesk.posts.occasions import OCCASION_LABELS, gather
from assocdesk.posts.platforms import all_platforms
from assocdesk.posts.privacy import Omission
from assocdesk.posts.templates import BILINGUAL_LANGUAGES, RECORD_KIND
from assocdesk.services import association
from assocdesk.services import posts as post_service
from assocdesk.services.changes import ChangeKind as K
from assocdesk.services.changes import Changes
from assocdesk.services.errors import NotFound
from assocdesk.storage.files import write_whole
from assocdesk.text.bidi import isolate_path
from assocdesk.text.locales import format_date
from ui import undo
from ui.context import AppContext
from ui.posts.fixed_lines import FixedLinesLabel
from ui.widgets import file_chooser
from ui.widgets.fields import choice_box, language_choices
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.more_menu import more_button
from ui.widgets.post_card import PostCard

DEFAULT_PLATFORMS = ("facebook", "whatsapp", "x", "instagram")


def omission_text(omission: Omission) -> str:
    """ "Title: “Mustapha Aït Ahmed” is written “M. A. A.”. A minor on the day told …" """
    if omission.replacement:
        text = _("{where}: “{subject}” is written “{replacement}”. {reason}")
    else:
        text = _("{where}: “{subject}” is left out. {reason}")
    return text.format(
        where=omission.where or _("Text"),
        subject=omission.subject,
        replacement=omission.replacement,
        reason=omission.reason,
    )


def post_language_choices() -> list[tuple[str, str]]:
    """One language, or two in one text ("العربية + Français"), each named in itself."""
    names = dict(language_choices())
    both = [
        (key, " + ".join(names[part] for part in key.split("+"))) for key in BILINGUAL_LANGUAGES
    ]
    return [*language_choices(), *both]


# What an occasion needs, said when nothing recorded fits it.
NOTHING_FITS = {
    "activity-report": N_("a report needs an activity that took place."),
    "activity-announcement": N_("an announcement needs an activity to come."),
    "volunteer-call": N_("a call for volunteers needs an activity to come (not a meeting)."),
    "activity-cancelled": N_("a cancellation notice needs a cancelled activity."),
    "campaign-progress": N_("progress needs a campaign that is running today."),
    "donor-thanks": N_("a thank-you needs a campaign that received gifts."),
    "year-impact": N_("a yearly summary needs a year with activities or donations."),
}


def bold_label(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class PostsPage(QWidget):
    title = N_("Posts")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.posts: dict[str, Post] = {}
        profile = context.read(association.details)
        language = profile.values.default_language if profile else context.language

        self.occasion = choice_box([(k, _(label)) for k, label in OCCASION_LABELS.items()])
        self.occasion.setObjectName("occasion")
        self.record = QComboBox()
        self.record.setObjectName("record")
        self.record.setMinimumWidth(260)
        self.language = choice_box(post_language_choices(), language)
        self.language.setObjectName("post_language")
        self.picture_size = choice_box([(k, _(label)) for k, label in CARD_SIZE_LABELS.items()])
        self.picture_size.setObjectName("picture_size")
        # Rarely used: in the "More" menu, so the controls fit 1024×768 (issue 20).
        self.templates_action = QAction(_("Edit templates…"), self)
        self.templates_action.setObjectName("edit_templates")
        self.templates_action.triggered.connect(self.edit_templates)
        self.more_button = more_button(self, [self.templates_action])

        self.platform_boxes: dict[str, QCheckBox] = {}
        platforms_row = FlowLayout()
        platforms_row.setContentsMargins(0, 0, 0, 0)
        for platform in all_platforms():
            box = QCheckBox(platform.name)
            box.setObjectName(f"platform_{platform.key}")
            box.setChecked(platform.key in DEFAULT_PLATFORMS)
            box.toggled.connect(self.recompose)
            self.platform_boxes[platform.key] = box
            platforms_row.addWidget(box)

        controls = QGridLayout()
        controls.addWidget(QLabel(_("Occasion")), 0, 0)
        controls.addWidget(self.occasion, 0, 1)
        controls.addWidget(QLabel(_("About")), 0, 2)
        controls.addWidget(self.record, 0, 3, 1, 2)
        controls.addWidget(QLabel(_("Language")), 1, 0)
        controls.addWidget(self.language, 1, 1)
        controls.addWidget(QLabel(_("Picture")), 1, 2)
        controls.addWidget(self.picture_size, 1, 3)
        controls.addWidget(self.more_button, 1, 4, Qt.AlignmentFlag.AlignTrailing)
        controls.addWidget(QLabel(_("Platforms")), 2, 0, Qt.AlignmentFlag.AlignTop)
        controls.addLayout(platforms_row, 2, 1, 1, 4)
        controls.setColumnStretch(3, 1)

        # Two lines kept for messages from the start: "Copied" appearing moves nothing.
        self.message = FixedLinesLabel(2)
        self.message.setObjectName("message")
        self.cards_area = QWidget()
        self.cards_layout = QVBoxLayout(self.cards_area)
        self.cards: dict[str, PostCard] = {}
        for platform in all_platforms():
            card = PostCard(platform)
            card.save_picture_requested.connect(self.save_picture)
            card.mark_posted_requested.connect(self.mark_posted)
            card.copied.connect(self._copied)
            card.alt_text_copied.connect(self._alt_text_copied)
            card.hide()
            self.cards[platform.key] = card
            self.cards_layout.addWidget(card)
        self.cards_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(self.cards_area)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.omitted = QListWidget()
        self.omitted.setObjectName("omitted")
        self.omitted.setWordWrap(True)
        self.history = QListWidget()
        self.history.setObjectName("history")
        self.history.setWordWrap(True)
        self.history.setAlternatingRowColors(True)  # two lines an entry: where each begins
        self.history.setToolTip(_("Double-click an entry to compose about it again."))
        self.history.itemActivated.connect(self._open_history_item)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(bold_label(_("Left out of the text, and why")))
        side_layout.addWidget(self.omitted, 1)
        side_layout.addWidget(bold_label(_("Already posted")))
        side_layout.addWidget(self.history, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 380])
        side.setMinimumWidth(220)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{_(self.title)}</h2>"))
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        self.occasion.currentIndexChanged.connect(self.load_records)
        self.record.currentIndexChanged.connect(self.recompose)
        self.language.currentIndexChanged.connect(self.recompose)
        self.picture_size.currentIndexChanged.connect(self._picture_size_changed)
        context.data_changed.connect(self._data_changed)
        self.load_records()

    # --- choosing ---------------------------------------------------------------------------------

    def load_records(self) -> None:
        """The records that fit the chosen occasion (a report only for what took place …)."""
        occasion, locale = self.occasion.currentData(), self.context.locale

        def choices(session) -> list[tuple[int, str]]:
            return records_for(session, occasion, date.today(), locale=locale)

        previous = self.record.currentData()
        self.record.blockSignals(True)
        self.record.clear()
        for value, text in self.context.read(choices):
            self.record.addItem(text, value)
        index = self.record.findData(previous)
        self.record.setCurrentIndex(max(index, 0))
        self.record.blockSignals(False)
        self.recompose()

    def select_record(self, record_id: int) -> None:
        index = self.record.findData(record_id)
        if index >= 0:
            self.record.setCurrentIndex(index)

    def chosen_platforms(self) -> list[str]:
        return [key for key, box in self.platform_boxes.items() if box.isChecked()]

    # --- composing --------------------------------------------------------------------------------

    def recompose(self) -> None:
        occasion = self.occasion.currentData()
        record_id = self.record.currentData()
        language = self.language.currentData()
        keys = self.chosen_platforms()
        self.posts = {}
        if record_id is None:
            self._show_message(
                _("Nothing recorded fits this occasion today: {why}").format(
                    why=_(NOTHING_FITS[self.occasion.currentData()])
                )
            )
        else:

            def build(session) -> dict[str, Post]:
                # Read once for every platform (a post in two languages reads its two itself).
                facts = (
                    None
                    if "+" in language
                    else gather(session, occasion, record_id, language, self.context.db.path)
                )
                return {
                    key: compose(
                        session,
                        occasion,
                        record_id,
                        key,
                        language,
                        database_path=self.context.db,
                        facts=facts,
                    )
                    for key in keys
                }

            try:
                self.posts = self.context.read(build)
                self._show_message("" if keys else _("Choose at least one platform."))
            except NotFound as exc:
                self._show_message(str(exc).strip("'\""))
        for key, card in self.cards.items():
            post = self.posts.get(key)
            if post is not None:
                card.show_post(post, self.picture_size.currentData())
            card.setVisible(post is not None)
        self._show_omitted()
        self.refresh_history()

    def _show_message(self, text: str) -> None:
        """Say it in the reserved line (always there, so the cards never move)."""
        self.message.setText(text)

    def _picture_size_changed(self) -> None:
        for key in self.posts:
            self.cards[key].preview.set_picture_size(self.picture_size.currentData())

    def _show_omitted(self) -> None:
        """Every replacement, on any platform, before anything is copied: what, where, why."""
        self.omitted.clear()
        if not self.posts:
            return
        seen: list[Omission] = []
        for post in self.posts.values():
            seen += [o for o in post.omitted if o not in seen]
        if not seen:
            self.omitted.addItem(_("Nothing: every name and photo may be published."))
        # What was changed inside the text first; the names simply not thanked after.
        seen.sort(key=lambda o: o.where == _("Names"))
        for omission in seen:
            self.omitted.addItem(omission_text(omission))

    def refresh_history(self) -> None:
        """The history list, and a warning on each card whose news already went out there."""
        occasion, record_id = self.occasion.currentData(), self.record.currentData()
        rows = self.context.read(lambda s: post_service.history(s, limit=200))
        names = {p.key: p.name for p in all_platforms()}
        locale = self.context.locale
        self.history.clear()
        for row in rows:
            what, how = history_lines(
                row.subject or Subject(RECORD_KIND.get(row.occasion, ""), ""),
                occasion=row.occasion,
                platform=names.get(row.platform, row.platform),
                posted_at=row.posted_at,
                locale=locale,
                posted_text=row.text,
                record_id=row.record_id,
            )
            item = QListWidgetItem(f"{what}\n{how}")
            item.setToolTip(row.text)
            item.setData(Qt.ItemDataRole.UserRole, (row.occasion, row.record_id))
            self.history.addItem(item)
        if not rows:
            self.history.addItem(_("Nothing has been marked as posted yet."))
        for key, card in self.cards.items():
            same = [
                r for r in rows
                if r.occasion == occasion and r.record_id == record_id and r.platform == key
            ]  # fmt: skip
            card.set_already_posted(
                _("Already posted on {platform} on {date}.").format(
                    platform=names[key], date=format_date(same[0].posted_at.date(), locale)
                )
                if same
                else ""
            )

    def _open_history_item(self, item: QListWidgetItem) -> None:
        """Back to what an entry was about, when it may still be posted about."""
        found = item.data(Qt.ItemDataRole.UserRole)
        if not found:
            return
        occasion, record_id = found
        self.occasion.setCurrentIndex(max(self.occasion.findData(occasion), 0))
        self.select_record(record_id)

    # --- actions ----------------------------------------------------------------------------------

    def _copied(self, key: str) -> None:
        self._show_message(
            _("Copied: paste it into {platform}.").format(platform=self.cards[key].platform.name)
        )

    def _alt_text_copied(self, key: str) -> None:
        self._show_message(
            _(
                "Alt text copied: paste it where {platform} asks for a description of the picture."
            ).format(platform=self.cards[key].platform.name)
        )

    def save_picture(self, key: str) -> None:
        post = self.posts.get(key)
        if post is None:
            return
        size = self.picture_size.currentData()
        slug = re.sub(r"[^\w-]+", "-", post.card.title, flags=re.UNICODE).strip("-")[:40]
        suggested = Path.home() / f"{slug or 'post'}-{size}.png"
        path = file_chooser.ask_save_path(
            self, _("Save picture"), suggested, _("PNG picture (*.png)")
        )
        if not path:
            return
        from ui.posts.card import render_png

        try:
            write_whole(Path(path), render_png(post.card, size))
        except OSError as exc:
            QMessageBox.warning(
                self,
                _("Save picture"),
                _("Cannot write {path}: {error}").format(
                    path=isolate_path(path), error=exc.strerror or exc
                ),
            )
            return
        self._show_message(_("Picture saved: {path}").format(path=isolate_path(path)))

    def mark_posted(self, key: str) -> None:
        post = self.posts.get(key)
        if post is None:
            return
        text = self.cards[key].current_text()
        done = _("Marked as posted on {platform}.").format(platform=post.platform.name)
        _record, offer = undo.write(
            self.context,
            lambda s: post_service.mark_posted(
                s, post.occasion, post.record_id, key, post.language, text
            ),
            done,
            lambda kind: undo.undone_message(kind, post.platform.name),
        )
        self._show_message(done)
        # Undo floats at the message's end, so nothing moves (and Ctrl+Z while it shows).
        prompt = getattr(self, "undo_prompt", None)
        if prompt is None:
            prompt = undo.LabelPrompt(self.context, self, self.message, self._show_message)
            self.undo_prompt = prompt
        prompt.set_offer(offer)

    def edit_templates(self) -> None:
        from ui.dialogs.post_template_dialog import PostTemplateDialog

        dialog = PostTemplateDialog(
            self.context, self.occasion.currentData(), self.language.currentData(), self
        )
        dialog.exec()

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(K.ACTIVITIES, K.CAMPAIGNS, K.DONATIONS):
            self.load_records()
        elif changes.touches(K.POST_TEMPLATES, K.ASSOCIATION, K.CONTACTS, K.VOLUNTEERS):
            self.recompose()
        elif changes.touches(K.POSTS):
            self.refresh_history()
