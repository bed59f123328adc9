"""行政许可决定: list, create and edit; the 当前状态 change of a published licence.

Publishing, review (where LICENCE_REVIEW_REQUIRED asks for it), preview and withdrawal are
the workflow's, as for every record type (docs/licences.md).
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask import Blueprint, flash, g, redirect, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, TextAreaField

from admin.backoffice.access import roles_required
from admin.backoffice.records import formsupport as fs
from admin.backoffice.records.forms import RecordForm, options
from admin.backoffice.records.kinds import RecordType
from admin.backoffice.records.listing import choice_filter, year_filter
from admin.backoffice.records.views import register_views
from admin.domain import vocab
from admin.domain.dates import DateError, parse_day
from admin.domain.fields import FIELD_LABELS
from admin.domain.licence_columns import validate_licence
from admin.domain.validation import FieldError
from admin.models import Licence
from admin.models.db import db
from admin.publish import transaction as publishtx
from admin.publish.licences import change_status

bp = Blueprint("licences", __name__, url_prefix="/licences")

M = Licence
L = FIELD_LABELS["licence"]


def _select(label: str, values: tuple[str, ...], blank: str | None = None) -> SelectField:
    choices = ([("", blank)] if blank is not None else []) + [(v, v) for v in values]
    return SelectField(label, choices=options(choices), validate_choice=False)


class LicenceForm(RecordForm):
    party_kind = _select(L["party_kind"], vocab.PARTY_KINDS, blank="请选择")
    party_name = StringField(L["party_name"])
    party_credit_code = StringField(L["party_credit_code"])
    legal_rep = StringField(L["legal_rep"])
    legal_rep_id_type = _select(L["legal_rep_id_type"], vocab.ID_TYPES, blank="（不填）")
    legal_rep_id_number = StringField(L["legal_rep_id_number"])
    id_type = _select(L["id_type"], vocab.ID_TYPES, blank="（不填）")
    id_number = StringField(L["id_number"])
    party_address = StringField(L["party_address"])
    party_phone = StringField(L["party_phone"])
    related_persons = TextAreaField(L["related_persons"])
    doc_name = StringField(L["doc_name"])
    decision_no = StringField(L["decision_no"])
    licence_kind = _select(L["licence_kind"], vocab.LICENCE_KINDS, blank="请选择")
    certificate_name = StringField(L["certificate_name"])
    licence_no = StringField(L["licence_no"])
    content = TextAreaField(L["content"])
    decision_date = StringField(L["decision_date"])
    valid_from = StringField(L["valid_from"])
    valid_until = StringField(L["valid_until"])
    authority = StringField(L["authority"])
    authority_code = StringField(L["authority_code"])
    source_unit = StringField(L["source_unit"])
    source_unit_code = StringField(L["source_unit_code"])
    remarks = TextAreaField(L["remarks"])


class Licences(RecordType):
    dataset = "licences"
    record = "licence"
    model = Licence
    title = "行政许可决定"
    form_class = LicenceForm
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
        "doc_name",
        "decision_no",
        "licence_kind",
        "certificate_name",
        "licence_no",
        "content",
        "authority",
        "authority_code",
        "source_unit",
        "source_unit_code",
        "remarks",
    )
    date_fields = ("decision_date", "valid_from", "valid_until")
    fields = (*text_fields, *date_fields, "related_persons")
    private = frozenset(
        {
            "legal_rep_id_type",
            "legal_rep_id_number",
            "id_type",
            "id_number",
            "party_address",
            "party_phone",
            "related_persons",
        }
    )
    markdown = ("content",)
    layout: ClassVar = [
        ("所属主体", ["body_id"]),
        (
            "行政相对人",
            ["party_kind", "party_name", "party_credit_code", "legal_rep", "legal_rep_id_type"],
        ),
        (
            "证件与联系方式（不公开）",
            ["legal_rep_id_number", "id_type", "id_number", "party_address", "party_phone"],
        ),
        (
            "许可决定",
            ["doc_name", "decision_no", "licence_kind", "certificate_name", "licence_no"],
        ),
        ("许可内容", ["content", "decision_date", "valid_from", "valid_until"]),
        ("许可机关与数据来源", ["authority", "authority_code", "source_unit", "source_unit_code"]),
        ("其他", ["remarks", "related_persons"]),
    ]
    hints: ClassVar = {
        "party_name": "自然人公示时只显示姓氏（张某某）；组织显示全称。",
        "id_number": "自然人必须填写；不公开，只用于核对和遮蔽正文中的号码。",
        "content": "可使用 Markdown 格式；公示前会隐去个人信息，请在预览中核对。",
        "valid_until": "长期有效的可不填。",
        "related_persons": "每行一人：姓名,身份证号,电话,关系（不公开）。",
    }
    columns: ClassVar = [
        ("文书号", lambda r: r.decision_no),
        ("行政相对人", lambda r: r.party_name),
        ("许可类别", lambda r: r.licence_kind),
        ("许可决定日期", lambda r: r.decision_date),
        ("当前状态", lambda r: r.current_status),
    ]
    filters: ClassVar = [
        choice_filter("state", "状态", M.state, vocab.SECOND_EYES_STATES),
        year_filter(M.decision_date),
        choice_filter("kind", "许可类别", M.licence_kind, vocab.LICENCE_KINDS),
        choice_filter("status", "当前状态", M.current_status, vocab.LICENCE_STATUSES),
    ]
    order = (M.decision_date.desc(), M.id.desc())

    def load(self, form: FlaskForm, record: Any) -> None:
        super().load(form, record)
        form.related_persons.data = fs.show_people(record.related_persons)

    def convert(
        self, form: FlaskForm, values: dict[str, Any], errors: list, record: Any | None
    ) -> None:
        values["related_persons"] = fs.parse_people(
            form.related_persons.data or "",
            "related_persons",
            self.labels["related_persons"],
            errors,
        )

    def validate(self, values: dict[str, Any], record: Any | None) -> list[FieldError]:
        return validate_licence(values, today=fs.today())

    def slug_prefix(self, values: dict[str, Any]) -> str:
        return str(values["decision_date"].year)


register_views(bp, Licences())


@bp.post("/<int:record_id>/status")
@roles_required("officer")
def status(record_id: int) -> Response:
    """Change a published licence's 当前状态 (注销, 吊销 …) and republish its page."""
    kind = Licences()
    licence = kind.get_or_404(record_id)
    back = redirect(url_for("workflow.detail", dataset="licences", record_id=record_id))
    try:
        on = parse_day(request.form.get("status_date", ""), "状态变更日期")
        if on is None:
            raise DateError("状态变更日期：必须填写")
        if str(licence.version) != request.form.get("version", ""):
            raise DateError("版本：记录已被他人修改，请刷新后重试")
        with publishtx.all_or_nothing(db.session):
            change_status(
                db.session,
                licence,
                status=request.form.get("current_status", ""),
                on=on,
                actor=g.user.username,
                today=fs.today(),
                content_root=fs.content_root(),
            )
    except (DateError, publishtx.PublishError, publishtx.NotPlaced) as exc:
        db.session.rollback()
        flash(getattr(exc, "message", str(exc)), "error")
        return back
    except StaleDataError:
        db.session.rollback()
        flash("版本：记录已被他人修改，请刷新后重试", "error")
        return back
    flash(f"当前状态已改为{licence.current_status}，公示页面已更新", "success")
    return back
