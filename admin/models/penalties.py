"""行政处罚决定 with every 双公示 field (LAW.md §6), and its 法制审核 reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admin.models.bodies import Body
from admin.models.common import RecordMixin, utcnow
from admin.models.db import db
from admin.models.items import EnforcementItem
from admin.models.officers import Officer

decision_officers = sa.Table(
    "decision_officer",
    db.metadata,
    sa.Column("decision_id", sa.ForeignKey("penalty_decision.id"), primary_key=True),
    sa.Column("officer_id", sa.ForeignKey("officer.id"), primary_key=True),
)


class PenaltyDecision(RecordMixin, db.Model):
    # The back-office list: its count, page of ids and year options, also by state (0010).
    __table_args__ = (
        sa.Index("ix_penalty_decision_body_date", "body_id", "decision_date"),
        sa.Index("ix_penalty_decision_body_state_date", "body_id", "state", "decision_date"),
        # The 工作台's clocks (admin.store.dashboard): own decisions still open or
        # published lately, decisions withdrawn lately or changed and not withdrawn (0012).
        sa.Index("ix_penalty_decision_imported_state", "imported", "state"),
        sa.Index("ix_penalty_decision_imported_published", "imported", "published_on"),
        sa.Index("ix_penalty_decision_withdrawn_changed", "withdrawn_on", "changed_on"),
    )

    # 行政相对人
    party_kind: Mapped[str] = mapped_column(sa.String(20))  # vocab.PARTY_KINDS
    party_name: Mapped[str] = mapped_column(sa.String(200))
    party_credit_code: Mapped[str] = mapped_column(sa.String(18), default="")  # 代码_1
    party_reg_no: Mapped[str] = mapped_column(sa.String(50), default="")  # 代码_2 工商注册号
    party_org_code: Mapped[str] = mapped_column(sa.String(50), default="")  # 代码_3 组织机构代码
    party_tax_no: Mapped[str] = mapped_column(sa.String(50), default="")  # 代码_4 税务登记号
    party_institution_no: Mapped[str] = mapped_column(sa.String(50), default="")  # 代码_5
    party_social_org_no: Mapped[str] = mapped_column(sa.String(50), default="")  # 代码_6
    legal_rep: Mapped[str] = mapped_column(sa.String(50), default="")  # 法定代表人
    legal_rep_id_type: Mapped[str] = mapped_column(sa.String(30), default="")
    legal_rep_id_number: Mapped[str] = mapped_column(sa.String(50), default="")  # private
    id_type: Mapped[str] = mapped_column(sa.String(30), default="")  # 证件类型 (natural person)
    id_number: Mapped[str] = mapped_column(sa.String(50), default="")  # private
    party_address: Mapped[str] = mapped_column(sa.String(300), default="")  # private
    party_phone: Mapped[str] = mapped_column(sa.String(30), default="")  # private
    #: Other natural persons the case names (witnesses, relatives): name, id_number, phone,
    #: role. Private; the masker uses them to find these people in free text.
    related_persons: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)

    # 决定
    decision_no: Mapped[str] = mapped_column(sa.String(100), unique=True)  # 决定书文号
    violation_type: Mapped[str] = mapped_column(sa.String(300))  # 违法行为类型
    facts: Mapped[str] = mapped_column(sa.Text)  # 违法事实 (Markdown)
    basis: Mapped[str] = mapped_column(sa.Text)  # 处罚依据
    kinds: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # 处罚类别
    content: Mapped[str] = mapped_column(sa.Text)  # 处罚内容
    fine_fen: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # 罚款金额, in 分
    confiscation_fen: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # 没收金额, in 分
    licence_info: Mapped[str] = mapped_column(sa.String(300), default="")  # 暂扣或吊销证照
    decision_date: Mapped[dt.date] = mapped_column(index=True)  # 处罚决定日期
    validity_until: Mapped[dt.date | None] = mapped_column()  # 处罚有效期
    publicity_until: Mapped[dt.date | None] = mapped_column()  # 公示截止期, fixed on publish
    authority: Mapped[str] = mapped_column(sa.String(200))  # 处罚机关
    authority_code: Mapped[str] = mapped_column(sa.String(18), default="")
    source_unit: Mapped[str] = mapped_column(sa.String(200), default="")  # 数据来源单位
    source_unit_code: Mapped[str] = mapped_column(sa.String(18), default="")
    remarks: Mapped[str] = mapped_column(sa.Text, default="")  # 备注

    # 办案
    procedure: Mapped[str] = mapped_column(sa.String(10))  # vocab.PROCEDURES
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("enforcement_item.id"))
    filed_date: Mapped[dt.date | None] = mapped_column()  # 立案日期
    review_required: Mapped[bool] = mapped_column(default=True)
    severity: Mapped[str] = mapped_column(sa.String(10), default="一般")  # vocab.SEVERITIES
    state: Mapped[str] = mapped_column(sa.String(10), default="草稿", index=True)
    imported: Mapped[bool] = mapped_column(default=False)
    import_source: Mapped[str] = mapped_column(sa.String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account.id"))

    # 公示 and after
    published_on: Mapped[dt.date | None] = mapped_column()
    changed_on: Mapped[dt.date | None] = mapped_column()  # 变更、撤销 etc. starts the 3-day clock
    withdrawn_on: Mapped[dt.date | None] = mapped_column()
    withdraw_reason: Mapped[str] = mapped_column(sa.Text, default="")
    repaired_on: Mapped[dt.date | None] = mapped_column()  # 信用修复
    repair_ref: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Manual masking decisions from the preview: {"mask": [...], "unmask": [...]}.
    masks: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    body: Mapped[Body] = relationship()
    item: Mapped[EnforcementItem | None] = relationship()
    officers: Mapped[list[Officer]] = relationship(secondary=decision_officers)
    reviews: Mapped[list[Review]] = relationship(
        back_populates="decision", order_by="Review.id", cascade="all, delete-orphan"
    )


class Review(db.Model):
    """A 法制审核 opinion, bound to the exact revision it judged."""

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(sa.ForeignKey("penalty_decision.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("account.id"))
    outcome: Mapped[str] = mapped_column(sa.String(10))  # vocab.REVIEW_OUTCOMES
    opinion: Mapped[str] = mapped_column(sa.Text)
    revision: Mapped[int] = mapped_column()  # the decision's version when reviewed
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    decision: Mapped[PenaltyDecision] = relationship(back_populates="reviews")
