"""The Home page starts without the services behind its figures (issue 19, point 9): it reads
them in the background once the window is shown, so importing the page (and the app) must not
pull donations, members, volunteers or the dashboard's queries. Checked in a fresh process,
where nothing else has imported them yet."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LATER = (
    "assocdesk.services.dashboard",
    "assocdesk.services.donations",
    "assocdesk.services.members",
    "assocdesk.services.volunteers",
    "assocdesk.services.matching",
)


def modules_after(statement: str) -> set[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_app_and_home_start_without_the_figures_services() -> None:
    """Nor the ORM classes: the window reads its profile with one SQL statement."""
    modules = modules_after("import ui.app, ui.main_window, ui.pages.home")
    assert "assocdesk.services.profile_basics" in modules  # the probe did import what Home uses
    later = set(LATER) | {"assocdesk.models", "assocdesk.services.stats"}
    assert not modules & later, sorted(modules & later)


def test_the_figures_still_find_their_services() -> None:
    """What was left out at the start is imported where the figures are read."""
    modules = modules_after(
        "from datetime import date\n"
        "from sqlalchemy import create_engine\n"
        "from sqlalchemy.orm import Session\n"
        "from assocdesk.models import Base\n"
        "from assocdesk.services import stats\n"
        "engine = create_engine('sqlite://')\n"
        "Base.metadata.create_all(engine)\n"
        "with Session(engine) as session:\n"
        "    figures = stats.home(session, date(2026, 3, 1), 'MAD')\n"
        "assert figures.overview.members == 0 and figures.coming == []\n"
        "assert len(figures.volunteer_minutes) == 12\n"
        "assert stats.table_counts(session)['donations'] == 0\n"
    )
    assert set(LATER) <= modules


def test_the_collector_is_on_again_after_the_imports() -> None:
    """ui/import_pause.py: the cycle collector pauses while the app's modules are imported,
    then those are frozen out of its way and it runs again (a collector left off would keep
    every cycle for the whole session)."""
    code = (
        "import gc, json\n"
        "import ui.app\n"
        "print(json.dumps([gc.isenabled(), gc.get_freeze_count(), gc.get_count()[0]]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    enabled, frozen, young = json.loads(result.stdout.strip().splitlines()[-1])
    assert enabled
    assert frozen > 80_000  # SQLAlchemy, Qt and the core, out of the collector's way
    assert young < 700  # nothing left for the first collection to walk
