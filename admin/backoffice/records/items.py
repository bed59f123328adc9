"""执法事项 (权责清单): list, create and edit."""

from __future__ import annotations

from typing import Any, ClassVar

from flask import Blueprint

from admin.backoffice.records.forms import ItemForm
from admin.backoffice.records.kinds import RecordType
from admin.backoffice.records.listing import choice_filter
from admin.backoffice.records.views import register_views
from admin.domain import vocab
from admin.domain.catalogue import ITEM_SLUG_PREFIXES
from admin.domain.validation import FieldError, validate_item
from admin.models import EnforcementItem

bp = Blueprint("items", __name__, url_prefix="/items")

M = EnforcementItem
#: Slug prefix per category: a code, never a name (shared with the catalogue import).
CATEGORY_CODES = ITEM_SLUG_PREFIXES


class Items(RecordType):
    dataset = "items"
    record = "item"
    model = EnforcementItem
    title = "执法事项"
    form_class = ItemForm
    text_fields = ("code", "name", "category", "legal_basis", "procedure", "time_limit")
    text_fields += ("remedy", "discretion")
    fields = text_fields
    layout: ClassVar = [
        ("所属主体", ["body_id"]),
        ("事项", ["code", "name", "category", "legal_basis", "time_limit"]),
        ("办理与救济", ["procedure", "remedy", "discretion"]),
    ]
    hints: ClassVar = {
        "code": "本级权责清单中的编码，例如 DZC-CF-001。",
        "legal_basis": "写明法律、法规名称及条款。",
    }
    columns: ClassVar = [
        ("事项名称", lambda r: r.name),
        ("事项编码", lambda r: r.code),
        ("事项类别", lambda r: r.category),
    ]
    filters: ClassVar = [choice_filter("category", "事项类别", M.category, vocab.ITEM_CATEGORIES)]
    order = (M.created_at.desc(), M.id.desc())

    def validate(self, values: dict[str, Any], record: Any | None) -> list[FieldError]:
        return validate_item(values)

    def slug_prefix(self, values: dict[str, Any]) -> str:
        return CATEGORY_CODES[values["category"]]


register_views(bp, Items())
