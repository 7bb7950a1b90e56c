"""contacts: a date of birth

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

A minor is someone under 18 on the date of what a post tells (an activity's day), not only
someone ticked "minor" once: a date of birth lets the post studio know it on any date.
"""

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: no table rebuild, so the search triggers on contacts stay as they are.
    op.add_column('contacts', sa.Column('date_of_birth', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contacts') as batch:
        batch.drop_column('date_of_birth')
