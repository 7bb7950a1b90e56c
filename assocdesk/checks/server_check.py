"""The checks that read a shared database on a PostgreSQL server differently from the file.

- Orphans: the server enforces foreign keys, so the app cannot leave one; but a superuser can
  switch them off (``session_replication_role = replica``, a restore made without them) and
  SQLite's ``foreign_key_check`` has no counterpart there. Each foreign key found by
  ``sqlalchemy.inspect`` is looked up in generic SQL instead.
- The contacts search index: pg_trgm's GIN index, which the server keeps in step by itself. What
  can go wrong is that it is gone (dropped by hand, a restore without indexes) or invalid (a
  ``CREATE INDEX CONCURRENTLY`` or ``REINDEX`` that failed half-way): the planner then ignores
  it, and every search reads the whole table.
- Attached files: a shared database keeps their contents in its ``stored_files`` table (one row
  per content, keyed by its SHA-256; see storage.file_store), not in a folder. Each photo's
  content must be there, and each content must still hash to its key (``sha256()`` is the
  server's own: the contents are not sent to this computer to be checked).
"""

from __future__ import annotations

from sqlalchemy import inspect

from assocdesk.checks.findings import ERROR, CheckContext, Finding
from assocdesk.i18n import N_, _

SEARCH_INDEX = "ix_contacts_search_trgm"
SHOWN = 20  # orphans named one by one per foreign key


def check_server_orphans(context: CheckContext) -> list[Finding]:
    """Rows whose foreign key names a row that is not there, for every foreign key."""
    inspector = inspect(context.connection)
    findings = []
    for table in sorted(context.tables()):
        key = inspector.get_pk_constraint(table).get("constrained_columns") or []
        for foreign in inspector.get_foreign_keys(table):
            parent = foreign["referred_table"]
            pairs = list(
                zip(foreign["constrained_columns"], foreign["referred_columns"], strict=True)
            )
            shown = f'c."{key[0]}"' if key else "c.ctid::text"
            filled = " AND ".join(f'c."{column}" IS NOT NULL' for column, _ref in pairs)
            joined = " AND ".join(f'p."{ref}" = c."{column}"' for column, ref in pairs)
            query = (
                f'SELECT {shown} FROM "{table}" c WHERE {filled} AND NOT EXISTS '
                f'(SELECT 1 FROM "{parent}" p WHERE {joined}) ORDER BY 1 LIMIT {SHOWN}'
            )
            findings.extend(
                Finding(
                    "orphans",
                    ERROR,
                    _("Row {id} of {table} points to a missing row of {parent}.").format(
                        id=row_id, table=table, parent=parent
                    ),
                )
                for (row_id,) in context.rows(query)
            )
    return findings


def check_server_search_index(context: CheckContext) -> list[Finding]:
    """The GIN index that contact searches use is there (pg_indexes) and valid (pg_index)."""
    if "contacts" not in context.tables():
        return []
    rows = context.rows(
        "SELECT i.indisvalid FROM pg_indexes x JOIN pg_index i ON i.indexrelid = "
        "to_regclass(quote_ident(x.schemaname) || '.' || quote_ident(x.indexname)) "
        "WHERE x.schemaname = current_schema() AND x.tablename = 'contacts' "
        "AND x.indexname = :name",
        name=SEARCH_INDEX,
    )
    if not rows:
        message = _(
            "The contacts search index {index} is missing on the server: searches still find "
            "the right contacts, but slowly. Its administrator can create it again with: "
            "{statement}"
        ).format(
            index=SEARCH_INDEX,
            statement=f"CREATE INDEX {SEARCH_INDEX} ON contacts USING gin "
            "(search_text gin_trgm_ops);",
        )
        return [Finding("search_index", ERROR, message)]
    if not rows[0][0]:
        message = _(
            "The contacts search index {index} is not valid on the server (an index build that "
            "failed half-way): searches read every contact. Its administrator can rebuild it "
            "with: {statement}"
        ).format(index=SEARCH_INDEX, statement=f"REINDEX INDEX {SEARCH_INDEX};")
        return [Finding("search_index", ERROR, message)]
    return []


STORED = "stored_files"
# (table, how a finding names the record) of the records that need a stored content.
STORED_USERS = [("activity_photos", N_("activity photo {id}"))]
NO_STORED_FILES = N_(
    "The attached files (activity photos) of this shared database are not checked: it is of an "
    "older AssocDesk that kept them in no table (open it with AssocDesk to upgrade it)."
)


def check_server_files(context: CheckContext) -> list[Finding]:
    """Each attached file's content is in ``stored_files``, and each content is whole."""
    tables = context.tables()
    users = [(table, label) for table, label in STORED_USERS if table in tables]
    if not users:
        return []
    if STORED not in tables:
        context.notes.append(_(NO_STORED_FILES))
        return []
    findings = []
    for table, label in users:
        query = (
            f'SELECT r.id, r.file_name FROM "{table}" r WHERE NOT EXISTS '
            f"(SELECT 1 FROM {STORED} f WHERE f.sha256 = r.sha256) ORDER BY r.id LIMIT {SHOWN}"
        )
        findings.extend(
            Finding(
                "files",
                ERROR,
                _("The file {name} ({record}) is missing from the shared database.").format(
                    name=name, record=_(label).format(id=row_id)
                ),
            )
            for row_id, name in context.rows(query)
        )
    damaged = context.rows(
        f"SELECT sha256, extension FROM {STORED} WHERE encode(sha256(data), 'hex') <> sha256 "
        f"OR octet_length(data) <> size ORDER BY sha256 LIMIT {SHOWN}"
    )
    findings.extend(
        Finding(
            "files",
            ERROR,
            _(
                "The stored file {name} is damaged: its content no longer matches its SHA-256."
            ).format(name=f"{sha256}.{extension}"),
        )
        for sha256, extension in damaged
    )
    return findings
