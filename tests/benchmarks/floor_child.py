"""The floor of start-up and memory: what any app on this stack pays before it does anything.

    python tests/benchmarks/app_child.py floor start|memory DATABASE   (app_child runs it)

A bare PySide6 window that also imports SQLAlchemy's ORM, declares a minimal mapped class for
the donations table, opens the benchmark's database file read-only, loads 50 donations into a
table view through a small model and shows them (issue 19, point 9). It reports what the app
child reports, at the same moment (shown, rows in, event loop idle), so the app's start-up and
memory are read as a multiple of this floor rather than of an empty window.

It is the cheapest honest way to do that: SQLAlchemy is imported before Qt, as ui/app.py does
(PySide6's import hook reads the source of every module imported after it), no migration,
lock, translation or preference is touched, and the rows are the last 50 by primary key.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path

# isort: off
from sqlalchemy import create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

# isort: on

ROWS = 50
HEADER = ("Date", "Receipt", "Amount", "Status")
Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole


class Base(DeclarativeBase):
    pass


class Donation(Base):
    """Only the columns the table shows; the real table has more, which SQLite ignores here."""

    __tablename__ = "donations"

    id: Mapped[int] = mapped_column(primary_key=True)
    donated_on: Mapped[date]
    receipt_number: Mapped[str]
    amount_minor: Mapped[int]
    currency: Mapped[str]
    status: Mapped[str]


class RowsModel(QAbstractTableModel):
    """Text already formatted, one tuple a row: the least a model can do."""

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADER)

    def data(self, index: Index, role: int = DISPLAY) -> str | None:
        if role != DISPLAY or not index.isValid():
            return None
        return self.rows[index.row()][index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> str | None:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return HEADER[section]
        return None


def read_rows(database: str) -> list[tuple[str, ...]]:
    """The last ``ROWS`` donations, through the ORM, from the file opened read-only."""
    uri = Path(database).resolve().as_uri() + "?mode=ro"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    with Session(engine) as session:
        donations = session.scalars(select(Donation).order_by(Donation.id.desc()).limit(ROWS))
        return [
            (
                d.donated_on.isoformat(),
                d.receipt_number,
                f"{d.amount_minor / 100:,.2f} {d.currency}",
                d.status,
            )
            for d in donations
        ]


def show_floor(database: str) -> tuple[QApplication, QMainWindow, RowsModel]:
    """The window, shown with its rows; app_child.py reports once the event loop is idle."""
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    table = QTableView()
    model = RowsModel(read_rows(database))
    table.setModel(model)
    window.setCentralWidget(table)
    window.resize(1200, 800)
    window.show()
    return app, window, model
