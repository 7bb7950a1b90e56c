"""contacts: the search shadow holds the name's transliteration keys

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-21

"benali" finds «أحمد بنعلي» and «بنعلي» finds "BENALI": contacts.search_text now ends with
the name's keys across scripts ("#B~N~L#", see assocdesk/services/contact_search.py), indexed
by contacts_fts like the rest of the shadow. Every contact's shadow is written again here, in
batches read by id; the update trigger re-indexes each row. The shadow is derived data, so the
migration writes it as the running version does (contacts.search_key_of); no column changes.
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

BATCH = 2000
SELECT = sa.text(
    'SELECT id, name, email, city, phone, search_text FROM contacts '
    'WHERE id > :after ORDER BY id LIMIT :batch'
)
UPDATE = sa.text('UPDATE contacts SET search_text = :search_text WHERE id = :id')


def _rewrite(shadow_of) -> None:
    """Set each contact's shadow to ``shadow_of(row)``, only where it changes."""
    connection = op.get_bind()
    after = 0
    while True:
        rows = connection.execute(SELECT, {'after': after, 'batch': BATCH}).mappings().all()
        if not rows:
            return
        changed = []
        for row in rows:
            shadow = shadow_of(row)
            if shadow != row['search_text']:
                changed.append({'id': row['id'], 'search_text': shadow})
        if changed:
            connection.execute(UPDATE, changed)
        after = rows[-1]['id']


def upgrade() -> None:
    from assocdesk.services.contacts import search_key_of

    _rewrite(lambda row: search_key_of(row['name'], row['email'], row['city'], row['phone']))


def downgrade() -> None:
    # The keys are the words written "#…#"; no normalized word holds a "#".
    _rewrite(lambda row: ' '.join(w for w in row['search_text'].split() if not w.startswith('#')))
