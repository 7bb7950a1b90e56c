"""Shared fixtures. GUI tests run offscreen; every test gets its own fresh database file.

A fresh database is a copy of one migrated once per session (as Anki's getEmptyCol() does), so
tests do not pay for Alembic each time. The template is never open while it is copied.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("ASSOCDESK_DB", None)

from assocdesk import i18n
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    database = open_database(path)
    database.close()
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "assocdesk.sqlite3"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    workers = sys.modules.get("ui.workers")  # a GUI test's background reads (the Home figures)
    if workers is not None:  # end before their database closes
        workers.cancel_all()
        workers.wait_for_jobs()
    database.close()


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Each test starts in English and leaves the language as it found it."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")
