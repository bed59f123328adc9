"""行政处罚决定: list, create and edit (the workflow lives on the detail page)."""

from __future__ import annotations

from typing import Any, ClassVar

import sqlalchemy as sa
from flask import Blueprint, current_app, g
from flask_wtf import FlaskForm

from admin.backoffice.records import choices
from admin.backoffice.records import formsupport as fs
from admin.backoffice.records.forms import PenaltyForm, options
from admin.backoffice.records.kinds import RecordType
from admin.backoffice.records.listing import choice_filter, year_filter
from admin.backoffice.records.scope import enforcement_subject_of, visible_bodies
from admin.backoffice.records.views import register_views
from admin.domain import vocab
from admin.domain.decision_no import normalise_decision_no, suggest_next_decision_no
from admin.domain.money import format_yuan
from admin.domain.sourceunit import source_unit_of
from admin.domain.validation import FieldError, validate_penalty
from admin.domain.workflow import policy_requires_review
from admin.models import Body, PenaltyDecision
from admin.models.db import db

bp = Blueprint("penalties", __name__, url_prefix="/penalties")

M = PenaltyDecision


class Penalties(RecordType):
    dataset = "penalties"
    record = "penalty"
    model = PenaltyDecision
    title = "行政处罚决定"
    form_class = PenaltyForm
    has_state = True
    text_fields = (
        "party_kind",
        "party_name",
        "party_credit_code",
        "legal_rep",
        "legal_rep_id_type",
        "legal_rep_id_number",
        "id_type",
        "id_number",
        "party_address",
        "party_phone",
        "decision_no",
        "violation_type",
        "facts",
        "basis",
        "content",
        "authority",
        "authority_code",
        "source_unit",
        "source_unit_code",
        "procedure",
        "severity",
        "remarks",
    )
    date_fields = ("filed_date", "decision_date", "validity_until")
    bool_fields = ("review_required",)
    fields = (
        *text_fields,
        *date_fields,
        *bool_fields,
        "related_persons",
        "kinds",
        "fine_fen",
        "confiscation_fen",
        "item_id",
        "officers",
    )
    private = frozenset(
        {"id_number", "legal_rep_id_number", "party_address", "party_phone", "related_persons"}
    )
    markdown = ("facts",)
    error_fields: ClassVar = {"fine_fen": "fine_yuan", "confiscation_fen": "confiscation_yuan"}
    layout: ClassVar = [
        ("所属主体", ["body_id"]),
        ("行政相对人", ["party_kind", "party_name", "party_credit_code", "legal_rep"]),
        ("法人的法定代表人证件（不公开）", ["legal_rep_id_type", "legal_rep_id_number"]),
        ("自然人的证件（不公开）", ["id_type", "id_number"]),
        ("联系方式与其他涉案人员（不公开）", ["party_address", "party_phone", "related_persons"]),
        ("处罚决定", ["decision_no", "decision_date", "violation_type", "facts", "basis"]),
        ("处罚种类与金额", ["kinds", "content", "fine_yuan", "confiscation_yuan"]),
        (
            "处罚机关与数据来源单位",
            [
                "authority",
                "authority_code",
                "source_unit",
                "source_unit_code",
                "validity_until",
                "remarks",
            ],
        ),
        (
            "办案信息",
            ["procedure", "severity", "filed_date", "item_id", "officers", "review_required"],
        ),
    ]
    hints: ClassVar = {
        "party_kind": "个体工商户请选「个体工商户」；自然人的姓名公示时会自动遮蔽为「张某某」。",
        "party_credit_code": "法人及非法人组织必须填写，18 位。",
        "id_type": "自然人必须填写。证件号码只用于内部核对，不会公开。",
        "party_address": "自然人的住址不公开；法人填写登记住所。",
        "related_persons": "每行一人：姓名,身份证号,电话,关系。例如：李四,,13800000000,证人",
        "decision_no": (
            "格式：机关代字〔年份〕序号号，例如 中宁大战场综执罚〔2021〕15号；"
            "年份须与决定日期一致。"
        ),
        "facts": "可使用 Markdown 格式（如 **加粗**、列表）；点击「预览正文」查看效果。",
        "kinds": "可多选。乡镇人民政府不能作出行政拘留。",
        "fine_yuan": "单位：元（不是万元），例如 3000 或 356.50。",
        "confiscation_yuan": "单位：元，没有则留空。",
        "decision_date": "不能晚于今天。",
        "source_unit": "报送信用平台的单位，通常就是处罚机关；留空时按处罚机关填写。",
        "source_unit_code": "信用平台必填；留空且数据来源单位为处罚机关时，按处罚机关的代码填写。",
        "procedure": "简易程序只适用于警告和小额罚款（公民 200 元、法人 3000 元以下）。",
        "officers": "普通程序须选择两名以上持证执法人员。",
        "review_required": "按规定须审核的决定（默认所有普通程序）会自动勾选，不能取消。",
    }
    columns: ClassVar = [
        ("决定书文号", lambda d: d.decision_no),
        ("行政相对人", lambda d: d.party_name),
        ("违法行为类型", lambda d: d.violation_type),
        ("处罚类别", lambda d: "、".join(d.kinds or [])),
        ("罚款金额", lambda d: format_yuan(d.fine_fen) if d.fine_fen else ""),
        ("决定日期", lambda d: d.decision_date),
    ]
    filters: ClassVar = [
        choice_filter("state", "状态", M.state, vocab.DECISION_STATES),
        year_filter(M.decision_date),
        choice_filter("kind", "相对人类别", M.party_kind, vocab.PARTY_KINDS),
        choice_filter("procedure", "程序", M.procedure, vocab.PROCEDURES),
    ]
    order = (M.decision_date.desc(), M.id.desc())

    def prepare(self, form: FlaskForm, record: Any | None) -> None:
        super().prepare(form, record)
        allowed = [k for k in vocab.PENALTY_KINDS if k not in vocab.KINDS_REFUSED_FOR_TOWNSHIP]
        form.kinds.choices = options((kind, kind) for kind in allowed)
        g.officer_choices = choices.officer_options(record.officers if record else ())
        form.officers.choices = options((str(o.id), o.name) for o in g.officer_choices)
        g.item_choices = choices.item_options("行政处罚")
        if record is not None and record.item and record.item not in g.item_choices:
            g.item_choices.append(record.item)
        form.item_id.choices = options(
            [("", "（不选）")] + [(str(i.id), choices.item_label(i)) for i in g.item_choices]
        )

    def defaults(self, form: FlaskForm) -> dict[str, str]:
        bodies = visible_bodies(db.session, g.user)
        form.severity.data = "一般"
        form.review_required.data = True
        if not bodies:
            return {}
        body = bodies[0]
        subject = enforcement_subject_of(body)
        form.authority.data = form.source_unit.data = subject.name
        form.authority_code.data = form.source_unit_code.data = subject.credit_code
        suggested = suggest_decision_no(body, fs.today().year)
        if not suggested:
            return {}
        form.decision_no.data = suggested
        return {"decision_no": f"已按本年度已用文号建议下一个文号：{suggested}"}

    def load(self, form: FlaskForm, record: Any) -> None:
        super().load(form, record)
        form.kinds.data = list(record.kinds or [])
        form.fine_yuan.data = fs.show_yuan(record.fine_fen)
        form.confiscation_yuan.data = fs.show_yuan(record.confiscation_fen)
        form.related_persons.data = fs.show_people(record.related_persons)
        form.item_id.data = str(record.item_id or "")
        form.officers.data = [str(o.id) for o in record.officers]

    def convert(
        self, form: FlaskForm, values: dict[str, Any], errors: list, record: Any | None
    ) -> None:
        labels = self.labels
        values["decision_no"] = normalise_decision_no(values["decision_no"])
        # The credit platform requires both; the 处罚机关 reports its own decisions.
        values["source_unit"], values["source_unit_code"] = source_unit_of(values)
        values["kinds"] = [str(kind) for kind in form.kinds.data or []]
        for field, form_field in self.error_fields.items():
            raw = fs.text_of(form[form_field].data)
            values[field] = fs.parse_yuan(raw, field, labels[field], errors)
        values["related_persons"] = fs.parse_people(
            form.related_persons.data or "", "related_persons", labels["related_persons"], errors
        )
        values["officers"] = choices.chosen_officers(form.officers.data or [], g.officer_choices)
        values["item_id"] = choices.chosen_item(
            form.item_id.data, g.item_choices, labels["item_id"], errors
        )
        # 法制审核 required by the setting cannot be waived on the form (LAW.md §2).
        policy = current_app.config["GONGSHI"]["REVIEW_REQUIRED_FOR"]
        if policy_requires_review(values["procedure"], policy):
            values["review_required"] = True

    def validate(self, values: dict[str, Any], record: Any | None) -> list[FieldError]:
        fields = {k: v for k, v in values.items() if k != "officers"}
        errors = validate_penalty(fields, today=fs.today(), officers=values["officers"])
        if not any(e.field == "decision_no" for e in errors) and values["decision_no"]:
            taken = sa.select(M.id).where(M.decision_no == values["decision_no"])
            if record is not None:
                taken = taken.where(M.id != record.id)
            if db.session.scalar(taken.limit(1)) is not None:
                label = self.labels["decision_no"]
                message = f"{label}：{values['decision_no']} 已被另一份决定使用，请核对"
                errors.append(FieldError("decision_no", label, message))
        return errors

    def slug_prefix(self, values: dict[str, Any]) -> str:
        return str(values["decision_date"].year)


def suggest_decision_no(body: Body, year: int) -> str:
    """Return the next free 文号 of ``body``'s prefix in ``year``, '' without a prefix."""
    prefix = body.decision_prefix or enforcement_subject_of(body).decision_prefix
    if not prefix:
        return ""
    taken = db.session.scalars(sa.select(M.decision_no).where(M.decision_no.contains(f"{year}")))
    return suggest_next_decision_no(prefix, year, taken)


register_views(bp, Penalties())
