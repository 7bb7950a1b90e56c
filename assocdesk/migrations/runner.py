"""Running Alembic from code, inside one transaction, with foreign keys checked afterwards.

SQLite cannot ALTER most things, so Alembic's batch mode rebuilds tables; foreign keys must be
off during a rebuild (``PRAGMA foreign_keys`` is ignored inside a transaction, so it is switched
before ``BEGIN``), and ``PRAGMA foreign_key_check`` must find nothing before the commit.
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


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command

    config = _config()
    with engine.connect() as connection:
        raw = connection.connection.driver_connection  # autocommit: outside any transaction
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, target)
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationError(
                        _("The upgrade would break links between records: {problems}").format(
                            problems=problems[:5]
                        )
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
