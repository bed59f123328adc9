"""检查结果: list, create and edit (publishing lives on the detail page)."""

from __future__ import annotations

from typing import Any, ClassVar

from flask import Blueprint, g
from flask_wtf import FlaskForm

from admin.backoffice.records import choices
from admin.backoffice.records import formsupport as fs
from admin.backoffice.records.forms import InspectionForm, options
from admin.backoffice.records.kinds import RecordType
from admin.backoffice.records.listing import choice_filter, year_filter
from admin.backoffice.records.views import register_views
from admin.domain import vocab
from admin.domain.validation import FieldError, validate_inspection
from admin.models import Inspection

bp = Blueprint("inspections", __name__, url_prefix="/inspections")

M = Inspection


class Inspections(RecordType):
    dataset = "inspections"
    record = "inspection"
    model = Inspection
    title = "检查结果"
    form_class = InspectionForm
    has_state = True
    text_fields = (
        "party_kind",
        "party_name",
        "party_credit_code",
        "party_address",
        "result",
        "findings",
        "follow_up",
    )
    date_fields = ("inspected_on",)
    fields = (*text_fields, *date_fields, "related_persons", "item_id", "officers")
    private = frozenset({"related_persons"})
    markdown = ("findings",)
    layout: ClassVar = [
        ("所属主体", ["body_id"]),
        ("被检查对象", ["party_kind", "party_name", "party_credit_code", "party_address"]),
        ("检查", ["inspected_on", "item_id", "officers", "result", "findings", "follow_up"]),
        ("其他涉案人员（不公开）", ["related_persons"]),
    ]
    hints: ClassVar = {
        "party_address": "法人及个体工商户的经营地址会公示；自然人的住址请不要填写。",
        "inspected_on": "不能晚于今天。",
        "officers": "行政检查须由两名以上持证执法人员实施。",
        "findings": "可使用 Markdown 格式；点击「预览正文」查看效果。",
        "follow_up": "检查结果为责令整改或立案查处时必须填写。",
        "related_persons": "每行一人：姓名,身份证号,电话,关系。",
    }
    columns: ClassVar = [
        ("被检查对象", lambda r: r.party_name),
        ("检查日期", lambda r: r.inspected_on),
        ("检查结果", lambda r: r.result),
    ]
    filters: ClassVar = [
        choice_filter("state", "状态", M.state, vocab.SECOND_EYES_STATES),
        year_filter(M.inspected_on),
        choice_filter("result", "检查结果", M.result, vocab.INSPECTION_RESULTS),
        choice_filter("kind", "对象类别", M.party_kind, vocab.PARTY_KINDS),
    ]
    order = (M.inspected_on.desc(), M.id.desc())

    def prepare(self, form: FlaskForm, record: Any | None) -> None:
        super().prepare(form, record)
        g.officer_choices = choices.officer_options(record.officers if record else ())
        form.officers.choices = options((str(o.id), o.name) for o in g.officer_choices)
        g.item_choices = choices.item_options("行政检查")
        if record is not None and record.item and record.item not in g.item_choices:
            g.item_choices.append(record.item)
        form.item_id.choices = options(
            [("", "（不选）")] + [(str(i.id), choices.item_label(i)) for i in g.item_choices]
        )

    def load(self, form: FlaskForm, record: Any) -> None:
        super().load(form, record)
        form.related_persons.data = fs.show_people(record.related_persons)
        form.item_id.data = str(record.item_id or "")
        form.officers.data = [str(o.id) for o in record.officers]

    def convert(
        self, form: FlaskForm, values: dict[str, Any], errors: list, record: Any | None
    ) -> None:
        labels = self.labels
        values["related_persons"] = fs.parse_people(
            form.related_persons.data or "", "related_persons", labels["related_persons"], errors
        )
        values["officers"] = choices.chosen_officers(form.officers.data or [], g.officer_choices)
        values["item_id"] = choices.chosen_item(
            form.item_id.data, g.item_choices, labels["item_id"], errors
        )

    def validate(self, values: dict[str, Any], record: Any | None) -> list[FieldError]:
        fields = {k: v for k, v in values.items() if k != "officers"}
        return validate_inspection(fields, today=fs.today(), officers=values["officers"])

    def slug_prefix(self, values: dict[str, Any]) -> str:
        return str(values["inspected_on"].year)


register_views(bp, Inspections())
