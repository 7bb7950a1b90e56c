"""A backup's schema, object by object, against the one our migrations make at its revision.

A planted trigger (one that skips receipt numbers or wipes the journal), a view, an index
changed or missing would otherwise come in with a restore and act from then on.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from pathlib import Path

from assocdesk.i18n import N_, _
from assocdesk.storage.engine import create_sqlite_engine
from assocdesk.storage.errors import BackupError
from assocdesk.storage.migrations import runner

SchemaObjects = dict[tuple[str, str], tuple[str, str]]  # (type, name) → (tbl_name, sql)
_KINDS = {"table": N_("table"), "index": N_("index"), "trigger": N_("trigger"), "view": N_("view")}
_reference_schemas: dict[str, SchemaObjects] = {}


def _normalized(sql: str | None) -> str:
    """SQL as SQLite keeps it, blind to layout and to the order of a table's constraints only:
    SQLAlchemy versions lay out the same statement with other line breaks, and Alembic's batch
    mode writes a rebuilt table's constraints in an order that changes from run to run."""
    text = re.sub(r"\s*([(),])\s*", r"\1", " ".join((sql or "").split()))
    start = text.find("(")
    if not text.upper().startswith("CREATE TABLE") or start < 0 or not text.endswith(")"):
        return text
    items, depth, quote, current = [], 0, "", ""
    for char in text[start + 1 : -1]:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"`[":
            quote = "]" if char == "[" else char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(current)
            current = ""
            continue
        current += char
    items.append(current)
    keywords = ("CONSTRAINT ", "PRIMARY KEY", "UNIQUE", "FOREIGN KEY", "CHECK")
    columns = [item for item in items if not item.upper().startswith(keywords)]
    constraints = sorted(item for item in items if item.upper().startswith(keywords))
    return text[: start + 1] + ",".join(columns + constraints) + ")"


def schema_objects(conn: sqlite3.Connection) -> SchemaObjects:
    """Every table, index, trigger and view of the database, as ``sqlite_master`` has it."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(kind, name): (table, _normalized(sql)) for kind, name, table, sql in rows}


def reference_schema(revision: str) -> SchemaObjects:
    """The schema our migrations make at ``revision``: a new database migrated to it, once per
    revision and process (a second or so)."""
    cached = _reference_schemas.get(revision)
    if cached is None:
        with tempfile.TemporaryDirectory(prefix="assocdesk-schema-") as folder:
            path = Path(folder) / "reference.sqlite3"
            engine = create_sqlite_engine(path)
            try:
                runner.upgrade(engine, revision)
            finally:
                engine.dispose()
            conn = sqlite3.connect(path)
            try:
                cached = schema_objects(conn)
            finally:
                conn.close()
        _reference_schemas[revision] = cached
    return cached


def check_schema(conn: sqlite3.Connection, revision: str) -> None:
    """Refuse a database whose schema is not exactly the one our migrations make at its
    revision: a planted trigger (one that skips receipt numbers or wipes the journal), a view,
    an index changed or missing would otherwise come in with a restore and act from then on.
    The first difference found is named."""
    found, expected = schema_objects(conn), reference_schema(revision)
    # What was added first (the likely attack), then what was changed, then what is missing.
    for key in sorted(
        found.keys() | expected.keys(), key=lambda k: (k in expected, k not in found, k)
    ):
        kind, name = key
        what = {"kind": _(_KINDS.get(kind, kind)), "name": name}
        if key not in expected:
            message = _("The backup holds an object AssocDesk never creates ({kind} “{name}”).")
        elif key not in found:
            message = _("The backup lacks an object AssocDesk creates ({kind} “{name}”).")
        elif found[key] != expected[key]:
            message = _(
                "The backup holds an object unlike the one AssocDesk creates ({kind} “{name}”)."
            )
        else:
            continue
        raise BackupError(message.format(**what) + " " + _("It is refused; nothing was changed."))
