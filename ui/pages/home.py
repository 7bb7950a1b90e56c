"""Home: the association at a glance — members, volunteers, donations, what is coming up."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QListWidget, QVBoxLayout, QWidget

from assocdesk.i18n import _
from assocdesk.services import association, stats
from assocdesk.services.common import Changes
from assocdesk.text.locales import format_datetime, format_number
from assocdesk.text.money import format_money
from ui.context import AppContext

CARD_STYLE = (
    "QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }"
)


class Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(CARD_STYLE)
        self.value = QLabel()
        self.value.setObjectName("value")
        self.value.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(title))
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)


class HomePage(QWidget):
    title = "Home"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.members = Card(_("Members"))
        self.volunteers = Card(_("Volunteers"))
        self.donations_year = Card(_("Donations this year"))
        self.donations_all = Card(_("Donations, all years"))
        self.upcoming = QListWidget()
        self.upcoming.setObjectName("upcoming")
        grid = QGridLayout()
        for i, card in enumerate(
            (self.members, self.volunteers, self.donations_year, self.donations_all)
        ):
            grid.addWidget(card, 0, i)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        upcoming_title = _("Upcoming activities")
        layout.addWidget(QLabel(f"<h3>{upcoming_title}</h3>"))
        layout.addWidget(self.upcoming, 1)
        context.data_changed.connect(self._changed)
        self.refresh()

    def _changed(self, _changes: Changes) -> None:
        self.refresh()

    def _totals(self, totals: dict[str, tuple[int, int]]) -> tuple[str, str]:
        count = sum(n for n, _total in totals.values())
        money = "\n".join(
            format_money(total, currency, self.context.locale)
            for currency, (_n, total) in sorted(totals.items())
        )
        return format_number(count, self.context.locale), money

    def refresh(self) -> None:
        overview, name = self.context.read(
            lambda s: (
                stats.overview(s, date.today()),
                (p.name_in(self.context.language) if (p := association.get(s)) else ""),
            )
        )
        self.heading.setText(f"<h1>{name}</h1>")
        locale = self.context.locale
        self.members.value.setText(format_number(overview.members, locale))
        self.volunteers.value.setText(format_number(overview.volunteers, locale))
        for card, totals in (
            (self.donations_year, overview.donations_this_year),
            (self.donations_all, overview.donations_all),
        ):
            count, money = self._totals(totals)
            card.value.setText(count)
            card.detail.setText(money)
        self.upcoming.clear()
        for row in overview.upcoming:
            place = f" — {row.place}" if row.place else ""
            self.upcoming.addItem(
                f"{format_datetime(row.starts_at, locale)}  ·  {row.title}{place}"
            )
        if not overview.upcoming:
            self.upcoming.addItem(_("No planned activity."))
