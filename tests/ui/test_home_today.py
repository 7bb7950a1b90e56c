"""Issue 21, point 6: Home says what to do today, each item one click from its page or dialog,
counted with the plurals of each language, hidden when there is nothing to count."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from assocdesk.models import ActivityStatus
from assocdesk.services import activities, contacts, donations, posts
from assocdesk.services import today as todo
from assocdesk.storage.engine import Database
from tests.core.dues_helpers import add_member, set_fee
from tests.ui.conftest import home_figures
from tests.ui.data_helpers import shot
from ui import commands
from ui.app import Application
from ui.dialogs.late_dues_dialog import LateDuesDialog
from ui.dialogs.team_dialog import TeamDialog
from ui.widgets.today_list import TodayPanel

TODAY = date.today()
MIDNIGHT = datetime.combine(TODAY, datetime.min.time())


def rows(panel: TodayPanel) -> list[str]:
    return [row.text() for row in panel.rows]


def link(panel: TodayPanel, name: str) -> QPushButton:
    button = panel.findChild(QPushButton, name)
    assert button is not None and button in panel.rows, name
    return button


def add_activity(app: Application, title: str, starts_at: datetime, **fields: object) -> int:
    data = activities.ActivityInput(title=title, starts_at=starts_at, currency="MAD", **fields)  # type: ignore[arg-type]
    return commands.write(app.context, lambda s: activities.create(s, data).id)


def reread(qtbot, app: Application) -> TodayPanel:  # type: ignore[no-untyped-def]
    home = app.window.show_page("home")
    home.refresh()
    return home_figures(qtbot, app.window).todo


def fill_day(app: Application, db: Database, late: int) -> dict[str, int]:
    """``late`` members owing this year's dues, one recent gift never printed, two coming
    activities without volunteers, one activity held two days ago without its report."""
    set_fee(db, "Actif", TODAY.year, "100")
    for n in range(late):
        add_member(db, f"Membre {n}", f"{n:04}", category="Actif", phone="0612345678",
                   consent_contact=n % 2 == 0)  # fmt: skip
    donor = contacts.ContactInput(name="Karim Benali")
    contact_id = commands.write(app.context, lambda s: contacts.create(s, donor).id)
    gift = donations.DonationInput(
        amount="150", currency="MAD", donated_on=TODAY - timedelta(days=3), contact_id=contact_id
    )
    return {
        "gift": commands.write(app.context, lambda s: donations.record(s, gift).id),
        "soon": add_activity(app, "Paniers du Ramadan", MIDNIGHT + timedelta(days=2, hours=9)),
        "later": add_activity(app, "Kits scolaires", MIDNIGHT + timedelta(days=9, hours=9)),
        "held": add_activity(
            app,
            "Nettoyage de la plage",
            MIDNIGHT - timedelta(days=2, hours=-10),
            status=ActivityStatus.DONE,
        ),
    }


EXPECTED = {
    "en": [
        "3 members owe dues for {year}: remind them",
        "1 recent gift has no printed receipt yet",
        "2 coming activities need volunteers:",
        "1 activity of the last week has no post yet:",
    ],
    "fr": [
        "3 adhérents doivent leur cotisation {year} : à relancer",
        "1 don récent n'a pas encore de reçu imprimé",
        "2 activités à venir manquent de bénévoles :",
        "1 activité de la semaine passée n'a pas encore de publication :",
    ],
    "ar": [
        "3 منخرطين لم يؤدّوا واجب الانخراط لسنة {year}: ذكِّرهم",
        "تبرع حديث واحد لم يُطبَع وصله بعد",
        "نشاطان قادمان يحتاجان إلى متطوعين:",
        "نشاط واحد من الأسبوع الماضي لم يُنشر عنه شيء بعد:",
    ],
}


@pytest.mark.parametrize("desk", ["ar", "fr", "en"], indirect=True)
def test_each_item_is_shown_counted_in_the_language(
    qtbot, desk: Application, db: Database, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    language = request.node.callspec.params["desk"]
    ids = fill_day(desk, db, late=3)
    panel = reread(qtbot, desk)
    shown = rows(panel)
    late, gift, short, unposted = (text.format(year=TODAY.year) for text in EXPECTED[language])
    assert shown[:3] == [late, gift, short]
    assert shown[5] == unposted
    assert "Paniers du Ramadan" in shown[3] and "Kits scolaires" in shown[4]  # soonest first
    assert "Nettoyage de la plage" in shown[6]
    assert panel.findChild(QLabel, "all_done") is None
    shot(desk.window, tmp_path, f"home-today-{language}")
    # Printed, and the post made: those two lines go; the others stay.
    commands.write(desk.context, lambda s: donations.mark_printed(s, ids["gift"]))
    commands.write(
        desk.context,
        lambda s: posts.mark_posted(s, "activity-report", ids["held"], "facebook", "ar", "…"),
    )
    shown = rows(reread(qtbot, desk))
    assert shown[:2] == [late, short] and len(shown) == 4
    assert not panel.findChildren(QPushButton, "unprinted")


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_counts_take_every_plural_form(desk: Application, request: pytest.FixtureRequest) -> None:
    """The read gives the counts; the words must follow them (Arabic: one, two, few, many,
    other; French: one, other), numbers as the locale writes them."""
    language = request.node.callspec.params["desk"]
    panel = desk.window.pages["home"].todo

    def late_line(count: int) -> str:
        panel.show_list(
            todo.TodayList(
                TODAY,
                todo.LateDues(2026, count, 0),
                todo.Unprinted(0, None, TODAY),
                (),
                0,
                (),
                0,
            )
        )
        return rows(panel)[0]

    expected = {
        "ar": {
            1: "منخرط واحد لم يؤدِّ واجب الانخراط لسنة 2026: ذكِّره",
            2: "منخرطان لم يؤدّيا واجب الانخراط لسنة 2026: ذكِّرهما",
            7: "7 منخرطين لم يؤدّوا واجب الانخراط لسنة 2026: ذكِّرهم",
            11: "11 منخرطًا لم يؤدّوا واجب الانخراط لسنة 2026: ذكِّرهم",
            100: "100 منخرط لم يؤدّوا واجب الانخراط لسنة 2026: ذكِّرهم",
        },
        "fr": {
            1: "1 adhérent doit sa cotisation 2026 : à relancer",
            2: "2 adhérents doivent leur cotisation 2026 : à relancer",
            1500: "1\u202f500 adhérents doivent leur cotisation 2026 : à relancer",
        },
    }[language]
    for count, text in expected.items():
        assert late_line(count) == text


def test_an_encouraging_line_when_nothing_is_due(qtbot, desk: Application) -> None:
    panel = home_figures(qtbot, desk.window).todo
    done = panel.findChild(QLabel, "all_done")
    assert done is not None and "Well done" in done.text()
    assert not panel.findChildren(QPushButton)  # no line for what counts zero


def test_each_item_is_one_click_from_its_page_or_dialog(
    qtbot, desk: Application, db: Database
) -> None:
    ids = fill_day(desk, db, late=3)
    window = desk.window
    panel = reread(qtbot, desk)

    qtbot.mouseClick(link(panel, "late_dues"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages["members"]
    dialog = panel.opened
    assert isinstance(dialog, LateDuesDialog) and dialog.isVisible()
    assert dialog.year.value() == TODAY.year and dialog.table.rowCount() == 3
    dialog.close()

    qtbot.mouseClick(link(panel, "unprinted"), Qt.MouseButton.LeftButton)
    page = window.pages["donations"]
    assert window.stack.currentWidget() is page and page.selected_id() == ids["gift"]

    activities_page = window.show_page("activities")
    activities_page.search.setText("Kits")  # a search that hides the activity clicked
    activities_page.model.set_search("Kits")
    qtbot.mouseClick(link(panel, f"team_{ids['soon']}"), Qt.MouseButton.LeftButton)
    page = window.pages["activities"]
    assert window.stack.currentWidget() is page and page.selected_id() == ids["soon"]
    team = panel.opened
    assert isinstance(team, TeamDialog) and team.activity_id == ids["soon"] and team.isVisible()
    team.close()

    qtbot.mouseClick(link(panel, f"post_{ids['held']}"), Qt.MouseButton.LeftButton)
    page = window.pages["posts"]
    assert window.stack.currentWidget() is page
    assert page.occasion.currentData() == "activity-report"
    assert page.record.currentData() == ids["held"]


def test_more_activities_than_shown_lead_to_their_page(qtbot, desk: Application) -> None:
    for n in range(5):
        add_activity(desk, f"Atelier {n}", MIDNIGHT + timedelta(days=n + 1, hours=9))
    panel = reread(qtbot, desk)
    assert rows(panel)[0] == "5 coming activities need volunteers:"
    assert sum(1 for row in panel.rows if row.objectName().startswith("team_")) == 3
    more = link(panel, "more_activities")
    assert more.text().endswith("and 2 more activities…")
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert desk.window.stack.currentWidget() is desk.window.pages["activities"]
