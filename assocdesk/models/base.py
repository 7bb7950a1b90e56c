"""Declarative base and the columns every table carries.

Every row has an integer key for joins and a ``uuid`` so rows from two machines can later be merged
without clashes; ``created_at``/``updated_at`` are UTC. Its ``version`` goes up with each save
(``version_id_col``): a stale save is refused, never silently applied (DESIGN.md §8).
"""

import uuid as uuid_module
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Named constraints: Alembic batch mode on SQLite can only drop or alter what has a name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# An amount in minor units (centimes…): 64 bits on a server, where INTEGER stops at 21 474 836.47
# (a grant in dinars passes it); SQLite's INTEGER already holds 64 bits.
Money = BigInteger().with_variant(Integer(), "sqlite")


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RecordMixin:
    """Columns shared by every table: id, uuid, created_at, updated_at, version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utc_now, onupdate=utc_now
    )
    # 1 when made, one more at each UPDATE the ORM flushes, which also checks it in its WHERE:
    # two desks saving the same record from the same version cannot both succeed.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}
