"""Timings of what a person does in the window, measured inside the app (app_child.py).

Each timing covers the work and the repaint it causes (events processed until the queue is
empty), through the very objects the pages use: the contacts page's model for search, the
navigation for pages, the donations table's scroll bar for scrolling.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# Typed one letter at a time: Arabic and Latin names as the demo spells them.
QUERIES = ("محمد", "عبد الرحمن", "فاطمة", "benali", "fatima", "0612")
# A name typed in the other script than (some of) its contacts': found literally and by key
# (issue 21), the keys' lookups on top of the literal ones from the third letter on.
CROSS_QUERIES = ("mustapha", "el idrissi", "بنعلي", "الإدريسي", "youcef", "عائشة")
LIST_PAGES = ("members", "volunteers", "donations", "activities", "campaigns", "contacts")


def _timed(action: Callable[[], object]) -> float:
    from PySide6.QtWidgets import QApplication

    start = time.perf_counter()
    action()
    QApplication.processEvents()
    return time.perf_counter() - start


def _visible_rows(page) -> None:
    """Ask the model for what the view shows (the first screenful), as painting does."""
    model = page.model
    for row in range(min(40, model.rowCount())):
        for column in range(model.columnCount()):
            model.data(model.index(row, column))


def search_keystrokes(window, queries: tuple[str, ...] = QUERIES, longest: int = 6) -> list[float]:
    page = window.show_page("contacts")
    times = []
    for query in queries:
        for length in range(1, min(longest, len(query)) + 1):
            prefix = query[:length]

            def keystroke(text: str = prefix) -> None:
                page.model.set_search(text)  # what the page's search timer calls
                _visible_rows(page)

            times.append(_timed(keystroke))
        _timed(lambda: page.model.set_search(""))
    return times


def page_openings(window) -> dict[str, float]:
    window.show_page("home")
    return {key: _timed(lambda k=key: window.show_page(k)) for key in LIST_PAGES}


def scroll_steps(window) -> list[float]:
    """Drag the thumb through the whole donations list, then page down at its end."""
    from PySide6.QtWidgets import QTableView

    table = window.show_page("donations").findChild(QTableView)
    bar = table.verticalScrollBar()
    times = [_timed(lambda s=step: bar.setValue(bar.maximum() * s // 200)) for step in range(201)]
    bar.setValue(bar.maximum() // 2)
    for _ in range(200):
        times.append(_timed(lambda: bar.setValue(bar.value() + bar.pageStep())))
    return times


def wait_for_home_figures(window) -> None:
    """The pages are timed once the window shows everything it opened with: the Home figures
    are read in the background at start (about 0.3 s here), and a page opened during that
    read shares the two cores with it."""
    from PySide6.QtWidgets import QApplication

    home = window.pages["home"]
    while home.loading:
        QApplication.processEvents()
        time.sleep(0.005)


def measure(window) -> dict[str, object]:
    from PySide6.QtWidgets import QTableView

    wait_for_home_figures(window)
    openings = page_openings(window)
    rows = window.show_page("donations").findChild(QTableView).model().rowCount()
    return {
        "search": search_keystrokes(window),
        "search_across": search_keystrokes(window, CROSS_QUERIES, longest=10),
        "pages": openings,
        "scroll": scroll_steps(window),
        "donation_rows": rows,
    }
