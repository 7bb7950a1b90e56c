"""Alembic migrations, run by assocdesk.db when a database is opened."""
