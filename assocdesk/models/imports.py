"""What the import and the duplicate finder remember between sessions.

- ``ImportMapping``: the column mapping a person chose for one file layout (the normalized header
  row and the kind of records), so the next file from the same spreadsheet is mapped at once.
- ``NotDuplicatePair``: two contacts a person said are different people; the finder never
  proposes them again. Stored with the smaller id first, so a pair has one row.
"""

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assocdesk.models.base import Base, RecordMixin


class ImportMapping(RecordMixin, Base):
    __tablename__ = "import_mappings"

    # sha256 of the kind and the normalized header row (see
    # assocdesk.spreadsheets.mapping.layout_key).
    layout_key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    # JSON: {"headers": [...], "fields": [field key or null per column]}
    mapping: Mapped[str] = mapped_column(Text, default="{}")


class NotDuplicatePair(RecordMixin, Base):
    __tablename__ = "not_duplicate_pairs"

    first_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )

    __table_args__ = (
        UniqueConstraint("first_id", "second_id"),
        CheckConstraint("first_id < second_id", name="ordered"),
    )
