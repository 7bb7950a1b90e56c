"""A list page's empty state: what the page is for and how to start it, when it shows no row.

Split from ui.pages.list_page (which keeps the list itself). The buttons that act on a row are
enabled while there are rows, through :func:`ui.permission_guard.set_enabled`, so an officer's
role that may not change these records keeps them disabled; for that role the empty state offers
no "New" either (it would open a form the server refuses to save).
"""

from __future__ import annotations

from typing import Any

from assocdesk.i18n import _
from assocdesk.text.bidi import isolate_name
from ui.permission_guard import may_enable, set_enabled


def update_empty_state(page: Any) -> None:
    """The table while it has rows; otherwise what the page is for and how to start it.
    ``page``: a ListPage (not imported: it imports this module)."""
    rows = page.model.rowCount()
    for button in (page.edit_button, page.archive_button):
        set_enabled(button, rows > 0)
    if rows:
        if page.views.currentWidget() is not page.table:
            had_focus = page.empty_state.isAncestorOf(page.focusWidget())
            page.views.setCurrentWidget(page.table)
            if had_focus:
                page.table.setFocus()
        page.column_layout.fit_if_needed()
        return
    search = page.model.query.search.strip()
    new = (_(page.new_label), page.open_new) if may_enable(page.new_button) else None
    if search:
        page.empty_state.show_state(
            _(page.no_match).format(search=isolate_name(search)),
            _("Check the spelling, or search with fewer letters."),
            (_("Clear search"), page.clear_search),
            new,
        )
    elif not page.context.read(page.any_record):
        importing = None
        if page.import_kind and may_enable(page.import_button):
            importing = (_("Import…"), page.open_import)
        page.empty_state.show_state(
            _(page.empty_title), _(page.empty_text), new or importing, importing if new else None
        )
    else:
        page.empty_state.show_state(
            _("Nothing to show with these filters"),
            _("Other records are hidden by the filters above the list."),
            (_("Show all"), page.show_everything),
        )
    page.views.setCurrentWidget(page.empty_state)
