"""执法主体 (and the governments above them): managed by administrators."""

from __future__ import annotations

from typing import Any, ClassVar

import sqlalchemy as sa
from flask import Blueprint, abort, g
from flask_wtf import FlaskForm

from admin.backoffice.records import formsupport as fs
from admin.backoffice.records.forms import SubjectForm, options
from admin.backoffice.records.kinds import RecordType
from admin.backoffice.records.listing import choice_filter
from admin.backoffice.records.scope import visible_body_ids
from admin.backoffice.records.views import register_views
from admin.domain import vocab
from admin.domain.slugs import is_valid_slug
from admin.domain.validation import FieldError, validate_subject
from admin.models import Body
from admin.models.db import db
from admin.store.accounts import give_bodies_to_accounts_without
from admin.store.slugs import allocate_slug

bp = Blueprint("subjects", __name__, url_prefix="/subjects")

M = Body


class Subjects(RecordType):
    dataset = "subjects"
    record = "subject"
    model = Body
    title = "执法主体"
    form_class = SubjectForm
    write_roles = ("admin",)
    create_only = ("slug",)
    text_fields = ("name", "short_name", "kind", "credit_code", "decision_prefix", "address")
    text_fields += ("phone", "legal_basis", "delegation_basis", "duties", "review_body", "court")
    bool_fields = ("is_enforcement_subject",)
    fields = (*text_fields, *bool_fields, "parent_id")
    markdown = ("duties",)
    layout: ClassVar = [
        ("名称", ["name", "short_name", "slug", "parent_id", "kind", "is_enforcement_subject"]),
        ("代码与文号", ["credit_code", "decision_prefix"]),
        ("联系方式", ["address", "phone"]),
        ("职权与职责", ["legal_basis", "delegation_basis", "duties"]),
        ("监督与救济", ["review_body", "court"]),
    ]
    hints: ClassVar = {
        "slug": (
            "网址中的英文标识：小写字母、数字和连字符，例如 dzc-gov；"
            "留空则自动分配，保存后不能修改。"
        ),
        "is_enforcement_subject": "内设机构（如综合执法办公室）以上级政府名义执法，不要勾选。",
        "credit_code": "执法主体必须填写 18 位统一社会信用代码。",
        "decision_prefix": "处罚决定书文号中的机关代字，例如 中宁大战场综执罚（不含年份和序号）。",
        "duties": "可使用 Markdown 格式；点击「预览正文」查看效果。",
    }
    columns: ClassVar = [
        ("名称", lambda r: r.name),
        ("主体类别", lambda r: r.kind),
        ("统一社会信用代码", lambda r: r.credit_code),
        ("上级机关", lambda r: r.parent.name if r.parent else ""),
    ]
    filters: ClassVar = [choice_filter("kind", "主体类别", M.kind, vocab.SUBJECT_KINDS)]
    order = (M.created_at.desc(), M.id.desc())

    def list_query(self) -> sa.Select:
        # Administrators manage every body (a new one belongs to no account yet).
        if g.user.has_role("admin"):
            return sa.select(M)
        return sa.select(M).where(M.id.in_(visible_body_ids(db.session, g.user)))

    def get_or_404(self, record_id: int) -> Any:
        record = db.session.get(M, record_id)
        if record is None or not (
            g.user.has_role("admin") or record.id in visible_body_ids(db.session, g.user)
        ):
            abort(404)
        return record

    def prepare(self, form: FlaskForm, record: Any | None) -> None:
        bodies = db.session.scalars(sa.select(M).order_by(M.id))
        g.parent_choices = [b for b in bodies if record is None or not _is_below(b, record)]
        form.parent_id.choices = options(
            [("", "（无，最上级）")] + [(str(b.id), b.name) for b in g.parent_choices]
        )

    def load(self, form: FlaskForm, record: Any) -> None:
        super().load(form, record)
        form.parent_id.data = str(record.parent_id or "")

    def defaults(self, form: FlaskForm) -> dict[str, str]:
        form.is_enforcement_subject.data = True
        return {}

    def convert(
        self, form: FlaskForm, values: dict[str, Any], errors: list, record: Any | None
    ) -> None:
        raw = fs.text_of(form.parent_id.data)
        allowed = {str(b.id) for b in g.parent_choices}
        values["parent_id"] = int(raw) if raw in allowed else None
        if raw and raw not in allowed:
            label = self.labels["parent_id"]
            errors.append(FieldError("parent_id", label, f"{label}：请从列表中选择"))
        if record is None:
            values["slug"] = fs.text_of(form.slug.data).lower()

    def validate(self, values: dict[str, Any], record: Any | None) -> list[FieldError]:
        errors = validate_subject(values)
        slug = values.get("slug")
        if slug:
            label = self.labels["slug"]
            if not is_valid_slug(slug):
                message = f"{label}：只能用小写字母、数字和连字符，例如 dzc-gov"
                errors.append(FieldError("slug", label, message))
            elif db.session.scalar(sa.select(M.id).where(M.slug == slug)) is not None:
                errors.append(FieldError("slug", label, f"{label}：{slug} 已被使用"))
        return errors

    def created(self, record: Any) -> None:
        if record.parent_id is None:
            # Accounts made before any body get the top-level bodies as they appear (#16).
            give_bodies_to_accounts_without(db.session, [record], actor=g.user.username)

    def new_slug(self, values: dict[str, Any]) -> str:
        if values.get("slug"):
            return values["slug"]
        folder = fs.content_root() / self.dataset
        return allocate_slug(db.session, M, "subject", content_folder=folder)


def _is_below(body: Body, record: Body) -> bool:
    """Whether ``body`` is ``record`` or under it (a body can't be its own ancestor)."""
    current: Body | None = body
    while current is not None:
        if current.id == record.id:
            return True
        current = current.parent
    return False


register_views(bp, Subjects())
