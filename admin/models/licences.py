"""行政许可决定 with every 双公示 行政许可 field (docs/licences.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admin.models.bodies import Body
from admin.models.common import RecordMixin
from admin.models.db import db


class Licence(RecordMixin, db.Model):
    # The back-office list: its count, page of ids and year options, also by state (0010).
    __table_args__ = (
        sa.Index("ix_licence_body_date", "body_id", "decision_date"),
        sa.Index("ix_licence_body_state_date", "body_id", "state", "decision_date"),
        # The 工作台's clocks: open records, and those published lately (0012).
        sa.Index("ix_licence_state_published", "state", "published_on"),
    )

    # 行政相对人
    party_kind: Mapped[str] = mapped_column(sa.String(20))  # vocab.PARTY_KINDS
    party_name: Mapped[str] = mapped_column(sa.String(200))
    party_credit_code: Mapped[str] = mapped_column(sa.String(18), default="")  # 代码_1
    party_reg_no: Mapped[str] = mapped_column(sa.String(50), default="")  # 代码_2
    party_org_code: Mapped[str] = mapped_column(sa.String(50), default="")  # 代码_3
    party_tax_no: Mapped[str] = mapped_column(sa.String(50), default="")  # 代码_4
    party_institution_no: Mapped[str] = mapped_column(sa.String(50), default="")  # 代码_5
    party_social_org_no: Mapped[str] = mapped_column(sa.String(50), default="")  # 代码_6
    legal_rep: Mapped[str] = mapped_column(sa.String(50), default="")
    legal_rep_id_type: Mapped[str] = mapped_column(sa.String(30), default="")  # private
    legal_rep_id_number: Mapped[str] = mapped_column(sa.String(50), default="")  # private
    id_type: Mapped[str] = mapped_column(sa.String(30), default="")  # private
    id_number: Mapped[str] = mapped_column(sa.String(50), default="")  # private
    #: Not in the standard; kept private so the masker finds them in 许可内容 (fieldmask).
    party_address: Mapped[str] = mapped_column(sa.String(300), default="")
    party_phone: Mapped[str] = mapped_column(sa.String(30), default="")
    related_persons: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)

    # 决定
    doc_name: Mapped[str] = mapped_column(sa.String(200))  # 行政许可决定文书名称
    decision_no: Mapped[str] = mapped_column(sa.String(100), unique=True)  # 行政许可决定文书号
    licence_kind: Mapped[str] = mapped_column(sa.String(10))  # vocab.LICENCE_KINDS
    certificate_name: Mapped[str] = mapped_column(sa.String(200), default="")  # 许可证书名称
    licence_no: Mapped[str] = mapped_column(sa.String(100), default="")  # 许可编号
    content: Mapped[str] = mapped_column(sa.Text)  # 许可内容 (Markdown)
    decision_date: Mapped[dt.date] = mapped_column(index=True)  # 许可决定日期
    valid_from: Mapped[dt.date | None] = mapped_column()  # 有效期自
    valid_until: Mapped[dt.date | None] = mapped_column()  # 有效期至
    authority: Mapped[str] = mapped_column(sa.String(200))  # 许可机关
    authority_code: Mapped[str] = mapped_column(sa.String(18), default="")
    current_status: Mapped[str] = mapped_column(sa.String(10), default="有效")  # 当前状态
    status_date: Mapped[dt.date | None] = mapped_column()  # when 当前状态 last changed
    source_unit: Mapped[str] = mapped_column(sa.String(200), default="")
    source_unit_code: Mapped[str] = mapped_column(sa.String(18), default="")
    remarks: Mapped[str] = mapped_column(sa.Text, default="")  # 备注

    # 办理 and 公示
    state: Mapped[str] = mapped_column(sa.String(10), default="草稿", index=True)
    imported: Mapped[bool] = mapped_column(default=False)
    import_source: Mapped[str] = mapped_column(sa.String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account.id"))
    published_on: Mapped[dt.date | None] = mapped_column()
    withdrawn_on: Mapped[dt.date | None] = mapped_column()
    withdraw_reason: Mapped[str] = mapped_column(sa.Text, default="")
    masks: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    body: Mapped[Body] = relationship()
