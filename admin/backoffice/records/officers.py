"""执法人员 and 辅助人员: list, create and edit."""

from __future__ import annotations

from typing import Any, ClassVar

from flask import Blueprint
from flask_wtf import FlaskForm

from admin.backoffice.records import formsupport as fs
from admin.backoffice.records.forms import OfficerForm
from admin.backoffice.records.kinds import RecordType
from admin.backoffice.records.listing import choice_filter
from admin.backoffice.records.views import register_views
from admin.domain import vocab
from admin.domain.validation import FieldError, validate_officer
from admin.models import Officer

bp = Blueprint("officers", __name__, url_prefix="/officers")

M = Officer


class Officers(RecordType):
    dataset = "officers"
    record = "officer"
    model = Officer
    title = "执法人员"
    form_class = OfficerForm
    text_fields = ("name", "staff_kind", "certificate_no", "category", "area", "status")
    text_fields += ("id_number", "phone")
    fields = text_fields
    private = frozenset({"id_number", "phone"})
    layout: ClassVar = [
        ("所属主体", ["body_id"]),
        ("公开信息", ["name", "staff_kind", "certificate_no", "category", "area", "status"]),
        ("内部信息（不公开）", ["id_number", "phone"]),
    ]
    hints: ClassVar = {
        "staff_kind": "没有执法证的人员请选「辅助人员」，他们不能单独执法，也不会公示。",
        "certificate_no": "执法人员必须填写执法证号；辅助人员不填。",
        "id_number": "只用于内部核对，不会公开。",
    }
    columns: ClassVar = [
        ("姓名", lambda r: r.name),
        ("人员类别", lambda r: r.staff_kind),
        ("执法证号", lambda r: r.certificate_no),
        ("执法类别", lambda r: r.category),
        ("在岗状态", lambda r: r.status),
    ]
    filters: ClassVar = [
        choice_filter("kind", "人员类别", M.staff_kind, vocab.STAFF_KINDS),
        choice_filter("status", "在岗状态", M.status, vocab.OFFICER_STATUSES),
    ]
    order = (M.created_at.desc(), M.id.desc())

    def defaults(self, form: FlaskForm) -> dict[str, str]:
        form.staff_kind.data, form.status.data = "执法人员", "在岗"
        return {}

    def validate(self, values: dict[str, Any], record: Any | None) -> list[FieldError]:
        return validate_officer(values, today=fs.today())

    def slug_prefix(self, values: dict[str, Any]) -> str:
        return "officer"  # as the demo's: a person's page is never named after them


register_views(bp, Officers())
