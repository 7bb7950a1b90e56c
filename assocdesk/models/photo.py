"""Photos of an activity, with the two flags that decide whether a post may show them."""

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assocdesk.models.base import Base, RecordMixin


class ActivityPhoto(RecordMixin, Base):
    """A photo file (stored once by content, see services.photos) attached to an activity."""

    __tablename__ = "activity_photos"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(255))  # as the user chose it, for display
    extension: Mapped[str] = mapped_column(String(5))  # jpg, png, webp, gif (from the content)
    caption: Mapped[str] = mapped_column(Text, default="")
    shows_minors: Mapped[bool] = mapped_column(Boolean, default=False)
    # Everyone recognisable on the photo agreed to its publication.
    consent_obtained: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("activity_id", "sha256"),)

    @property
    def publishable(self) -> bool:
        return self.consent_obtained and not self.shows_minors
