"""contacts: an index in search order

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21

Contacts are listed in the order of their search key, and the first keystrokes of a search (one
or two letters, which the trigram index cannot serve) look through every key. An index on
(search_text, archived_at) holds all such a query reads, already in order: the list needs no
sort and a short search reads ~1.5 MB of index instead of the whole table (a keystroke at
20 000 contacts: 21 → 13 ms in SQLite).
"""

from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_contacts_search', 'contacts', ['search_text', 'archived_at'])


def downgrade() -> None:
    op.drop_index('ix_contacts_search', table_name='contacts')
