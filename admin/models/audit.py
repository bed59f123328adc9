"""The audit trail: append-only, each entry chained to the one before by its keyed hash."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from admin.models.common import utcnow
from admin.models.db import db


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
    #: How ``hash`` was sealed: None for the plain SHA-256 rows written before migration
    #: 0005, "hmac1" for HMAC-SHA-256 with the instance's audit key.
    scheme: Mapped[str | None] = mapped_column(sa.String(10))


class AuditChainHead(db.Model):
    """The chain's newest hash, in one row every writer locks before appending.

    Not evidence (``gongshi audit verify`` walks the entries): it serialises appends on
    PostgreSQL (SELECT … FOR UPDATE), as BEGIN IMMEDIATE already does on SQLite.
    ``keyed_from`` is the first entry id that must be keyed.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    head: Mapped[str] = mapped_column(sa.String(64))
    entries: Mapped[int] = mapped_column(default=0)
    keyed_from: Mapped[int] = mapped_column(default=1)
