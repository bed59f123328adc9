"""Columns every record shares: identity, owning body, public slug, timestamps, version."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class RecordMixin:
    """A record of the back-office that belongs to a publishing body.

    ``version`` is SQLAlchemy's optimistic lock; the edit form also carries it so a save
    against a newer version is refused rather than silently overwriting (SECURITY.md).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    @declared_attr
    def body_id(cls) -> Mapped[int]:
        return mapped_column(sa.ForeignKey("body.id"), index=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
