"""dues: fee schedule, dues receipt numbers, partial and voided payments

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22

Dues payments become receipts of their own book: a number from a separate gapless per-year
sequence (PREFIX-C-YYYY-NNNN), a status (voided, never deleted), prints counted like donation
receipts. A year may now be paid in several parts, so the one-payment-per-year constraint goes.
Payments already recorded get numbers in the order they were paid, and the counters follow them.
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'dues_fees',
        sa.Column('category', sa.String(length=60), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('amount_minor', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dues_fees')),
        sa.UniqueConstraint('category', 'year', name=op.f('uq_dues_fees_category')),
        sa.UniqueConstraint('uuid', name=op.f('uq_dues_fees_uuid')),
    )
    op.create_table(
        'dues_receipt_counters',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('last_number', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_dues_receipt_counters')),
    )
    with op.batch_alter_table('dues_payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('method', sa.String(length=20), server_default='cash', nullable=False))
        batch_op.add_column(sa.Column('receipt_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('receipt_seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('receipt_number', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='recorded', nullable=False))
        batch_op.add_column(sa.Column('void_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('notes', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('receipt_issued_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('receipt_prints', sa.Integer(), server_default='0', nullable=False))

    # Number the payments already recorded, per year of payment, in the order they were paid.
    # SQLite only: a PostgreSQL database is created empty at a later revision, with no payment.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            """
            UPDATE dues_payments SET
                receipt_year = CAST(strftime('%Y', paid_on) AS INTEGER),
                receipt_seq = (
                    SELECT COUNT(*) FROM dues_payments AS earlier
                    WHERE strftime('%Y', earlier.paid_on) = strftime('%Y', dues_payments.paid_on)
                      AND (earlier.paid_on < dues_payments.paid_on
                           OR (earlier.paid_on = dues_payments.paid_on
                               AND earlier.id <= dues_payments.id))
                )
            """
        )
        op.execute(
            """
            UPDATE dues_payments SET receipt_number =
                COALESCE((SELECT receipt_prefix FROM association_profile ORDER BY id LIMIT 1), 'R')
                || '-C-' || receipt_year || '-' || printf('%04d', receipt_seq)
            """
        )
        op.execute(
            """
            INSERT INTO dues_receipt_counters (year, last_number)
            SELECT receipt_year, MAX(receipt_seq) FROM dues_payments GROUP BY receipt_year
            """
        )

    with op.batch_alter_table('dues_payments', schema=None) as batch_op:
        batch_op.alter_column('receipt_year', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('receipt_seq', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('receipt_number', existing_type=sa.String(length=40), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_dues_payments_membership_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_dues_payments_receipt_number'), ['receipt_number'])
        batch_op.create_unique_constraint(batch_op.f('uq_dues_payments_receipt_year'), ['receipt_year', 'receipt_seq'])
        batch_op.create_index('ix_dues_payments_year_membership', ['period_year', 'membership_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dues_payments', schema=None) as batch_op:
        batch_op.drop_index('ix_dues_payments_year_membership')
        batch_op.drop_constraint(batch_op.f('uq_dues_payments_receipt_year'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_dues_payments_receipt_number'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_dues_payments_membership_id'), ['membership_id', 'period_year'])
        batch_op.drop_column('receipt_prints')
        batch_op.drop_column('receipt_issued_at')
        batch_op.drop_column('notes')
        batch_op.drop_column('voided_at')
        batch_op.drop_column('void_reason')
        batch_op.drop_column('status')
        batch_op.drop_column('receipt_number')
        batch_op.drop_column('receipt_seq')
        batch_op.drop_column('receipt_year')
        batch_op.drop_column('method')
    op.drop_table('dues_receipt_counters')
    op.drop_table('dues_fees')
