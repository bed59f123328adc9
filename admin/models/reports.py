"""政府信息公开年度报告: what the annual report needs and no other record holds (条例 Art 50)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admin.domain.rule_of_law import content_slug
from admin.models.bodies import Body
from admin.models.common import utcnow
from admin.models.db import db


def _zeros() -> list[int]:
    return [0] * 15


class AnnualReport(db.Model):
    __tablename__ = "annual_report"
    __table_args__ = (sa.UniqueConstraint("body_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    year: Mapped[int] = mapped_column()
    licensing_decisions: Mapped[int] = mapped_column(default=0)  # 行政许可 本年处理决定数量
    coercion_decisions: Mapped[int] = mapped_column(default=0)  # 行政强制 本年处理决定数量
    fees_fen: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # 行政事业性收费, in 分
    #: Table 四: 行政复议, 未经复议直接起诉, 复议后起诉 × 维持, 纠正, 其他, 尚未审结, 总计.
    table4: Mapped[list[int]] = mapped_column(sa.JSON, default=_zeros)
    #: 上年结转 per applicant column as last year's report stated it, for the first year
    #: kept in gongshi (requests registered before are not in the database); None: computed.
    carried_over: Mapped[list[int] | None] = mapped_column(sa.JSON)
    section1_md: Mapped[str] = mapped_column(sa.Text, default="")  # 一、总体情况
    section5_md: Mapped[str] = mapped_column(sa.Text, default="")  # 五、存在的主要问题及改进情况
    section6_md: Mapped[str] = mapped_column(sa.Text, default="")  # 六、其他需要报告的事项
    published_on: Mapped[dt.date | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    body: Mapped[Body] = relationship()

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


class RuleOfLawReport(db.Model):
    """法治政府建设年度报告 of one body and year (docs/rule-of-law-report.md).

    A record of the one workflow (draft → 待法制审核 → 审核通过 → 已公示 → 已撤回); the
    sections are the administrator's Markdown, the figures are generated and frozen into
    ``statistics`` when it is published.
    """

    __tablename__ = "rule_of_law_report"
    __table_args__ = (sa.UniqueConstraint("body_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    year: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(200))
    section1_md: Mapped[str] = mapped_column(sa.Text, default="")  # 一、主要举措和成效
    section2_md: Mapped[str] = mapped_column(sa.Text, default="")  # 二、存在的不足和原因
    section3_md: Mapped[str] = mapped_column(sa.Text, default="")  # 三、第一责任人职责
    section4_md: Mapped[str] = mapped_column(sa.Text, default="")  # 四、下一年度工作安排
    section5_md: Mapped[str] = mapped_column(sa.Text, default="")  # 五、其他需要报告的事项
    #: The figures as published (admin.domain.rule_of_law.to_front_matter); None before.
    statistics: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    state: Mapped[str] = mapped_column(sa.String(10), default="草稿", index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account.id"))
    published_on: Mapped[dt.date | None] = mapped_column()
    withdrawn_on: Mapped[dt.date | None] = mapped_column()
    withdraw_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    body: Mapped[Body] = relationship()

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}

    @property
    def slug(self) -> str:
        """Return the content file's name: ``content/reports/<yyyy>-rule-of-law.md``."""
        return content_slug(self.year)
