"""documents: what a donor, an auditor and a tax office expect a receipt to state

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

Contacts get a gender (documents address them and agree with them) and an identifier (CIN,
ICE, NIF, SIREN …); the association profile its signers' gender, legal status, tax identifiers,
purpose, the reçu fiscal mode and the digits of Arabic documents; donations the cheque's number
and bank, who valued a gift in kind and the form of the gift. Plain ADD COLUMNs: no table is
rebuilt, so the search triggers on contacts stay as they are.
"""

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

COLUMNS = {
    'contacts': [
        sa.Column('gender', sa.String(6), nullable=True),
        sa.Column('id_kind', sa.String(12), nullable=False, server_default=''),
        sa.Column('id_number', sa.String(40), nullable=False, server_default=''),
    ],
    'association_profile': [
        sa.Column('president_gender', sa.String(6), nullable=True),
        sa.Column('treasurer_gender', sa.String(6), nullable=True),
        sa.Column('legal_status', sa.String(30), nullable=False, server_default=''),
        sa.Column('legal_status_detail', sa.Text(), nullable=False, server_default=''),
        sa.Column('tax_identifiers', sa.Text(), nullable=False, server_default=''),
        sa.Column('purpose', sa.Text(), nullable=False, server_default=''),
        sa.Column('tax_receipts', sa.Boolean(), nullable=False, server_default='0'),
        sa.Column('arabic_digits', sa.String(12), nullable=False, server_default='latin'),
    ],
    'donations': [
        sa.Column('cheque_number', sa.String(40), nullable=False, server_default=''),
        sa.Column('bank', sa.String(100), nullable=False, server_default=''),
        sa.Column('valued_by', sa.String(200), nullable=False, server_default=''),
        sa.Column('gift_form', sa.String(20), nullable=False, server_default='manual'),
    ],
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for column in columns:
            op.add_column(table, column)


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in reversed(columns):
                batch.drop_column(column.name)
