"""Uploaded scans and evidence (全过程记录): internal records, never published."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from admin.models.common import utcnow
from admin.models.db import db


class Attachment(db.Model):
    """A file kept beside a record under a random name in the instance folder."""

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(sa.String(30))  # penalties, inspections, info
    record_id: Mapped[int] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # 决定书扫描件 / 证据 / 全过程记录 …
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)  # random
    media_type: Mapped[str] = mapped_column(sa.String(100))  # checked from the content
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by: Mapped[str] = mapped_column(sa.String(50))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
