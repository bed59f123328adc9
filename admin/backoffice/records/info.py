"""政府信息: list, create and edit (publishing lives on the detail page)."""

from __future__ import annotations

from typing import Any, ClassVar

import sqlalchemy as sa
from flask import Blueprint, g
from flask_wtf import FlaskForm

from admin.backoffice.records import formsupport as fs
from admin.backoffice.records.forms import InfoForm
from admin.backoffice.records.kinds import RecordType
from admin.backoffice.records.listing import choice_filter, year_filter
from admin.backoffice.records.scope import enforcement_subject_of, visible_bodies
from admin.backoffice.records.views import register_views
from admin.domain import vocab
from admin.domain.validation import FieldError, validate_info_item
from admin.models import InfoItem
from admin.models.db import db

bp = Blueprint("info", __name__, url_prefix="/info")

M = InfoItem


class Info(RecordType):
    dataset = "info"
    record = "info"
    model = InfoItem
    title = "政府信息"
    form_class = InfoForm
    has_state = True
    text_fields = ("index_no", "title", "topic", "publisher", "doc_no", "validity")
    text_fields += ("summary", "body_md", "project", "project_stage")
    date_fields = ("written_on", "issued_on", "repealed_on")
    # 规范性文件 with 制发/废止 dates feed table 二 of the annual report (LAW.md §7).
    bool_fields = ("is_normative",)
    fields = (*text_fields, *date_fields, *bool_fields)
    markdown = ("body_md",)
    layout: ClassVar = [
        ("所属主体", ["body_id"]),
        ("目录信息", ["index_no", "title", "topic", "publisher", "doc_no", "written_on"]),
        ("内容", ["validity", "summary", "body_md"]),
        ("规范性文件", ["is_normative", "issued_on", "repealed_on"]),
        ("重大建设项目", ["project", "project_stage"]),
    ]
    hints: ClassVar = {
        "index_no": "格式：统一社会信用代码/年份-五位序号，例如 11640521MB1234567X/2026-00001。",
        "written_on": "不能晚于今天。",
        "is_normative": "规范性文件计入年度报告表二（制发、废止、现行有效件数）。",
        "issued_on": "规范性文件的制发日期。",
        "repealed_on": "已废止的规范性文件填写废止日期。",
        "body_md": "可使用 Markdown 格式（标题、列表、表格）；点击「预览正文」查看效果。",
        "project": "属于重大建设项目的信息填写项目全称，同一项目的各条信息须完全一致；"
        "其他信息留空。",
        "project_stage": "国办发〔2017〕94号所列八类信息之一，与项目名称同时填写。",
    }
    columns: ClassVar = [
        ("标题", lambda r: r.title),
        ("索引号", lambda r: r.index_no),
        ("主题分类", lambda r: r.topic),
        ("成文日期", lambda r: r.written_on or ""),
    ]
    filters: ClassVar = [
        choice_filter("state", "状态", M.state, vocab.SECOND_EYES_STATES),
        year_filter(M.written_on),
        choice_filter("topic", "主题分类", M.topic, vocab.INFO_TOPICS),
    ]
    order = (M.written_on.desc(), M.id.desc())

    def defaults(self, form: FlaskForm) -> dict[str, str]:
        bodies = visible_bodies(db.session, g.user)
        form.validity.data = "有效"
        if bodies:
            subject = enforcement_subject_of(bodies[0])
            form.publisher.data = subject.name
            if subject.credit_code:
                year = fs.today().year
                form.index_no.data = suggest_index_no(subject.credit_code, year)
                return {"index_no": f"已建议下一个索引号：{form.index_no.data}"}
        return {}

    def convert(
        self, form: FlaskForm, values: dict[str, Any], errors: list, record: Any | None
    ) -> None:
        # 「竣工」 and 「竣工有关信息」 name one category: store 94号's spelling.
        values["project_stage"] = vocab.project_stage(values["project_stage"])

    def validate(self, values: dict[str, Any], record: Any | None) -> list[FieldError]:
        errors = validate_info_item(values, today=fs.today())
        if not any(e.field == "index_no" for e in errors):
            taken = sa.select(M.id).where(M.index_no == values["index_no"])
            if record is not None:
                taken = taken.where(M.id != record.id)
            if db.session.scalar(taken.limit(1)) is not None:
                label = self.labels["index_no"]
                message = f"{label}：{values['index_no']} 已被另一条信息使用"
                errors.append(FieldError("index_no", label, message))
        return errors

    def slug_prefix(self, values: dict[str, Any]) -> str:
        written = values.get("written_on")
        return str(written.year if written else fs.today().year)


def suggest_index_no(code: str, year: int) -> str:
    """Return the 索引号 after the highest one of ``code`` and ``year``."""
    prefix = f"{code}/{year}-"
    taken = db.session.scalars(sa.select(M.index_no).where(M.index_no.startswith(prefix)))
    serials = [int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:05d}"


register_views(bp, Info())
