"""record versions and the journal's actor: nobody overwrites anybody, and who did what

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08

Every record gets a ``version``, bumped by each save (SQLAlchemy's ``version_id_col``): a save
made from a form opened on an older version is refused (another desk changed the record
meanwhile) instead of overwriting it. Existing records start at 1.

Each journal event names who made the change (``actor``) and the version the record had after
it (``record_version``: what changed since the version a form was opened on). On SQLite the
actor is the computer's user, written by the app. On PostgreSQL the server writes it itself, from the login of the session
that inserts the event (a trigger): a desk cannot sign a change with someone else's name.

On PostgreSQL the amounts (minor units) become 64-bit: INTEGER there stops at 21 474 836.47,
which a grant in dinars passes; SQLite's INTEGER is 64-bit already, so the file is not rebuilt.

Also on PostgreSQL, the normalized search columns are compared by code point (COLLATE "C"), as
SQLite compares them and as the lists sort them (storage/sql_functions.by_code_point): a server
whose default collation is a language's would otherwise not read a list's order from its index.

Columns are added in place (ALTER TABLE … ADD COLUMN on both dialects): no table is rebuilt, so
the contacts_fts triggers stay.
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

VERSIONED = (
    'activities', 'activity_beneficiary_groups', 'activity_photos', 'activity_roles',
    'association_profile', 'audit_events', 'campaigns', 'contacts', 'donations', 'dues_fees',
    'dues_payments', 'import_mappings', 'memberships', 'not_duplicate_pairs', 'post_history',
    'post_templates', 'skills', 'volunteer_assignments', 'volunteer_profiles',
)

AMOUNTS = (
    ('activities', 'cost_minor'), ('campaigns', 'goal_minor'), ('donations', 'amount_minor'),
    ('dues_fees', 'amount_minor'), ('dues_payments', 'amount_minor'),
    ('receipt_chain_links', 'amount_minor'),
)

SEARCH_COLUMNS = (
    ('contacts', 'TEXT'), ('campaigns', 'TEXT'), ('activities', 'TEXT'), ('skills', 'VARCHAR(80)'),
)

ACTOR_FUNCTION = """
CREATE FUNCTION assocdesk_journal_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.actor := session_user;
    RETURN NEW;
END
$$
"""
ACTOR_TRIGGER = (
    "CREATE TRIGGER audit_events_actor BEFORE INSERT OR UPDATE OF actor ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION assocdesk_journal_actor()"
)


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    op.add_column(
        'audit_events', sa.Column('actor', sa.String(length=100), server_default='', nullable=False)
    )
    op.add_column('audit_events', sa.Column('record_version', sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(ACTOR_FUNCTION)
        op.execute(ACTOR_TRIGGER)
        for table, column in AMOUNTS:
            op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer())
        for table, kind in SEARCH_COLUMNS:
            op.execute(f'ALTER TABLE {table} ALTER COLUMN search_text TYPE {kind} COLLATE "C"')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table, column in AMOUNTS:
            op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger())
        op.execute('DROP TRIGGER IF EXISTS audit_events_actor ON audit_events')
        op.execute('DROP FUNCTION IF EXISTS assocdesk_journal_actor()')
    with op.batch_alter_table('audit_events') as batch_op:
        batch_op.drop_column('record_version')
        batch_op.drop_column('actor')
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('version')
