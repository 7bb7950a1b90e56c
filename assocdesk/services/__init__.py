"""Use cases: each function takes a Session (the caller's unit of work) and plain values.

The caller owns the transaction (``with db.transaction() as session:``), so several commands can
form one unit and a failure anywhere rolls everything back.
"""

# Imported with the package, so that every session on a shared server tells the other desks
# what it committed, whichever service or use case opened it.
from assocdesk.services import live  # noqa: F401
from assocdesk.services.errors import NotFound, ValidationError

__all__ = ["NotFound", "ValidationError"]
