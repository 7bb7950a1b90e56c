"""The schema's migrations (Alembic), run by :mod:`.runner`; the revisions are in ``versions/``."""

# The newest schema revision this version knows; tests check it equals Alembic's head.
HEAD_REVISION = "0014"
