"""检查结果: the outcome of one 行政检查."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admin.models.bodies import Body
from admin.models.common import RecordMixin
from admin.models.db import db
from admin.models.items import EnforcementItem
from admin.models.officers import Officer

inspection_officers = sa.Table(
    "inspection_officer",
    db.metadata,
    sa.Column("inspection_id", sa.ForeignKey("inspection.id"), primary_key=True),
    sa.Column("officer_id", sa.ForeignKey("officer.id"), primary_key=True),
)


class Inspection(RecordMixin, db.Model):
    # The back-office list: its count, page of ids and year options, also by state (0010).
    __table_args__ = (
        sa.Index("ix_inspection_body_date", "body_id", "inspected_on"),
        sa.Index("ix_inspection_body_state_date", "body_id", "state", "inspected_on"),
        # The 工作台's clocks: open records, and those published lately (0012).
        sa.Index("ix_inspection_state_published", "state", "published_on"),
    )

    party_kind: Mapped[str] = mapped_column(sa.String(20))  # vocab.PARTY_KINDS
    party_name: Mapped[str] = mapped_column(sa.String(200))
    party_credit_code: Mapped[str] = mapped_column(sa.String(18), default="")
    party_address: Mapped[str] = mapped_column(sa.String(300), default="")  # public for firms
    inspected_on: Mapped[dt.date] = mapped_column(index=True)
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("enforcement_item.id"))
    result: Mapped[str] = mapped_column(sa.String(10))  # vocab.INSPECTION_RESULTS
    findings: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    follow_up: Mapped[str] = mapped_column(sa.Text, default="")
    state: Mapped[str] = mapped_column(sa.String(10), default="草稿", index=True)
    published_on: Mapped[dt.date | None] = mapped_column()
    withdrawn_on: Mapped[dt.date | None] = mapped_column()
    withdraw_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account.id"))
    related_persons: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    masks: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    body: Mapped[Body] = relationship()
    item: Mapped[EnforcementItem | None] = relationship()
    officers: Mapped[list[Officer]] = relationship(secondary=inspection_officers)
