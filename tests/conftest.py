"""Shared fixtures. GUI tests run offscreen; every test gets its own fresh database.

A fresh database is a copy of one migrated once per session (as Anki's getEmptyCol() does), so
tests do not pay for Alembic each time. The template is never open while it is copied.

On PostgreSQL (``server_db``, and the core tests' ``db`` in tests/core/conftest.py) each pytest
worker starts its own throwaway server (tests/pg_server.py); a test's database is a copy of a
template migrated once (``CREATE DATABASE … TEMPLATE``), dropped after the test.
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
from tests.pg_server import ServerUnavailable, ThrowawayServer, start_server


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
def sqlite_db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    _close(database)


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    _close(database)


def _close(database: Database) -> None:
    workers = sys.modules.get("ui.workers")  # a GUI test's background reads (the Home figures)
    if workers is not None:  # end before their database closes
        workers.cancel_all()
        workers.wait_for_jobs()
    database.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[ThrowawayServer]:
    """This worker's throwaway PostgreSQL server. Skipped when PostgreSQL is not installed,
    except on CI (``.ci/run`` sets ASSOCDESK_REQUIRE_POSTGRES; ``CI`` counts too), where that is
    a failure: CI installs it."""
    try:
        server = start_server()
    except ServerUnavailable as exc:
        if os.environ.get("ASSOCDESK_REQUIRE_POSTGRES") or os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is needed on CI: {exc}", pytrace=False)
        pytest.skip(f"no PostgreSQL here: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server_template(pg_server: ThrowawayServer) -> str:
    """A database migrated to the head once; each test copies it."""
    name = pg_server.new_database()
    open_database(pg_server.url(name)).close()
    pg_server.sql(f"ALTER DATABASE {name} WITH IS_TEMPLATE true")
    return name


@pytest.fixture
def server_url(pg_server: ThrowawayServer, server_template: str) -> Iterator[str]:
    """The address of a fresh, migrated database of this test's own."""
    name = pg_server.new_database(template=server_template)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def server_db(server_url: str) -> Iterator[Database]:
    database = open_database(server_url)
    yield database
    _close(database)


@pytest.fixture(autouse=True)
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """A test never writes to the user's cache (a server's photos are cached there)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Each test starts in English and leaves the language as it found it."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")
