"""Holiday notices loaded by an administrator, on top of the bundled calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from admin.models.common import utcnow
from admin.models.db import db


class CalendarNotice(db.Model):
    """One year's notice for one region: its days off and make-up working days."""

    __table_args__ = (sa.UniqueConstraint("region", "year", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(sa.String(30))  # "national", "ningxia", …
    year: Mapped[int] = mapped_column()
    source: Mapped[str] = mapped_column(sa.String(300))  # the notice's title
    holidays: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # ISO dates
    workdays: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # ISO dates
    loaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    loaded_by: Mapped[str] = mapped_column(sa.String(50), default="")
    #: Optimistic lock (migration 0006): a notice replaced twice at once is replaced once.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}
