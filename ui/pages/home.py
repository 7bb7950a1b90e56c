"""Home: what to do today, then the association at a glance — members, volunteers, donations,
what is coming up.

Its figures are read on the quick-reads thread (ui/workers.py): the window opens and answers
at once, and the cards fill a moment later."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QScrollArea, QVBoxLayout, QWidget

from assocdesk.i18n import _, list_separator
from assocdesk.services import profile_basics
from assocdesk.services.changes import Changes
from assocdesk.storage.engine import Database
from assocdesk.text.bidi import isolate_name
from assocdesk.text.locales import format_datetime, format_number, month_labels
from assocdesk.text.money import format_money
from ui import theme, workers
from ui.context import AppContext
from ui.widgets.bar_chart import BarChart, Series
from ui.widgets.flow_layout import ReflowGrid
from ui.widgets.today_list import TodayPanel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from assocdesk.services.stats import HomeFigures

LOADING = "…"  # on a card while its figure is read
CARD_WIDTH = 170  # below this a card goes to the next row
THIS_YEAR, LAST_YEAR = theme.Role.CHART_THIS_YEAR, theme.Role.CHART_LAST_YEAR
HOURS = theme.Role.CHART_HOURS
# Status (DuesStatus's values: a StrEnum equals its string) → colour of its bar, in the order
# shown. Written as strings so that this module, built before the window shows, imports no
# service that needs the ORM classes: those are imported with the figures, in the background.
DUES_COLORS = {
    "up_to_date": theme.Role.DUES_UP_TO_DATE,
    "late": theme.Role.DUES_LATE,
    "never_paid": theme.Role.DUES_NEVER_PAID,
    "not_due": theme.Role.DUES_NOT_DUE,
}


class Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        theme.style(self, theme.Style.CARD)
        self.value = QLabel()
        self.value.setObjectName("value")
        theme.style(self.value, theme.Style.FIGURE)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(title))
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)


def read_figures(db: Database, today: date, currency: str, amounts: bool = True) -> HomeFigures:
    """In the worker thread: holds the database, no widget (a widget must not be released
    there). The services behind the figures (and the ORM classes) are first imported here.

    ``amounts`` False (data entry, on a shared database): the server would refuse the donations,
    the dues and the posts; only what that role reads is read, the rest left empty."""
    from assocdesk.services import stats

    with db.reading() as session:
        if amounts:
            return stats.home(session, today, currency)
        return _figures_without_amounts(session, today)


def _figures_without_amounts(session: Session, today: date) -> HomeFigures:
    """Home's figures for a role that sees no amounts: people, volunteer hours, activities."""
    from assocdesk.services import dashboard, members, stats, volunteers
    from assocdesk.services import today as todo

    no_months = [0] * 12
    short = todo.short_handed(session, today)
    return stats.HomeFigures(
        overview=stats.Overview(
            members=members.count(session, today),
            volunteers=volunteers.count(session),
            donations=dashboard.DonationFigures({}, {}, no_months, no_months),
        ),
        volunteer_minutes=dashboard.hours_by_month(session, today.year),
        dues={},
        coming=dashboard.coming_activities(session),
        todo=todo.TodayList(
            day=today,
            late_dues=todo.LateDues(today.year, 0, 0),
            unprinted=todo.Unprinted(0, None, today),
            short_handed=tuple(short[: todo.SHOWN]),
            short_handed_count=len(short),
            unposted=(),
            unposted_count=0,
        ),
    )


