"""volunteer bank: languages, preferred types, activity roles, attendance, president

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

Volunteers gain languages and preferred activity types; an activity lists the roles (skill ×
count) it needs; an assignment says whether the volunteer came and which role it fills; the
association names its president, who signs volunteering certificates. Assignments recorded
before with some time are taken as attended (their hours were counted until now).
volunteer_assignments is rebuilt (batch mode) for its new foreign key; contacts is not touched,
so the contacts_fts triggers stay.
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'activity_roles',
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('skill_id', sa.Integer(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_activity_roles_activity_id_activities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_activity_roles_skill_id_skills'), ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_roles')),
        sa.UniqueConstraint('activity_id', 'skill_id', name=op.f('uq_activity_roles_activity_id')),
        sa.UniqueConstraint('uuid', name=op.f('uq_activity_roles_uuid')),
    )
    with op.batch_alter_table('activity_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_roles_skill_id'), ['skill_id'], unique=False)

    with op.batch_alter_table('association_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('president_name', sa.String(length=200), server_default='', nullable=False))

    with op.batch_alter_table('volunteer_assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attended', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('skill_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_volunteer_assignments_skill_id'), ['skill_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_volunteer_assignments_skill_id_skills'), 'skills', ['skill_id'], ['id'], ondelete='SET NULL')
    op.execute(
        sa.text('UPDATE volunteer_assignments SET attended = :yes WHERE minutes > 0').bindparams(yes=True)
    )

    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('languages', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('preferred_types', sa.String(length=250), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.drop_column('preferred_types')
        batch_op.drop_column('languages')

    with op.batch_alter_table('volunteer_assignments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_volunteer_assignments_skill_id_skills'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_volunteer_assignments_skill_id'))
        batch_op.drop_column('skill_id')
        batch_op.drop_column('attended')

    with op.batch_alter_table('association_profile', schema=None) as batch_op:
        batch_op.drop_column('president_name')

    with op.batch_alter_table('activity_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_roles_skill_id'))
    op.drop_table('activity_roles')
