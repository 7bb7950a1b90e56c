"""Alembic environment: always given an open connection by assocdesk.storage.migrations.runner."""

from alembic import context

from assocdesk.models import Base


def include_object(_object, name, type_, _reflected, _compare_to) -> bool:
    """The FTS5 search index and its shadow tables are made by hand (0001): autogenerate must
    not propose to drop them."""
    return not (type_ == "table" and str(name).startswith("contacts_fts"))


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    include_object=include_object,
    render_as_batch=True,  # SQLite: ALTER through table rebuilds
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
