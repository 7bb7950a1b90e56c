"""Home's "To do today": late dues to remind, receipts to print, coming activities short of
volunteers, last week's activities without a post (issue 21, point 6). Each line is one click
from its page or dialog; a line whose count is zero is not shown, and an encouraging line
says so when nothing is due.

Built before the window shows, like Home: it imports no service that needs the ORM classes
(the list itself arrives from Home's background read), and each page or dialog a click opens
is imported when it is clicked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from assocdesk.i18n import _, ngettext
from assocdesk.text.bidi import isolate
from assocdesk.text.locales import format_date, format_number
from ui import theme
from ui.context import AppContext

if TYPE_CHECKING:
    from assocdesk.services.today import TodayList

SHOWN = 3  # activities named under each heading; the heading counts them all
TITLE_LENGTH = 60  # an activity's title is cut here on its line (whole in the tooltip)
REPORT_OCCASION = "activity-report"  # the Posts page's occasion for a report


def _short(title: str) -> str:
    return title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1].rstrip() + "…"


class TodayPanel(QFrame):
    """The list; :meth:`show_list` fills it from what Home read in the background."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("card")  # framed as Home's cards are (theme.Style.CARD names it)
        theme.style(self, theme.Style.CARD)
        self.todo: TodayList | None = None
        self.rows: list[QWidget] = []  # what the last list put under the title
        self.opened: QWidget | None = None  # the page or dialog the last click opened
        heading = _("To do today")
        title = QLabel(f"<h3>{heading}</h3>")
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(2)
        self._layout.addWidget(title)

    # --- showing ----------------------------------------------------------------------------
    def show_list(self, todo: TodayList) -> None:
        for row in self.rows:  # gone now, not at the next turn of the event loop
            self._layout.removeWidget(row)
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        self.todo = todo
        locale = self.context.locale
        dues, receipts = todo.late_dues, todo.unprinted
        if dues.members:
            button = self._link(
                "late_dues",
                ngettext(
                    "{count} member owes dues for {year}: remind them",
                    "{count} members owe dues for {year}: remind them",
                    dues.members,
                ).format(count=format_number(dues.members, locale), year=dues.year),
                self.open_late_dues,
            )
            button.setToolTip(
                ngettext(
                    "{count} of them may be reminded.",
                    "{count} of them may be reminded.",
                    dues.may_remind,
                ).format(count=format_number(dues.may_remind, locale))
            )
        if receipts.count:
            button = self._link(
                "unprinted",
                ngettext(
                    "{count} recent gift has no printed receipt yet",
                    "{count} recent gifts have no printed receipt yet",
                    receipts.count,
                ).format(count=format_number(receipts.count, locale)),
                self.open_unprinted,
            )
            button.setToolTip(
                _("Gifts from a named donor since {date} whose receipt was never printed.").format(
                    date=format_date(receipts.since, locale)
                )
            )
        if todo.short_handed_count:
            self._heading(
                ngettext(
                    "{count} coming activity needs volunteers:",
                    "{count} coming activities need volunteers:",
                    todo.short_handed_count,
                ).format(count=format_number(todo.short_handed_count, locale))
            )
            for item in todo.short_handed[:SHOWN]:
                need = (
                    ngettext(
                        "{count} volunteer still needed",
                        "{count} volunteers still needed",
                        item.missing,
                    ).format(count=format_number(item.missing, locale))
                    if item.missing
                    else _("no volunteer assigned yet")
                )
                self._activity_link(
                    f"team_{item.activity_id}",
                    item.title,
                    item.starts_at,
                    need,
                    lambda _c=False, i=item.activity_id: self.open_team(i),
                )
            self._more(todo.short_handed_count, "activities")
        if todo.unposted_count:
            self._heading(
                ngettext(
                    "{count} activity of the last week has no post yet:",
                    "{count} activities of the last week have no post yet:",
                    todo.unposted_count,
                ).format(count=format_number(todo.unposted_count, locale))
            )
            for item in todo.unposted[:SHOWN]:
                self._activity_link(
                    f"post_{item.activity_id}",
                    item.title,
                    item.starts_at,
                    _("write its report"),
                    lambda _c=False, i=item.activity_id: self.open_posts(i),
                )
            self._more(todo.unposted_count, "posts")
        if todo.nothing_due:
            done = QLabel(
                _(
                    "Nothing is waiting today: dues reminded, receipts printed, teams complete "
                    "and posts written. Well done!"
                )
                if self.context.can("see_amounts")  # else neither dues nor receipts are read
                else _("Nothing is waiting today: the teams are complete. Well done!")
            )
            done.setObjectName("all_done")
            done.setWordWrap(True)
            theme.style(done, theme.Style.SUCCESS)
            self._add(done)

    def _add(self, widget: QWidget) -> None:
        self._layout.addWidget(widget)
        self.rows.append(widget)

    def _heading(self, text: str) -> None:
        label = QLabel(text)
        label.setWordWrap(True)
        self._add(label)

    def _link(self, name: str, text: str, slot: Callable[..., object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        theme.style(button, theme.Style.LINK_ROW)  # reads as a link, one click
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setMinimumWidth(1)  # cut rather than widen the page past the screen
        button.clicked.connect(slot)
        self._add(button)
        return button

    def _activity_link(
        self, name: str, title: str, starts_at: datetime, what: str, slot: Callable[..., object]
    ) -> None:
        day = format_date(starts_at.date(), self.context.locale)
        text = f"•  {isolate(_short(title))}  ·  {day}  ·  {what}"
        self._link(name, text, slot).setToolTip(isolate(title))

    def _more(self, count: int, page: str) -> None:
        if count > SHOWN:
            hidden = count - SHOWN
            self._link(
                f"more_{page}",
                "•  "
                + ngettext(
                    "and {count} more activity…", "and {count} more activities…", hidden
                ).format(count=format_number(hidden, self.context.locale)),
                lambda _c=False: self._page(page),
            )

    # --- clicks -----------------------------------------------------------------------------
    def _page(self, key: str) -> QWidget:
        """Switch the main window to a page (MainWindow.show_page) and return it."""
        self.opened = self.window().show_page(key)  # type: ignore[attr-defined]
        return self.opened

    def open_late_dues(self) -> QWidget:
        """The Members page, and over it the late dues of the year counted, with reminders."""
        assert self.todo is not None
        members = self._page("members")
        members.dues_year_box.setValue(self.todo.late_dues.year)  # type: ignore[attr-defined]
        self.opened = members.late_dues()  # type: ignore[attr-defined]
        return self.opened

    def open_unprinted(self) -> QWidget:
        """The Donations page on the gift waiting longest for its receipt. (The page has no
        "not printed" filter yet: the message says how to print.)"""
        assert self.todo is not None
        donations = self._page("donations")
        first = self.todo.unprinted.first_id
        if first is not None:
            self._select(donations, first)
        donations.show_message(  # type: ignore[attr-defined]
            _(
                "The oldest recent gift without a printed receipt is selected: "
                "print its receipt with “Print receipt”."
            )
        )
        return donations

    def open_team(self, activity_id: int) -> QWidget:
        """The Activities page on the activity, and its team dialog over it."""
        activities = self._page("activities")
        self._select(activities, activity_id)
        self.opened = activities.open_team()  # type: ignore[attr-defined]
        return self.opened or activities

    def open_posts(self, activity_id: int) -> QWidget:
        """The Posts page, writing the activity's report."""
        posts = self._page("posts")
        occasion = posts.occasion  # type: ignore[attr-defined]
        occasion.setCurrentIndex(max(occasion.findData(REPORT_OCCASION), 0))
        posts.select_record(activity_id)  # type: ignore[attr-defined]
        return posts

    @staticmethod
    def _select(page: QWidget, record_id: int) -> None:
        """Select a record on a list page, clearing its search, then its filters, if they
        hide it (the pages' own ListPage.clear_search and show_everything)."""
        model = page.model  # type: ignore[attr-defined]
        if model.row_of(record_id) < 0:
            page.clear_search()  # type: ignore[attr-defined]
        if model.row_of(record_id) < 0:
            page.show_everything()  # type: ignore[attr-defined]
        page.select_id(record_id)  # type: ignore[attr-defined]
