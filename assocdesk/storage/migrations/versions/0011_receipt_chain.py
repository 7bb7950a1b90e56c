"""receipt chain: each issued receipt and each void chained by hash, per book and year

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-14

SQLite has no page checksums: a flipped bit or an edit behind the app's back in an issued
receipt's amount went unnoticed. Each issued receipt, void and donor change now appends a link to
the chain of its series (book + receipt year), hashed over the previous link (see
assocdesk/receipt_hash.py, version 1: frozen, which is why this migration may use it).

Receipts issued and voids made before this revision are chained here, per series, in the order
they happened (issued_at / voided_at, then id), with the values the records hold now.
"""

import sqlalchemy as sa
from alembic import op

from assocdesk.receipt_hash import chain_existing

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# book → (table, date column, party column)
BOOKS = {
    'donations': ('donations', 'donated_on', 'contact_id'),
    'dues': ('dues_payments', 'paid_on', 'membership_id'),
}
INSERT = sa.text(
    'INSERT INTO receipt_chain_links (book, year, position, event, record_id, receipt_number, '
    'amount_minor, currency, dated_on, party_id, status, prev_hash, hash) VALUES (:book, :year, '
    ':position, :event, :record_id, :receipt_number, :amount_minor, :currency, :date, '
    ':party_id, :status, :prev_hash, :hash)'
)


def upgrade() -> None:
    op.create_table(
        'receipt_chain_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('book', sa.String(length=10), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(length=10), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('receipt_number', sa.String(length=40), nullable=False),
        sa.Column('amount_minor', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('dated_on', sa.Date(), nullable=False),
        sa.Column('party_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_chain_links')),
        sa.UniqueConstraint('book', 'year', 'position', name=op.f('uq_receipt_chain_links_book')),
    )
    connection = op.get_bind()
    for book, (table, dated, party) in BOOKS.items():
        rows = connection.execute(
            sa.text(
                f'SELECT id, receipt_year AS year, receipt_number, amount_minor, currency, '
                f'{dated} AS date, {party} AS party_id, status, receipt_issued_at AS issued_at, '
                f'voided_at FROM {table} '
                f"WHERE receipt_issued_at IS NOT NULL OR status = 'void' ORDER BY id"
            )
        ).mappings()
        links = chain_existing(book, list(rows))
        if links:
            connection.execute(INSERT, links)


def downgrade() -> None:
    op.drop_table('receipt_chain_links')
