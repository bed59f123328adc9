"""执法主体 and the governments they belong to: every record is owned by one body."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admin.models.common import utcnow
from admin.models.db import db


class Body(db.Model):
    """A publishing body: a government (乡镇人民政府) or an 执法主体 under it.

    One deployment can hold a whole county: bodies form a tree through ``parent``.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("body.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    short_name: Mapped[str] = mapped_column(sa.String(100), default="")
    kind: Mapped[str] = mapped_column(sa.String(20))  # vocab.SUBJECT_KINDS
    is_enforcement_subject: Mapped[bool] = mapped_column(default=True)
    credit_code: Mapped[str] = mapped_column(sa.String(18), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    phone: Mapped[str] = mapped_column(sa.String(50), default="")
    office_hours: Mapped[str] = mapped_column(sa.String(200), default="")
    legal_basis: Mapped[str] = mapped_column(sa.Text, default="")  # basis of its powers
    delegation_basis: Mapped[str] = mapped_column(sa.Text, default="")  # 赋权 decision
    duties: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    supervisor: Mapped[str] = mapped_column(sa.String(200), default="")
    complaint_channel: Mapped[str] = mapped_column(sa.Text, default="")
    review_body: Mapped[str] = mapped_column(sa.String(200), default="")  # 复议机关
    court: Mapped[str] = mapped_column(sa.String(200), default="")
    #: 文号 prefix (机关代字) for penalty decisions, e.g. 中宁大战场综执罚.
    decision_prefix: Mapped[str] = mapped_column(sa.String(50), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Optimistic lock: an UPDATE names the version it read, so of two concurrent saves
    #: one is refused instead of both succeeding (migration 0006).
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    parent: Mapped[Body | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Body]] = relationship(back_populates="parent")

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Body {self.slug} {self.name}>"
