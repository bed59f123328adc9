"""政府信息: one item of the 政府信息公开目录 (条例 Art 12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admin.models.bodies import Body
from admin.models.common import RecordMixin
from admin.models.db import db


class InfoItem(RecordMixin, db.Model):
    # The back-office list: its count, page of ids and year options, also by state (0010).
    __table_args__ = (
        sa.Index("ix_info_item_body_date", "body_id", "written_on"),
        sa.Index("ix_info_item_body_state_date", "body_id", "state", "written_on"),
        # The 工作台's clocks: open records, and those published lately (0012).
        sa.Index("ix_info_item_state_published", "state", "published_on"),
    )

    index_no: Mapped[str] = mapped_column(sa.String(50), unique=True)  # 索引号
    title: Mapped[str] = mapped_column(sa.String(300))
    body_md: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    summary: Mapped[str] = mapped_column(sa.Text, default="")  # 内容概述
    topic: Mapped[str] = mapped_column(sa.String(50))  # 主题分类
    publisher: Mapped[str] = mapped_column(sa.String(200))  # 发布机构
    doc_no: Mapped[str] = mapped_column(sa.String(100), default="")  # 文号
    written_on: Mapped[dt.date | None] = mapped_column()  # 成文日期 (生成日期)
    published_on: Mapped[dt.date | None] = mapped_column()  # 发布日期
    validity: Mapped[str] = mapped_column(sa.String(10), default="有效")
    #: A 行政规范性文件, counted in table 二 of the annual report by its 制发/废止 dates.
    is_normative: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    issued_on: Mapped[dt.date | None] = mapped_column()  # 制发日期
    repealed_on: Mapped[dt.date | None] = mapped_column()  # 废止日期
    #: 重大建设项目 (docs/projects.md): the project's name and 94号 category, or both "".
    project: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    project_stage: Mapped[str] = mapped_column(sa.String(20), default="", server_default="")
    #: Attachments: [{"name": ..., "file": ...}] of files meant for publication.
    attachments: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    state: Mapped[str] = mapped_column(sa.String(10), default="草稿", index=True)
    withdrawn_on: Mapped[dt.date | None] = mapped_column()
    withdraw_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account.id"))
    masks: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    body: Mapped[Body] = relationship()
