"""Who touched which revision of a record: the evidence four eyes are judged by."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from admin.models.common import utcnow
from admin.models.db import db


class RevisionTouch(db.Model):
    """One account created, edited, submitted or imported one revision of one record.

    ``revision`` is the record's version after the change; a reviewer who touched any
    revision since the last approval may not approve (admin.domain.workflow).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(sa.String(20))
    record_id: Mapped[int] = mapped_column()
    revision: Mapped[int] = mapped_column()
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("account.id"))
    action: Mapped[str] = mapped_column(sa.String(10))  # create, edit, submit, import
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.Index("ix_revision_touch_record", "dataset", "record_id"),)
