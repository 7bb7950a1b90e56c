"""Use cases: each function takes a Session (the caller's unit of work) and plain values.

The caller owns the transaction (``with db.transaction() as session:``), so several commands can
form one unit and a failure anywhere rolls everything back.
"""

from assocdesk.services.errors import NotFound, ValidationError

__all__ = ["NotFound", "ValidationError"]
