"""The person card: one window with a contact's whole story (issue 21, point 2).

Opened with ``ui.person_cards.open_person_card`` from any list or picker (Ctrl+I): one card per
person, non-modal, so a secretary can keep Fatima's card beside the Members list while
recording her dues. The story is read on the quick-reads thread (ui.workers), so the window
appears at once even on a large file, and read again when something is saved elsewhere.
"Edit…" opens the person's own form (member, volunteer or contact).

The documents (statement, certificate, member card, personal data) open in the usual previews,
which ui.documents opens above the dialogs: the card is handed them (:class:`CardDocuments`,
given by ui.person_cards), so this module imports nothing above ui.dialogs; without them the
document buttons are hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Protocol

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import N_, _
from assocdesk.services import association, person_story
from assocdesk.services.changes import Changes
from assocdesk.services.person_story import PersonStory
from assocdesk.text.bidi import format_isolated, isolate
from assocdesk.text.locales import format_date
from ui import theme, workers
from ui.dialogs import person_card_sections as sections
from ui.dialogs.preview_dialog import PreviewDialog
from ui.widgets import screen_fit

if TYPE_CHECKING:
    from ui.context import AppContext

SIZE = (920, 640)  # asked for; never past the screen (1024×768: issue 20)
LOADING = N_("Loading…")


class CardDocuments(Protocol):
    """What the card's document buttons open, each in its preview over ``parent`` (None: the
    document could not be produced, and the person was told why)."""

    def statement(
        self, parent: QWidget, contact_id: int, name: str, year: int, language: str | None
    ) -> PreviewDialog | None: ...

    def certificate(
        self, parent: QWidget, contact_id: int, name: str, year: int, language: str | None
    ) -> PreviewDialog | None: ...

    def member_card(
        self, parent: QWidget, membership_id: int, year: int
    ) -> PreviewDialog | None: ...

    def personal_data(
        self, parent: QWidget, contact_id: int, name: str
    ) -> PreviewDialog | None: ...


class PersonCard(QDialog):
    def __init__(
        self,
        context: AppContext,
        contact_id: int,
        parent: QWidget | None = None,
        documents: CardDocuments | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.contact_id = contact_id
        self.documents = documents
        self.story: PersonStory | None = None
        self.preview: PreviewDialog | None = None  # the last document opened (tests read it)
        self.form: QDialog | None = None  # the "Edit…" form, while open
        self._job: workers.Job | None = None
        self._again = False
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setWindowTitle(_("Person card"))
        self.setSizeGripEnabled(True)

        self.heading = sections.leading(QLabel(_(LOADING)))
        self.heading.setObjectName("heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        theme.style(self.heading, theme.Style.TITLE)
        self.roles = sections.leading(QLabel())
        self.roles.setObjectName("roles")
        self.roles.setWordWrap(True)
        self.banner = sections.leading(QLabel())
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        theme.style(self.banner, theme.Style.WARNING)
        self.banner.hide()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)

        self.edit_button = self._button("edit", _("Edit…"), self.edit, _("Open the person's form"))
        self.statement_button = self._button(
            "statement",
            _("Yearly statement…"),
            self.yearly_statement,
            _("Their donations of a year, in one document"),
        )
        self.certificate_button = self._button(
            "certificate",
            _("Certificate…"),
            self.certificate,
            _("Their certificate of a year's activities and hours"),
        )
        self.card_button = self._button(
            "member_card", _("Member card…"), self.member_card, _("Their member card this year")
        )
        self.data_button = self._button(
            "personal_data",
            _("Personal data…"),
            self.personal_data,
            _("Everything held about them, in one document they may ask for"),
        )
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (
            self.edit_button,
            self.statement_button,
            self.certificate_button,
            self.card_button,
            self.data_button,
        ):
            button.setEnabled(False)  # until the story says which apply
            button.setVisible(documents is not None or button is self.edit_button)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.roles)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.resize(screen_fit.bounded(self, *SIZE))
        context.data_changed.connect(self._changed)
        self.refresh()

    def _button(self, name: str, text: str, slot: Callable[[], object], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # -- reading ------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """True while the story is being read (the tabs show it once this turns False)."""
        return self._job is not None

    def refresh(self) -> None:
        """Read the story in the background; a read already on its way is followed by one more."""
        if not self.context.is_open:
            return
        if self._job is not None:
            self._again = True
            return
        db, contact_id, locale = self.context.db, self.contact_id, self.context.locale

        def read(_progress: object) -> PersonStory:
            with db.reading() as session:
                return person_story.story(session, contact_id, locale=locale)

        self._job = workers.Job(read)
        self._job.signals.finished.connect(self._show)
        self._job.signals.failed.connect(self._failed)
        workers.start(self._job, quick=True)

    def _read_ended(self) -> bool:
        if not shiboken6.isValid(self):
            return False
        self._job = None
        if self._again:
            self._again = False
            self.refresh()
            return False
        return True

    def _changed(self, _changes: Changes) -> None:
        if shiboken6.isValid(self) and self.isVisible():
            self.refresh()

    def _failed(self, message: str) -> None:
        if self._read_ended():
            self.heading.setText(message)

    def _show(self, story: PersonStory) -> None:
        if not self._read_ended():
            return
        self.story = story
        locale = self.context.locale
        person = story.identity
        self.setWindowTitle(format_isolated(_("{name} — person card"), name=person.name))
        self.heading.setText(isolate(person.name))
        roles = sections.roles_text(story, locale)
        self.roles.setText(
            "\n".join(roles) if roles else _("Neither a member, a volunteer nor a donor.")
        )
        self._show_banner(story)
        current = self.tabs.currentIndex()
        old = [self.tabs.widget(index) for index in range(self.tabs.count())]
        self.tabs.clear()  # which only takes the pages out: they are deleted here
        for page in old:
            page.setParent(None)
            page.deleteLater()
        for make, title, count in (
            (sections.person_tab, _("Person"), None),
            (sections.donations_tab, _("Donations"), story.donations.total),
            (sections.dues_tab, _("Dues"), None),
            (sections.activities_tab, _("Activities"), story.activities.total),
            (sections.posts_tab, _("Posts"), story.posts.total),
            (sections.journal_tab, _("Journal"), story.journal.total),
        ):
            label = f"{title} ({isolate(count)})" if count else title
            self.tabs.addTab(make(story, locale), label)
        self.tabs.setCurrentIndex(max(current, 0))
        erased = person.erased
        self.edit_button.setEnabled(not erased)
        self.statement_button.setEnabled(story.is_donor)
        self.certificate_button.setEnabled(story.volunteer is not None and not erased)
        self.card_button.setEnabled(story.member is not None and not erased)
        self.data_button.setEnabled(True)

    def _show_banner(self, story: PersonStory) -> None:
        person, locale = story.identity, self.context.locale
        if person.erased_at is not None:
            text = _(
                "Personal data erased on {date}. Their gifts stay in the receipt book, as "
                "anonymous gifts."
            )
            day = person.erased_at
        elif person.archived_at is not None:
            text = _("Archived on {date}: hidden from the lists until restored.")
            day = person.archived_at
        else:
            self.banner.hide()
            return
        self.banner.setText(
            format_isolated(text, date=format_date(day.astimezone().date(), locale))
        )
        self.banner.show()

    # -- actions ------------------------------------------------------------------------------
    def edit(self) -> QDialog | None:
        """The person's own form: the member's if a member, the volunteer's if a volunteer,
        else the contact's (window-modal over the card, returns at once)."""
        story = self.story
        if story is None or story.identity.erased:
            return None
        if story.member is not None:
            from ui.dialogs.member_dialog import MemberDialog

            form: QDialog = MemberDialog(self.context, story.member.membership_id, self)
        elif story.volunteer is not None:
            from ui.dialogs.volunteer_dialog import VolunteerDialog

            form = VolunteerDialog(self.context, story.volunteer.profile_id, self)
        else:
            from ui.dialogs.contact_dialog import ContactDialog

            form = ContactDialog(self.context, self.contact_id, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = form
        form.open()
        return form

    def ask_statement_options(self) -> tuple[int, str | None] | None:
        """(year, language) of the statement, or None if cancelled (tests replace this)."""
        from ui.dialogs.year_dialog import ask_year

        profile = self.context.read(association.details)
        return ask_year(
            self,
            _("Yearly statement"),
            start_month=profile.values.fiscal_year_start_month if profile else 1,
            locale=self.context.locale,
        )

    def ask_certificate_options(self) -> tuple[int, str | None] | None:
        """(year, language) of the certificate, or None if cancelled (tests replace this)."""
        from ui.dialogs.year_dialog import ask_certificate_options

        return ask_certificate_options(self, self.context.locale)

    def _name(self) -> str:
        return self.story.identity.name if self.story else ""

    def yearly_statement(self) -> PreviewDialog | None:
        if self.documents is None:
            return None
        options = self.ask_statement_options()
        if options is None:
            return None
        year, language = options
        self.preview = self.documents.statement(self, self.contact_id, self._name(), year, language)
        return self.preview

    def certificate(self) -> PreviewDialog | None:
        if self.documents is None:
            return None
        options = self.ask_certificate_options()
        if options is None:
            return None
        year, language = options
        self.preview = self.documents.certificate(
            self, self.contact_id, self._name(), year, language
        )
        return self.preview

    def member_card(self) -> PreviewDialog | None:
        """This year's member card, in the member's own language."""
        if self.documents is None or self.story is None or self.story.member is None:
            return None
        membership_id = self.story.member.membership_id
        self.preview = self.documents.member_card(self, membership_id, date.today().year)
        return self.preview

    def personal_data(self) -> PreviewDialog | None:
        """Everything held about the person (a subject access), previewed as a PDF to print or
        save; the lists' "Export personal data…" also writes it as JSON."""
        if self.documents is None:
            return None
        self.preview = self.documents.personal_data(self, self.contact_id, self._name())
        return self.preview
