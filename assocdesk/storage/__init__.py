"""Storage: the one SQLite file and everything that touches it as a file.

The lowest floor of the house: it imports nothing of the models, services or documents above
it (see ``[tool.importlinter]`` in pyproject.toml). Its parts:

- :mod:`.errors`: every error of this floor, with the messages a person reads;
- :mod:`.paths`: where the database, its files folder and its backups live;
- :mod:`.sqlite_file`: facts about a file read without changing it, and the one connection
  (plain or protected) that the code below SQLAlchemy uses;
- :mod:`.cipher` and :mod:`.encryption`: SQLCipher, and protecting or unprotecting a file;
- :mod:`.engine`: the SQLAlchemy engine and its sessions (:class:`.engine.Database`);
- :mod:`.identify` and :mod:`.opening`: the open / upgrade / refuse policy, imported only by the
  application, the command line and the tests;
- :mod:`.lock`, :mod:`.files`, :mod:`.migrations`, and :mod:`.backups` (bundles, rotation,
  restore, check).

Importing this package loads nothing (no SQLAlchemy, no Alembic).
"""
