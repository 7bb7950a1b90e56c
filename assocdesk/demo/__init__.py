"""Demo data: a believable association to try AssocDesk on, or to test it at scale.

``fill(db, size="small" | "large", seed=1, progress=None)`` adds it to an empty database in one
transaction (:mod:`assocdesk.demo.filling`). The vocabulary is in :mod:`assocdesk.demo.names`,
the people in :mod:`assocdesk.demo.people`, campaigns, activities and donations in
:mod:`assocdesk.demo.events`, and the campaigns running today in :mod:`assocdesk.demo.running`.
"""

from assocdesk.demo.filling import (
    SIZES,
    DemoCancelled,
    DemoRefused,
    DemoSummary,
    fill,
    is_empty,
    reference_date,
)

__all__ = [
    "SIZES",
    "DemoCancelled",
    "DemoRefused",
    "DemoSummary",
    "fill",
    "is_empty",
    "reference_date",
]
