"""The contents of attached files on a shared server (activity photos), one row per content.

Only the storage layer reads and writes it (assocdesk/storage/file_store.py, through SQLAlchemy
Core, since storage does not import the models); the class is here so that the models describe
the whole schema. Beside an SQLite file the contents stay in its files folder and this table is
empty. The content's SHA-256 is its key: the same picture is one row however often it is used.
"""

from datetime import datetime

from sqlalchemy import DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from assocdesk.models.base import Base, utc_now


class StoredFile(Base):
    """One file's bytes, by content (the referring rows, e.g. activity_photos, hold its sha256)."""

    __tablename__ = "stored_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    extension: Mapped[str] = mapped_column(String(5))  # jpg, png, webp, gif
    size: Mapped[int] = mapped_column(Integer)
    # Deferred: a query for which files exist must not pull megabytes of pictures.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
