"""The audit trail: append-only, each entry chained to the one before by its hash."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from admin.db import db
from admin.models.common import utcnow


class AuditEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(sa.String(50))  # username, or "cli:<os user>"
    action: Mapped[str] = mapped_column(sa.String(30), index=True)  # create, edit, publish …
    entity: Mapped[str] = mapped_column(sa.String(30), default="")  # table name
    entity_id: Mapped[int | None] = mapped_column()
    detail: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)  # before/after …
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
