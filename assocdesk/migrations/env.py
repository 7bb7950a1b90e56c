"""Alembic environment: always given an open connection by assocdesk.migrations.runner."""

from alembic import context

from assocdesk.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite: ALTER through table rebuilds
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
