"""stored_files: the attached files' contents, by SHA-256, for a shared server

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08

Activity photos are stored once by content. Beside an SQLite file they stay in its files folder
(``<name>-files/photos/ab/<sha256>.<ext>``): a laptop's database must not grow by its photos,
and its backups copy the folder. A PostgreSQL database shared by several desks has no folder
beside it, so there the contents live in this table (bytea), one row per distinct content; on
SQLite the table exists, for one schema on both, and stays empty (assocdesk/storage/file_store.py).

The key is the content's hash, not an id and a uuid: two copies of one picture are one row on
any machine, which is what a later sync between databases needs.
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'stored_files',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('extension', sa.String(length=5), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_stored_files')),
    )


def downgrade() -> None:
    op.drop_table('stored_files')
