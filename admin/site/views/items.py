"""执法事项清单: the catalogue by category, each item with basis, procedure and remedy."""

from __future__ import annotations

from flask import Blueprint

from admin.domain import vocab
from admin.site.views.helpers import PageMeta, current_site, render_page
from admin.site.views.records import find_or_404, show_record

bp = Blueprint("items", __name__, url_prefix="/items")
COLUMN = "执法事项清单"


@bp.get("/")
def index() -> str:
    """List the catalogue grouped by category, in the law's order of categories."""
    groups: dict[str, list] = {}
    for record in current_site().listed("items"):
        groups.setdefault(str(record.get("category")), []).append(record)
    order = {name: i for i, name in enumerate(vocab.ITEM_CATEGORIES)}
    ordered = sorted(groups.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    total = sum(len(records) for _, records in ordered)
    meta = PageMeta(title=COLUMN, column=COLUMN, description=f"行政执法事项清单，共{total}项")
    return render_page("items/index.html", meta, groups=ordered, total=total)


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    """Show one catalogue item."""
    record = find_or_404("items", slug)
    return show_record(
        record,
        "items/detail.html",
        column=COLUMN,
        description=f"{record.get('category')}事项：{record.get('name')}",
    )
