"""Running Alembic from code, inside one transaction, with foreign keys checked afterwards.

SQLite cannot ALTER most things, so Alembic's batch mode rebuilds tables; foreign keys must be
off during a rebuild (``PRAGMA foreign_keys`` is ignored inside a transaction, so it is switched
before ``BEGIN``), and ``PRAGMA foreign_key_check`` must find nothing before the commit.

A batch rebuild (``recreate="always"``, or any change SQLite cannot ALTER in place) drops the
table's triggers. The contacts search index (``contacts_fts``) is kept in step with ``contacts``
by triggers, so a migration that alters ``contacts`` in batch mode must create them again after
its batch block: ``DROP TRIGGER IF EXISTS`` then the ``CREATE TRIGGER`` statements copied from
``FTS_STATEMENTS`` of 0001_initial_schema (a migration must not import them from live code; see
tests/core/test_upgrade.py). The upgrade checks that they exist and rolls back if they do not:
without them, contacts saved later would silently be missing from search.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from assocdesk.i18n import _

MIGRATIONS_DIR = Path(__file__).resolve().parent


def _config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def is_known(revision: str) -> bool:
    return revision in known_revisions()


class MigrationError(RuntimeError):
    pass


# Triggers that keep contacts_fts in step with contacts (created by 0001_initial_schema).
SEARCH_INDEX_TRIGGERS = frozenset(
    {"contacts_fts_insert", "contacts_fts_delete", "contacts_fts_update"}
)


def _check_search_index(connection) -> None:
    objects = dict(
        connection.exec_driver_sql(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'trigger')"
        ).fetchall()
    )
    if "contacts_fts" not in objects:
        return
    missing = sorted(name for name in SEARCH_INDEX_TRIGGERS if objects.get(name) != "trigger")
    if missing:
        raise MigrationError(
            _("The upgrade dropped the search index triggers {names}.").format(
                names=", ".join(missing)
            )
        )


def upgrade(engine: Engine, target: str = "head") -> None:
    if engine.dialect.name != "sqlite":
        _upgrade_server(engine, target)
        return
    from alembic import command

    config = _config()
    with engine.connect() as connection:
        raw = connection.connection.driver_connection  # autocommit: outside any transaction
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, target)
                _check_search_index(connection)
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationError(
                        _("The upgrade would break links between records: {problems}").format(
                            problems=problems[:5]
                        )
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


# The key of the advisory lock that lets one desk at a time upgrade a shared database ("ASKD").
UPGRADE_LOCK_KEY = 1095977796


def _upgrade_server(engine: Engine, target: str) -> None:
    """PostgreSQL: DDL is transactional and foreign keys are checked as rows change, so the
    upgrade is one transaction. Two desks starting a new version at once: the second waits on
    the advisory lock, then finds the schema current and does nothing."""
    from alembic import command

    config = _config()
    with engine.connect() as connection, connection.begin():
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({UPGRADE_LOCK_KEY})")
        config.attributes["connection"] = connection
        command.upgrade(config, target)