class HomePage(QWidget):
    title = "Home"
    figures_shown = Signal()  # the cards and charts show the figures just read (tests, benchmark)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.members = Card(_("Members"))
        self.volunteers = Card(_("Volunteers"))
        self.donations_year = Card(_("Donations this year"))
        self.donations_all = Card(_("Donations, all years"))
        self.todo = TodayPanel(context)  # filled with the figures, in the same background read
        self.upcoming = QListWidget()
        self.upcoming.setObjectName("upcoming")
        self.donations_chart = BarChart()
        self.donations_chart.setObjectName("donations_chart")
        self.hours_chart = BarChart()
        self.hours_chart.setObjectName("hours_chart")
        self.dues_chart = BarChart()
        self.dues_chart.setObjectName("dues_chart")
        # Cards and charts wrap onto more rows rather than widen the window (1024×768): four
        # cards side by side, or two by two; three charts in a row, or two and one.
        cards = ReflowGrid(CARD_WIDTH)
        for card in self._cards():
            cards.addWidget(card)
        charts = ReflowGrid(BarChart.MINIMUM_WIDTH)
        for chart in (self.donations_chart, self.hours_chart, self.dues_chart):
            charts.addWidget(chart)
        # A role that sees no amounts (data entry) gets no donation or dues figures: the
        # server would refuse them; the cards and charts are not shown rather than empty.
        self.amounts = context.can("see_amounts")
        for widget in (self.donations_year, self.donations_all, self.donations_chart):
            widget.setVisible(self.amounts)
        self.dues_chart.setVisible(self.amounts)
        self.heading.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.todo)  # first: what to do comes before how things stand
        layout.addLayout(cards)
        layout.addLayout(charts, 2)  # the charts take the height; the cards keep theirs
        upcoming_title = _("Upcoming activities")
        layout.addWidget(QLabel(f"<h3>{upcoming_title}</h3>"))
        layout.addWidget(self.upcoming, 1)
        # Scrolls only on a screen too small for the wrapped rows, and only vertically.
        self.scroll = QScrollArea()
        self.scroll.setObjectName("home_scroll")
        self.scroll.setWidget(body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self._stale = False
        self._job: workers.Job | None = None  # the figures being read
        self._again = False  # something changed while they were read
        context.data_changed.connect(self._changed)
        self.refresh()

    @property
    def loading(self) -> bool:
        """True while figures are being read (the cards show them once this turns False)."""
        return self._job is not None

    def _changed(self, _changes: Changes) -> None:
        # Its figures read whole tables (a third of a second at 200 000 donations): redone
        # now if Home is on screen, else when it is shown again, not on every save elsewhere.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def _totals(self, totals: dict[str, tuple[int, int]]) -> tuple[str, str]:
        count = sum(n for n, _total in totals.values())
        money = "\n".join(
            format_money(total, currency, self.context.locale)
            for currency, (_n, total) in sorted(totals.items())
        )
        return format_number(count, self.context.locale), money

    def refresh(self) -> None:
        """Show the heading now and read the figures in the background: at 200 000 donations
        they take a third of a second, which the window would otherwise spend frozen."""
        self._stale = False
        if not self.context.is_open:  # being closed or replaced: read once it is back
            self._stale = True
            return
        if self._job is not None:  # a read is on its way: one more follows it, with what is new
            self._again = True
            return
        profile = self.context.read(profile_basics.basics)  # Core only: no ORM before shown
        name = profile.name_in(self.context.language) if profile else ""
        self.heading.setText(f"<h1>{name}</h1>")
        for card in self._cards():
            if not card.value.text():  # the first read; later ones keep the old figures meanwhile
                card.value.setText(LOADING)
        today, currency, db = date.today(), self.context.default_currency, self.context.db
        amounts = self.amounts
        self._job = workers.Job(lambda _progress: read_figures(db, today, currency, amounts))
        self._job.signals.finished.connect(lambda figures: self._show(today, currency, figures))
        self._job.signals.failed.connect(self._failed)
        workers.start(self._job, quick=True)

    def _failed(self, message: str) -> None:
        if not self._read_ended():
            return
        for card in self._cards():
            card.value.setText("—")
        self.members.detail.setText(message)

    def _read_ended(self) -> bool:
        """The read is over; False if its figures are not to be shown: the page is gone (the
        window was replaced meanwhile) or a newer read has started."""
        if not shiboken6.isValid(self):
            return False
        self._job = None
        if self._again:
            self._again = False
            self.refresh()  # what changed while this one was read
            return False
        return True

    def _cards(self) -> tuple[Card, ...]:
        return (self.members, self.volunteers, self.donations_year, self.donations_all)

    def _show(self, today: date, currency: str, figures: HomeFigures) -> None:
        if not self._read_ended():
            return
        locale = self.context.locale
        overview = figures.overview
        self.members.value.setText(format_number(overview.members, locale))
        self.members.detail.clear()  # a failed read's message, if the one before failed
        self.volunteers.value.setText(format_number(overview.volunteers, locale))
        for card, totals in (
            (self.donations_year, overview.donations.this_year),
            (self.donations_all, overview.donations.all_years),
        ):
            count, money = self._totals(totals)
            card.value.setText(count)
            card.detail.setText(money)
        self._charts(today.year, currency, figures)
        self.todo.show_list(figures.todo)
        self.upcoming.clear()
        for item in figures.coming:
            row = item.activity
            place = f" — {row.place}" if row.place else ""
            line = f"{format_datetime(row.starts_at, locale)}  ·  {row.title}{place}"
            if item.missing:
                roles = list_separator().join(
                    _("{skill} × {count}").format(skill=isolate_name(n.skill), count=n.missing)
                    for n in item.missing
                )
                line += "  ·  " + _("Still needed: {roles}").format(roles=roles)
            self.upcoming.addItem(line)
        if not figures.coming:
            self.upcoming.addItem(_("No planned activity."))
        self.figures_shown.emit()

    def _charts(self, year: int, currency: str, figures: HomeFigures) -> None:
        """Donations this year against last year (one currency), volunteer hours this year."""
        from assocdesk.services.dues_status import status_label  # imported with the figures

        locale = self.context.locale
        this, last = figures.overview.donations.months, figures.overview.donations.months_last_year
        minutes, dues = figures.volunteer_minutes, figures.dues
        months = month_labels(locale)
        self.donations_chart.set_data(
            _("Donations per month ({currency})").format(currency=currency),
            months,
            [
                Series(str(year - 1), LAST_YEAR, [m / 100 for m in last]),
                Series(str(year), THIS_YEAR, [m / 100 for m in this]),
            ],
            lambda value: format_number(round(value), locale),
            _("No donation in {currency} these two years.").format(currency=currency),
        )
        self.hours_chart.set_data(
            _("Volunteer hours per month, {year}").format(year=year),
            months,
            [Series(_("Hours"), HOURS, [m / 60 for m in minutes])],
            lambda value: format_number(round(value, 1), locale),
            _("No volunteer hours recorded this year."),
        )
        shown = [status for status in DUES_COLORS if dues.get(status)]
        self.dues_chart.set_data(
            _("Members by dues, {year}").format(year=year),
            [status_label(status) for status in shown],
            [
                Series(
                    _("Members"),
                    THIS_YEAR,
                    [dues[status] for status in shown],
                    [DUES_COLORS[status] for status in shown],
                )
            ],
            lambda value: format_number(round(value), locale),
            _("No member this year."),
        )
