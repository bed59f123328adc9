"""依申请公开: one request for government information and how it was handled (条例 Art 27–45).

The applicant's details are private: they never leave the database (no public form, no
report, no export); the annual report counts requests only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admin.models.bodies import Body
from admin.models.common import utcnow
from admin.models.db import db


class InfoRequest(db.Model):
    __tablename__ = "info_request"
    __table_args__ = (sa.UniqueConstraint("body_id", "registration_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    registration_no: Mapped[str] = mapped_column(sa.String(50))  # 登记编号
    channel: Mapped[str] = mapped_column(sa.String(20))  # domain.requests.CHANNELS
    received_on: Mapped[dt.date] = mapped_column(index=True)  # the day it arrived
    confirmed_on: Mapped[dt.date | None] = mapped_column()  # confirmed with the applicant
    counts_from: Mapped[dt.date] = mapped_column()  # 收到申请之日 by Art 31 (computed)
    applicant_type: Mapped[str] = mapped_column(sa.String(20))  # domain.requests.APPLICANT_TYPES
    # Private: never published.
    applicant_name: Mapped[str] = mapped_column(sa.String(200))
    applicant_id_number: Mapped[str] = mapped_column(sa.String(50), default="")
    applicant_phone: Mapped[str] = mapped_column(sa.String(30), default="")
    applicant_address: Mapped[str] = mapped_column(sa.String(300), default="")
    applicant_email: Mapped[str] = mapped_column(sa.String(200), default="")
    information: Mapped[str] = mapped_column(sa.Text)  # 所需政府信息的名称、文号或特征描述
    form_wanted: Mapped[str] = mapped_column(sa.String(20))  # domain.requests.FORMS
    state: Mapped[str] = mapped_column(sa.String(10), index=True)
    correction_asked_on: Mapped[dt.date | None] = mapped_column()
    correction_deadline: Mapped[dt.date | None] = mapped_column()
    correction_note: Mapped[str] = mapped_column(sa.Text, default="")
    correction_received_on: Mapped[dt.date | None] = mapped_column()
    consult_sent_on: Mapped[dt.date | None] = mapped_column()
    consult_answered_on: Mapped[dt.date | None] = mapped_column()
    consult_party: Mapped[str] = mapped_column(sa.String(200), default="")  # private
    consult_view: Mapped[str] = mapped_column(sa.Text, default="")
    extension_days: Mapped[int] = mapped_column(default=0)
    extension_approver: Mapped[str] = mapped_column(sa.String(50), default="")
    extension_approved_on: Mapped[dt.date | None] = mapped_column()
    extension_notified_on: Mapped[dt.date | None] = mapped_column()
    replied_on: Mapped[dt.date | None] = mapped_column(index=True)
    reply_type: Mapped[str] = mapped_column(sa.String(10), default="")  # REPLY_TYPES key
    reply_reason: Mapped[str] = mapped_column(sa.String(100), default="")  # its sub-reason
    reply_note: Mapped[str] = mapped_column(sa.Text, default="")
    archived_on: Mapped[dt.date | None] = mapped_column()
    #: Every action: [{"on": "YYYY-MM-DD", "action": ..., "note": ..., "by": ...}].
    trail: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    body: Mapped[Body] = relationship()

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}
