"""privacy: consent dates, erased contacts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Each consent flag carries the date it was last given or withdrawn (GDPR-style proof of
consent); ``erased_at`` marks a contact whose personal data was erased on request.
Columns are only added, so batch mode alters the table in place (no rebuild) and the
contacts_fts triggers of 0001 stay.
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

COLUMNS = ('consent_publish_name_at', 'consent_publish_photo_at', 'consent_contact_at', 'erased_at')


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
