"""import: remembered column mappings, contact pairs that are not duplicates

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21

Two new tables; no existing table is touched (contacts keeps its search triggers).
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'import_mappings',
        sa.Column('layout_key', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('mapping', sa.Text(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_mappings')),
        sa.UniqueConstraint('layout_key', name=op.f('uq_import_mappings_layout_key')),
        sa.UniqueConstraint('uuid', name=op.f('uq_import_mappings_uuid')),
    )
    op.create_table(
        'not_duplicate_pairs',
        sa.Column('first_id', sa.Integer(), nullable=False),
        sa.Column('second_id', sa.Integer(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('first_id < second_id', name=op.f('ck_not_duplicate_pairs_ordered')),
        sa.ForeignKeyConstraint(['first_id'], ['contacts.id'], name=op.f('fk_not_duplicate_pairs_first_id_contacts'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['second_id'], ['contacts.id'], name=op.f('fk_not_duplicate_pairs_second_id_contacts'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_not_duplicate_pairs')),
        sa.UniqueConstraint('first_id', 'second_id', name=op.f('uq_not_duplicate_pairs_first_id')),
        sa.UniqueConstraint('uuid', name=op.f('uq_not_duplicate_pairs_uuid')),
    )
    with op.batch_alter_table('not_duplicate_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_not_duplicate_pairs_second_id'), ['second_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('not_duplicate_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_not_duplicate_pairs_second_id'))
    op.drop_table('not_duplicate_pairs')
    op.drop_table('import_mappings')
